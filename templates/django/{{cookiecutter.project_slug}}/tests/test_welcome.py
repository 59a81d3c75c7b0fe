"""The welcome email: sent once the new user is committed, and never an error for the sign-up."""

{% if not cookiecutter.use_celery -%}
import pytest
{% endif -%}
from django.conf import settings
from django.core.mail import EmailMessage
from pytest_django import DjangoCaptureOnCommitCallbacks

from {{ cookiecutter.project_slug }}.users.emails import send_welcome_email
from {{ cookiecutter.project_slug }}.users.models import User
from {{ cookiecutter.project_slug }}.users.signup import welcome


def test_welcome_email(user: User, mailoutbox: list[EmailMessage]) -> None:
    assert send_welcome_email(user) == 1
    (message,) = mailoutbox
    assert message.to == ["ada@example.com"]
    assert settings.PROJECT_NAME in message.subject


def test_welcome_waits_for_the_commit(
    user: User,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        welcome(user)
        assert mailoutbox == []
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]
{%- if not cookiecutter.use_celery %}


def test_a_welcome_email_that_fails_is_logged(
    user: User,
    mail_server_down: None,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        welcome(user)
    assert f"The welcome email to user {user.pk} was not sent" in caplog.text
{%- endif %}
