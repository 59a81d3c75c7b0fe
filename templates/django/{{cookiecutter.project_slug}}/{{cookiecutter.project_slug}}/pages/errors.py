"""Error pages in the site's layout.

Django renders 404 and 403 pages with the usual context. A 400 or a 500 may come from a request that
is broken or a site that is failing: those pages get only the project's name, so showing them cannot
fail in turn. A CSRF refusal is an ordinary request and gets the full context.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def _plain(template_name: str, status: int) -> HttpResponse:
    context = {"project_name": settings.PROJECT_NAME}
    return HttpResponse(loader.render_to_string(template_name, context), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _plain("400.html", 400)


def server_error(request: HttpRequest) -> HttpResponse:
    return _plain("500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page for a form sent without its CSRF token (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)
