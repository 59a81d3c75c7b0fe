"""Forms of the account pages."""

from django.contrib.auth import forms as auth_forms

from .models import User


class SignupForm(auth_forms.UserCreationForm):
    """Sign up with a username, an email address (unique in any letter case) and a password twice."""

    class Meta(auth_forms.UserCreationForm.Meta):
        model = User
        fields = ("username", "email")
