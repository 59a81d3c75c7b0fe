"""What happens after a user signs up, whichever way they did it."""

{% if cookiecutter.use_celery -%}
from django.db import transaction

from .models import User
from .tasks import send_welcome_email_task


def welcome(user: User) -> None:
    """Send the welcome email from a Celery worker once the new user is committed."""
    transaction.on_commit(lambda: send_welcome_email_task.delay(user.pk))
{%- else -%}
from .emails import send_welcome_email
from .models import User


def welcome(user: User) -> None:
    """Send the welcome email."""
    send_welcome_email(user)
{%- endif %}
