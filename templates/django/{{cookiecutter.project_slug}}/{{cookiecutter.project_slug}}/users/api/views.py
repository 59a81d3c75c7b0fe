"""API views for users: the current user, and the user list for staff."""

from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ..models import User
from .serializers import UserSerializer


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
