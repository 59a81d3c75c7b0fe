"""The user model, custom from the first migration so that it can grow without a data migration."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

DUPLICATE_EMAIL = "A user with that email address already exists."


class User(AbstractUser):
    """A person who can log in; the email address is theirs alone, in any letter case.

    ADA@example.com and ada@example.com are one address to people, and to every lookup by address
    (Django's own match them case-insensitively): the database refuses the second one.
    """

    email = models.EmailField("email address")

    class Meta(AbstractUser.Meta):
        constraints = (
            models.UniqueConstraint(
                Lower("email"),
                name="users_user_email_ci_unique",
                violation_error_message=DUPLICATE_EMAIL,
            ),
        )

    def clean(self) -> None:
        """Normalise the email address and refuse one that another user has (forms call this)."""
        super().clean()
        if self.email_taken():
            raise ValidationError({"email": DUPLICATE_EMAIL})

    def email_taken(self) -> bool:
        """Whether another user has this email address, in any letter case."""
        others = User.objects.exclude(pk=self.pk) if self.pk else User.objects.all()
        return bool(self.email) and others.filter(email__iexact=self.email).exists()
