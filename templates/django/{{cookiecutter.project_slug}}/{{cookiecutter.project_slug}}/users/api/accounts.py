"""Public account endpoints of the API: sign up, and exchange a password for a token.

Both are limited like the pages (see users/throttle.py): too many attempts answer 429.
"""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework import generics, permissions, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response

from ..models import User
from ..signup import welcome
from ..throttle import (
    LOGIN_PER_ACCOUNT,
    LOGIN_REFUSED,
    SIGNUP_PER_ADDRESS,
    SIGNUP_REFUSED,
    client_address,
    login_refused,
)
from .serializers import UserSerializer


class SignupSerializer(UserSerializer):
    password = serializers.CharField(write_only=True, style={"input_type": "password"})

    class Meta:
        model = User
        fields = ("id", "username", "email", "password")
        read_only_fields = ("id",)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        candidate = User(username=attrs["username"], email=attrs["email"])
        try:
            validate_password(attrs["password"], user=candidate)
        except ValidationError as error:
            raise serializers.ValidationError({"password": error.messages}) from error
        return attrs

    def create(self, validated_data: dict[str, Any]) -> User:
        return User.objects.create_user(**validated_data)


class SignupView(generics.CreateAPIView[User]):
    """Create an account; the new user receives a welcome email."""

    serializer_class = SignupSerializer
    permission_classes = (permissions.AllowAny,)
    authentication_classes = ()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not SIGNUP_PER_ADDRESS.attempt(client_address(request)):
            raise Throttled(wait=SIGNUP_PER_ADDRESS.window, detail=SIGNUP_REFUSED)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer[User]) -> None:
        with transaction.atomic():
            welcome(serializer.save())  # sent once the user is committed


class TokenSerializer(AuthTokenSerializer):
    """Django REST Framework's credentials check, refusing attempts over the log-in limits first."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if login_refused(self.context["request"], str(attrs.get("username", ""))):
            raise Throttled(wait=LOGIN_PER_ACCOUNT.window, detail=LOGIN_REFUSED)
        validated: dict[str, Any] = super().validate(attrs)
        return validated


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the user's API token."""

    serializer_class = TokenSerializer
