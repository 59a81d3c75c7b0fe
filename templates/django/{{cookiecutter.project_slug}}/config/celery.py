"""The Celery application: settings prefixed CELERY_ in Django's settings, tasks found in each app.

Development: `celery -A config worker --beat --loglevel=INFO` runs a worker and the scheduler in
one process. Production: run workers with `celery -A config worker --loglevel=INFO` (as many as the
load needs) and exactly one `celery -A config beat --loglevel=INFO`, all with the web's environment.
"""

import os

from celery import Celery
from django.core.management import call_command

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("{{ cookiecutter.project_slug }}")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task
def clear_expired_sessions() -> None:
    """Delete expired sessions from the database, as `manage.py clearsessions` does (daily, by beat)."""
    call_command("clearsessions")
