"""Version 1 of the API, mounted at /api/v1/: the router, {% if cookiecutter.__account_api %}sign-up and tokens, {% endif %}the schema and its docs."""

from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter
{% if cookiecutter.__account_api %}
from {{ cookiecutter.project_slug }}.users.api.accounts import SignupView, TokenView
{%- endif %}
from {{ cookiecutter.project_slug }}.users.api.views import UserViewSet

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")

urlpatterns = [
    path("", include(router.urls)),
{%- if cookiecutter.__account_api %}
    path("auth/signup/", SignupView.as_view(), name="api-signup"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
{%- endif %}
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI, from this site's static files (drf-spectacular-sidecar). The split view serves its
    # start-up script as a file of its own, and api/docs.html drops an inline style: the CSP holds.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema",
            template_name="api/docs.html",
            title=f"API docs · {settings.PROJECT_NAME}",
        ),
        name="api-docs",
    ),
]
