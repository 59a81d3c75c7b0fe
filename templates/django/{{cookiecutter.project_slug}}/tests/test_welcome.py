"""The welcome email sent to a user who signs up."""

from django.conf import settings

from {{ cookiecutter.project_slug }}.users.emails import send_welcome_email
from {{ cookiecutter.project_slug }}.users.models import User


def test_welcome_email(user: User, mailoutbox: list) -> None:
    assert send_welcome_email(user) == 1
    (message,) = mailoutbox
    assert message.to == ["ada@example.com"]
    assert settings.PROJECT_NAME in message.subject
