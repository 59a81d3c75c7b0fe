"""The welcome email task: run by the Celery worker, retried while the mail server fails."""

import smtplib

import pytest
from django.core.mail import EmailMessage
from pytest_django import DjangoCaptureOnCommitCallbacks

from {{ cookiecutter.project_slug }}.users import tasks
from {{ cookiecutter.project_slug }}.users.emails import send_welcome_email
from {{ cookiecutter.project_slug }}.users.models import User
from {{ cookiecutter.project_slug }}.users.signup import welcome
from {{ cookiecutter.project_slug }}.users.tasks import send_welcome_email_task


def test_welcome_email_task(user: User, mailoutbox: list[EmailMessage]) -> None:
    assert send_welcome_email_task.delay(user.pk).get(timeout=10) == 1
    assert mailoutbox[0].to == ["ada@example.com"]


def test_the_task_is_retried_while_the_mail_server_fails(
    user: User, mailoutbox: list[EmailMessage], monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[User] = []

    def fails_once(user: User) -> int:
        attempts.append(user)
        if len(attempts) == 1:
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return send_welcome_email(user)

    monkeypatch.setattr(tasks, "send_welcome_email", fails_once)
    # throw=False: run in-process as a worker would, where a retry is no error to propagate.
    assert send_welcome_email_task.apply((user.pk,), throw=False).get() == 1
    assert len(attempts) == 2
    assert mailoutbox[0].to == ["ada@example.com"]


def test_a_welcome_that_cannot_be_queued_is_logged(
    user: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broker_down(*args: object) -> None:
        raise ConnectionRefusedError("the broker is down")

    monkeypatch.setattr(send_welcome_email_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        welcome(user)
    assert f"The welcome email to user {user.pk} was not queued" in caplog.text
