"""Background tasks of the users app, run by the Celery worker."""

from celery import shared_task

from .emails import send_welcome_email
from .models import User


# A mail server that is down or refuses for now raises OSError (smtplib's errors included): try
# again after about 1, 2, 4... seconds, at most 10 minutes apart, 8 times; then the error is logged.
@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def send_welcome_email_task(user_id: int) -> int:
    """Send the welcome email to a user; return the number of messages sent."""
    user = User.objects.get(pk=user_id)
    return send_welcome_email(user)
