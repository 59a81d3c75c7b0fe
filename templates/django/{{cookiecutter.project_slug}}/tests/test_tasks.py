"""Celery: the app's configuration and the welcome email task."""

from collections.abc import Callable

from django.conf import settings

from {{ cookiecutter.project_slug }}.users.models import User
from {{ cookiecutter.project_slug }}.users.signup import welcome
from {{ cookiecutter.project_slug }}.users.tasks import send_welcome_email_task

from config import celery_app


def test_celery_reads_the_django_settings() -> None:
    assert celery_app.main == "{{ cookiecutter.project_slug }}"
    assert celery_app.conf.task_always_eager is settings.CELERY_TASK_ALWAYS_EAGER is True


def test_welcome_email_task(user: User, mailoutbox: list) -> None:
    assert send_welcome_email_task.delay(user.pk).get(timeout=10) == 1
    assert mailoutbox[0].to == ["ada@example.com"]


def test_welcome_is_queued_only_once_the_user_is_committed(
    user: User, mailoutbox: list, django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        welcome(user)
        assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert mailoutbox[0].to == ["ada@example.com"]
