"""Public account endpoints of the API: sign up, and exchange a password for a token."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework import generics, permissions, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle

from ..models import User
from ..signup import welcome


class SignupSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, style={"input_type": "password"})

    class Meta:
        model = User
        fields = ("id", "username", "email", "password")
        read_only_fields = ("id",)

    def validate(self, attrs: dict) -> dict:
        candidate = User(username=attrs["username"], email=attrs["email"])
        try:
            validate_password(attrs["password"], user=candidate)
        except ValidationError as error:
            raise serializers.ValidationError({"password": error.messages}) from error
        return attrs

    def create(self, validated_data: dict) -> User:
        return User.objects.create_user(**validated_data)


class SignupView(generics.CreateAPIView):
    """Create an account; the new user receives a welcome email."""

    serializer_class = SignupSerializer
    permission_classes = (permissions.AllowAny,)
    authentication_classes = ()
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth"

    def perform_create(self, serializer: SignupSerializer) -> None:
        # All or nothing: when the welcome fails, the new user is not kept.
        with transaction.atomic():
            welcome(serializer.save())


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the user's API token."""

    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth"
