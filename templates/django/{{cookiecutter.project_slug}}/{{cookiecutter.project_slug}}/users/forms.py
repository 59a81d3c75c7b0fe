"""Forms of the account pages."""

from django.contrib.auth.forms import UserCreationForm

from .models import User


class SignupForm(UserCreationForm):
    """Sign up with a username, an email address and a password typed twice."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")
