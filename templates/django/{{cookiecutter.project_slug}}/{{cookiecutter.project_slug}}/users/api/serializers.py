"""How users look in the API."""

from rest_framework import serializers

from ..models import DUPLICATE_EMAIL, User


class UserSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ("id", "username", "email", "first_name", "last_name", "date_joined")
        read_only_fields = ("id", "username", "date_joined")

    def validate_email(self, value: str) -> str:
        """Normalise the address as the forms do, and refuse one another user has in any case."""
        email = User.objects.normalize_email(value)
        if User(pk=getattr(self.instance, "pk", None), email=email).email_taken():
            raise serializers.ValidationError(DUPLICATE_EMAIL)
        return email
