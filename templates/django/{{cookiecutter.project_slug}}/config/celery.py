"""The Celery application: settings prefixed CELERY_ in Django's settings, tasks found in each app.

Run a worker with `celery -A config worker --loglevel=info`.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("{{ cookiecutter.project_slug }}")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
