"""startproject's settings served as in production: DEBUG off, hosts from the environment, a templates folder."""

import os

from .settings import *  # noqa: F403
from .settings import BASE_DIR, TEMPLATES

DEBUG = False
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1").split(",")
TEMPLATES[0]["DIRS"] = [BASE_DIR / "templates"]
