"""Celery: the app's configuration and the welcome email task."""

from django.conf import settings

from {{ cookiecutter.project_slug }}.users.models import User
from {{ cookiecutter.project_slug }}.users.tasks import send_welcome_email_task

from config import celery_app


def test_celery_reads_the_django_settings() -> None:
    assert celery_app.main == "{{ cookiecutter.project_slug }}"
    assert celery_app.conf.task_always_eager is settings.CELERY_TASK_ALWAYS_EAGER is True


def test_welcome_email_task(user: User, mailoutbox: list) -> None:
    assert send_welcome_email_task.delay(user.pk).get(timeout=10) == 1
    assert mailoutbox[0].to == ["ada@example.com"]
