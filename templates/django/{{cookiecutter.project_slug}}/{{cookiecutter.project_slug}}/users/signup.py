"""What happens after a user signs up, whichever way they did it."""

import logging

from django.db import transaction

{% if cookiecutter.use_celery -%}
from .models import User
from .tasks import send_welcome_email_task

logger = logging.getLogger(__name__)


def welcome(user: User) -> None:
    """Queue the welcome email once the new user is committed; the worker retries it.

    If even queueing fails (the broker is down), the error is logged and the sign-up stands.
    """

    def queue() -> None:
        try:
            send_welcome_email_task.delay(user.pk)
        except Exception:
            logger.exception("The welcome email to user %s was not queued", user.pk)

    transaction.on_commit(queue)
{%- else -%}
from .emails import send_welcome_email
from .models import User

logger = logging.getLogger(__name__)


def welcome(user: User) -> None:
    """Send the welcome email once the new user is committed; if it fails, log why and go on.

    The account exists either way: a mail server that is down must not turn a sign-up into an
    error page.
    """

    def send() -> None:
        try:
            send_welcome_email(user)
        except Exception:
            logger.exception("The welcome email to user %s was not sent", user.pk)

    transaction.on_commit(send)
{%- endif %}
