"""Settings for deployment behind an HTTPS proxy: `DJANGO_SETTINGS_MODULE=config.settings.production`.

Every secret and host comes from the environment; startup fails without them.
`python manage.py check --deploy --fail-level WARNING` passes with these settings.
"""

import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
{%- if cookiecutter.use_celery %}
from sentry_sdk.integrations.celery import CeleryIntegration
{%- endif %}
from sentry_sdk.integrations.django import DjangoIntegration

from .base import *  # noqa: F403
from .base import DATABASES, PROJECT_VERSION, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY to a random value of at least 50 characters, e.g. the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# One proxy (the HTTPS one) in front by default.
NUM_PROXIES = env.int("DJANGO_NUM_PROXIES", default=1)

DATABASES = {
    "default": {
        **DATABASES["default"],
        "CONN_MAX_AGE": env.int("DJANGO_CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    },
}

# Redis, shared by every web process: the log-in limits count there across processes and servers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
    },
}

# HTTPS: the proxy in front terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Health checks may come over plain HTTP from inside the network (load balancer, container).
SECURE_REDIRECT_EXEMPT = [r"^health/"]
# HSTS makes browsers use HTTPS only, for this many seconds. An hour by default, so that a mistake
# (a subdomain still on plain HTTP) is undone within the hour; raise it once every host serves HTTPS
# (a year: 31536000). Preload lists cannot be left quickly: opt in deliberately (see the README).
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# check --deploy warns until preload is on (security.W021); it is off on purpose, see above.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# Static files: compressed, with content hashes in their names, collected by `collectstatic`.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email through SMTP.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=True)

# Error reporting to Sentry, only when SENTRY_DSN is set. No personal data is sent unless you opt in
# (send_default_pii); SENTRY_TRACES_SAMPLE_RATE (0 to 1) turns on performance tracing.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(){% if cookiecutter.use_celery %}, CeleryIntegration(){% endif %}],
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=PROJECT_VERSION,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )
