"""API views for users: sign up, tokens, the current user, and the user list for staff."""

from django.db import transaction
from rest_framework import generics, permissions, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from ..models import User
from ..signup import welcome
from .serializers import SignupSerializer, UserSerializer


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Users: staff can list and read them all; anyone signed in can read and edit themselves."""

    queryset = User.objects.order_by("pk")
    serializer_class = UserSerializer
    permission_classes = (permissions.IsAdminUser,)

    @action(
        detail=False,
        methods=["get", "patch"],
        permission_classes=[permissions.IsAuthenticated],
    )
    def me(self, request: Request) -> Response:
        """The signed-in user; PATCH changes their name or email address."""
        if request.method == "PATCH":
            serializer = self.get_serializer(request.user, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            serializer.save()  # one UPDATE: atomic on its own
            return Response(serializer.data)
        return Response(self.get_serializer(request.user).data)


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
