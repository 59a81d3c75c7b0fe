"""Email sent to users."""

from django.conf import settings
from django.core.mail import send_mail

from .models import User


def send_welcome_email(user: User) -> int:
    """Greet a user who just signed up; return the number of messages sent (0 or 1)."""
    return send_mail(
        subject=f"Welcome to {settings.PROJECT_NAME}",
        message=(
            f"Hello {user.get_username()},\n\n"
            f"Your account on {settings.PROJECT_NAME} is ready. Welcome aboard!\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
