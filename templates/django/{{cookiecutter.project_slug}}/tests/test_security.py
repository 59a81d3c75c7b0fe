"""Protections every response and every form has, whatever the options."""

import pytest
from django.test import Client
from django.urls import reverse
{%- if cookiecutter.use_drf %}
from rest_framework.test import APIClient
{%- endif %}

from {{ cookiecutter.project_slug }}.users.models import User

pytestmark = pytest.mark.django_db


def test_security_headers(client: Client) -> None:
    response = client.get(reverse("admin:login"))
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_login_refuses_a_post_without_its_csrf_token(admin_user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "admin", "password": "password"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
{%- if cookiecutter.use_drf %}


def test_api_writes_need_a_log_in(api: APIClient) -> None:
    response = api.patch(reverse("user-me"), {"first_name": "Eve"}, format="json")
    assert response.status_code == 403


def test_api_writes_with_a_session_need_the_csrf_token(user: User) -> None:
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(user)
    response = api.patch(reverse("user-me"), {"first_name": "Eve"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
{%- endif %}
