"""Background tasks of the users app, run by the Celery worker."""

from celery import shared_task

from .emails import send_welcome_email
from .models import User


@shared_task
def send_welcome_email_task(user_id: int) -> int:
    """Send the welcome email to a user; return the number of messages sent."""
    user = User.objects.get(pk=user_id)
    return send_welcome_email(user)
