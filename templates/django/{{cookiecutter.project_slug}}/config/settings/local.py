"""Settings for development on your machine: `python manage.py runserver`."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Let WhiteNoise serve static files under runserver too, as it does in production.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
