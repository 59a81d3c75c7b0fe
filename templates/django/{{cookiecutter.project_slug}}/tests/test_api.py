"""The API under /api/v1/: permissions, pagination, the schema and its docs."""

import io
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from {{ cookiecutter.project_slug }}.users.models import User

pytestmark = pytest.mark.django_db


def test_me_needs_authentication(api: APIClient) -> None:
    response = api.get(reverse("user-me"))
    assert response.status_code == 403


def test_me_returns_the_signed_in_user(api: APIClient, user: User) -> None:
    api.force_login(user)
    response = api.get(reverse("user-me"))
    assert response.status_code == 200
    assert response.json()["username"] == "ada"
    assert "password" not in response.json()


def test_me_updates_the_name_but_not_the_username(api: APIClient, user: User) -> None:
    api.force_login(user)
    response = api.patch(reverse("user-me"), {"first_name": "Ada", "username": "x"}, format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.first_name, user.username) == ("Ada", "ada")


def test_me_refuses_an_invalid_email(api: APIClient, user: User) -> None:
    api.force_login(user)
    response = api.patch(reverse("user-me"), {"email": "nope"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()


def test_user_list_is_for_staff_only(api: APIClient, user: User) -> None:
    api.force_login(user)
    assert api.get(reverse("user-list")).status_code == 403


def test_user_list_is_paginated(api: APIClient, admin_user: User, user: User) -> None:
    api.force_login(admin_user)
    response = api.get(reverse("user-list"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [entry["username"] for entry in body["results"]] == ["admin", "ada"]
    detail = api.get(reverse("user-detail", args=[user.pk]))
    assert detail.json()["email"] == "ada@example.com"


def test_schema_and_docs_are_public(api: APIClient) -> None:
    schema = api.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/users/me/" in schema.json()["paths"]
    assert api.get(reverse("api-docs")).status_code == 200


def test_docs_come_from_this_site_with_no_inline_code(api: APIClient) -> None:
    page = api.get(reverse("api-docs")).content.decode()
    assert f"<title>API docs · {escape(settings.PROJECT_NAME)}</title>" in page
    assert "<style" not in page and "<script>" not in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources)
    script = api.get(reverse("api-docs"), {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def test_schema_is_valid_openapi_without_warnings() -> None:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format=openapi-json", stdout=out)
    assert json.loads(out.getvalue())["info"]["title"] == settings.PROJECT_NAME


def test_me_normalises_the_email_and_refuses_one_taken_in_another_case(
    api: APIClient, user: User, admin_user: User
) -> None:
    api.force_login(user)
    response = api.patch(reverse("user-me"), {"email": "ADMIN@example.com"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"email": ["A user with that email address already exists."]}
    response = api.patch(reverse("user-me"), {"email": "Ada@EXAMPLE.com"}, format="json")
    assert response.json()["email"] == "Ada@example.com"
