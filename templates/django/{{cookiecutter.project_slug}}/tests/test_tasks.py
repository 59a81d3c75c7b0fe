"""The welcome email task, run by the Celery worker."""

from collections.abc import Callable

from {{ cookiecutter.project_slug }}.users.models import User
from {{ cookiecutter.project_slug }}.users.signup import welcome
from {{ cookiecutter.project_slug }}.users.tasks import send_welcome_email_task


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
