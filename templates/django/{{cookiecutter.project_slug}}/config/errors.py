"""JSON error responses for requests that reach no API view (this project serves no HTML pages)."""

from django.http import HttpRequest, JsonResponse


def page_not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    """Answer an unknown address with a JSON 404, like the API views do."""
    return JsonResponse({"detail": "Not found."}, status=404)
