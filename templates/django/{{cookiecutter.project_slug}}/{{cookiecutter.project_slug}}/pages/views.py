"""Views of the site's own pages."""

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "pages/home.html"


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's): send them the site's."""
    return HttpResponseRedirect(static("favicon.svg"))
