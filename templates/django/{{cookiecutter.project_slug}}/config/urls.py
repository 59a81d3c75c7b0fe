"""The project's URLs: {% if cookiecutter.frontend == "html" %}pages, {% endif %}{% if cookiecutter.__account_pages %}accounts, {% endif %}the admin, the health checks{% if cookiecutter.use_drf %} and the API under /api/v1/{% endif %}."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import health

# Django tries these in order; the home page, the most requested, goes first.
urlpatterns = [
{%- if cookiecutter.frontend == "html" %}
    path("", include("{{ cookiecutter.project_slug }}.pages.urls")),
{%- endif %}
    path("health/", health.live, name="health"),
    path("health/ready/", health.ready, name="health-ready"),
    path(settings.ADMIN_URL, admin.site.urls),
{%- if cookiecutter.__account_pages %}
    path("accounts/", include("{{ cookiecutter.project_slug }}.users.urls")),
{%- endif %}
{%- if cookiecutter.use_drf %}
    path("api/v1/", include("config.api")),
{%- endif %}
]
{%- if cookiecutter.frontend == "api" %}

# Errors outside the API views answer in JSON too; the API views have their own handling.
handler400 = "rest_framework.exceptions.bad_request"
handler404 = "config.errors.page_not_found"
handler500 = "rest_framework.exceptions.server_error"
{%- else %}

# A broken request or a failing site gets a page that cannot fail in turn (see pages/errors.py).
handler400 = "{{ cookiecutter.project_slug }}.pages.errors.bad_request"
handler500 = "{{ cookiecutter.project_slug }}.pages.errors.server_error"
{%- endif %}
