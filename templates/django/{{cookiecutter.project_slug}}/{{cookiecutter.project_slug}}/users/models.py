"""The user model, custom from the first migration so that it can grow without a data migration."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who can sign in; the email address is unique so it can identify them for resets."""

    email = models.EmailField("email address", unique=True)
