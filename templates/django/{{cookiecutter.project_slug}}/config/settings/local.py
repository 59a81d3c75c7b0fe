"""Settings for development on your machine: `python manage.py runserver`."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Let WhiteNoise serve static files under runserver too, as it does in production.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]

# E-mail is printed to the console unless DJANGO_EMAIL_BACKEND names another backend, such as SMTP
# to a local catcher (Mailpit) at DJANGO_EMAIL_HOST and DJANGO_EMAIL_PORT.
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
