"""Settings shared by every environment, read from the environment (12-factor).

Values come from environment variables; for local development they are read from the
git-ignored `.env` file, which never overrides a variable already set.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env")

PROJECT_NAME = {{ cookiecutter.project_name | pystr }}
PROJECT_DESCRIPTION = {{ cookiecutter.description | pystr }}
PROJECT_VERSION = {{ cookiecutter.version | pystr }}

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Applications

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
{%- if cookiecutter.use_drf %}
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
{%- endif %}
    "{{ cookiecutter.project_slug }}.users",
{%- if cookiecutter.frontend == "html" %}
    "{{ cookiecutter.project_slug }}.pages",
{%- endif %}
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
{%- if cookiecutter.frontend == "html" %}
        "DIRS": [BASE_DIR / "templates"],
{%- else %}
        "DIRS": [],
{%- endif %}
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
{%- if cookiecutter.__account_api %}
    # Sign-up and token requests are limited per client address, against password guessing.
    # The default cache is per process: configure a shared cache (CACHES) to limit across workers.
    "DEFAULT_THROTTLE_RATES": {"auth": "10/minute"},
{%- endif %}
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
}
{%- endif %}
{%- if cookiecutter.use_celery %}

# Celery: the broker and the result backend are the Redis at REDIS_URL.

REDIS_URL = env("REDIS_URL", default="redis://localhost:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
{%- endif %}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
