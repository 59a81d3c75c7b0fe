"""Settings shared by every environment, read from the environment (12-factor).

Values come from environment variables; for local development they are read from the
git-ignored `.env` file, which never overrides a variable already set.
"""

from email.utils import getaddresses
from pathlib import Path

import environ
{%- if cookiecutter.use_celery %}
from celery.schedules import crontab
{%- endif %}
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env")

PROJECT_NAME = {{ cookiecutter.project_name | pystr }}
PROJECT_DESCRIPTION = {{ cookiecutter.description | pystr }}
PROJECT_VERSION = {{ cookiecutter.version | pystr }}

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# How many proxies in front add themselves to X-Forwarded-For: the client's address, which the
# log-in limits count, is the one the outermost trusted proxy saw (see users/throttle.py).
NUM_PROXIES = env.int("DJANGO_NUM_PROXIES", default=0)
# Who receives an email for each server error: DJANGO_ADMINS="Ada <ada@example.com>,bob@example.com".
ADMINS = getaddresses(env.list("DJANGO_ADMINS", default=[]))

# Applications

INSTALLED_APPS = [
    "config.apps.ProjectAdminConfig",  # django.contrib.admin, with the project's own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
{%- if cookiecutter.frontend == "html" %}
    "django.forms",  # the form widgets' templates, for FORM_RENDERER below
{%- endif %}
{%- if cookiecutter.use_drf %}
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from this site
{%- endif %}
    "{{ cookiecutter.project_slug }}.users",
{%- if cookiecutter.frontend == "html" %}
    "{{ cookiecutter.project_slug }}.pages",
{%- endif %}
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# The admin lives at a configurable address, away from the default that scanners try.
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
{%- if cookiecutter.frontend == "html" %}
                "{{ cookiecutter.project_slug }}.context_processors.project",
{%- endif %}
            ],
        },
    },
]
{%- if cookiecutter.frontend == "html" %}

# Forms render through templates/forms/ (see {{ cookiecutter.project_slug }}/pages/forms.py).
FORM_RENDERER = "{{ cookiecutter.project_slug }}.pages.forms.FormRenderer"
# A form sent without its CSRF token gets a page in the site's layout.
CSRF_FAILURE_VIEW = "{{ cookiecutter.project_slug }}.pages.errors.csrf_failure"
{%- endif %}

# Database: DATABASE_URL, e.g. {% if cookiecutter.database == "postgresql" %}postgres://user:password@host:5432/name{% else %}sqlite:///db.sqlite3{% endif %}

DATABASES = {
{%- if cookiecutter.database == "postgresql" %}
    "default": env.db(
        "DATABASE_URL",
        default="postgres://localhost:5432/{{ cookiecutter.project_slug }}",
    ),
{%- else %}
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
{%- endif %}
}
# Requests are not wrapped in a transaction (ATOMIC_REQUESTS): pages that only read would pay for
# one. Views that write several rows, or write and then enqueue work, use transaction.atomic().
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Users and authentication

AUTH_USER_MODEL = "users.User"
{%- if cookiecutter.__account_pages %}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
{%- endif %}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The default cache: memory of this one process here (runserver, tests). Production sets Redis, so
# that every web process shares what is cached there, such as the log-in limits' counts.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Security headers, sent with every response. Production adds HTTPS, HSTS and secure cookies.
# Content-Security-Policy (django-csp): scripts, styles, images and fonts come from this site only,
# and no page may run inline code or be framed; relax one view with csp.decorators.csp_update.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Internationalization

LANGUAGE_CODE = "en-us"
TIME_ZONE = {{ cookiecutter.timezone | pystr }}
USE_I18N = True
USE_TZ = True

# Static files, served by WhiteNoise

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
{%- if cookiecutter.frontend == "html" %}
STATICFILES_DIRS = [BASE_DIR / "static"]
{%- endif %}
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"

# Email: the backend is chosen per environment; the addresses are shared.

DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = env("DJANGO_SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = 10
{%- if cookiecutter.use_drf %}

# Django REST Framework: /api/v1/, documented by drf-spectacular

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
{%- if cookiecutter.frontend == "api" %}
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
{%- endif %}
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": PROJECT_NAME,
    "DESCRIPTION": PROJECT_DESCRIPTION,
    "VERSION": PROJECT_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # The docs page loads Swagger UI from this site's static files: it works offline and under the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
{%- endif %}
{%- if cookiecutter.use_celery %}

# Celery: the broker and the result backend are the Redis at REDIS_URL. Run a worker (and beat, the
# scheduler, once per deployment) beside the web processes; see config/celery.py.

REDIS_URL = env("REDIS_URL", default="redis://localhost:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task is acknowledged once it has run, not when a worker takes it: when a worker dies mid-task
# (a deploy, out of memory) another runs it again. Tasks are therefore written to be safe to rerun.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# One task at a time per worker process: long tasks do not hold back short ones queued behind.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# Redis hands an unacknowledged task to another worker after this long: above any task's run
# time and any retry's countdown.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
# Celery logs through LOGGING below instead of replacing the root logger's handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
# Scheduled work, run by `celery -A config beat` (or `worker --beat` in development).
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "config.celery.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
}
{%- endif %}

# Logs go to standard output, as text or, with DJANGO_LOG_JSON=True, one JSON object per line for
# a log collector. Django also emails ADMINS about server errors when DEBUG is off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.logs.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if env.bool("DJANGO_LOG_JSON", default=False) else "plain",
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
