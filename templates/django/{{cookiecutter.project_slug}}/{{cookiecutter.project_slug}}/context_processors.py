"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def project(request: HttpRequest) -> dict[str, str]:
    """The project's name, set once in settings.PROJECT_NAME (templates escape it as they show it)."""
    return {"project_name": settings.PROJECT_NAME}
