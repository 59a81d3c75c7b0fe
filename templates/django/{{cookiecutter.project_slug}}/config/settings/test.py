"""Settings for the test suite (pytest-django): fast, isolated and independent of `.env` secrets."""

from .base import *  # noqa: F403

# A fixed key: tests need one, and nothing signed with it leaves the test run.
SECRET_KEY = "test-only-key-not-used-outside-the-test-suite"  # noqa: S105  # nosec B105
DEBUG = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Serve static files from their source folders without needing `collectstatic` first.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
{%- if cookiecutter.use_celery %}

# Run tasks in-process and raise their errors, so tests need no broker or worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"
{%- endif %}
