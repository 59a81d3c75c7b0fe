"""The API under /api/v1/: authentication, permissions, pagination and the schema."""

import io
import json
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from {{ cookiecutter.project_slug }}.users.api import views
from {{ cookiecutter.project_slug }}.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    cache.clear()  # The rate limits count requests in the cache.
    return APIClient()


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


def test_token_authentication(api: APIClient, user: User, password: str) -> None:
    response = api.post(reverse("api-token"), {"username": "ada", "password": password})
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get(reverse("user-me")).json()["email"] == "ada@example.com"


def test_token_requests_are_rate_limited(api: APIClient, user: User) -> None:
    statuses = [
        api.post(reverse("api-token"), {"username": "ada", "password": "guess"}).status_code
        for _ in range(11)
    ]
    assert statuses == [400] * 10 + [429]


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


def test_signup(
    api: APIClient, mailoutbox: list, django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            reverse("api-signup"),
            {
                "username": "grace",
                "email": "grace@example.com",
                "password": "a-long-unusual-password",
            },
            format="json",
        )
    assert response.status_code == 201
    assert "password" not in response.json()
    assert User.objects.get(username="grace").check_password("a-long-unusual-password")
    assert [message.to for message in mailoutbox] == [["grace@example.com"]]


def test_signup_keeps_no_user_when_the_welcome_fails(
    api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(user: User) -> None:
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(views, "welcome", unavailable)
    with pytest.raises(ConnectionRefusedError):
        api.post(
            reverse("api-signup"),
            {
                "username": "grace",
                "email": "grace@example.com",
                "password": "a-long-unusual-password",
            },
            format="json",
        )
    assert not User.objects.filter(username="grace").exists()


def test_signup_refuses_a_weak_password(api: APIClient) -> None:
    response = api.post(
        reverse("api-signup"),
        {"username": "grace", "email": "grace@example.com", "password": "grace"},
        format="json",
    )
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="grace").exists()


def test_schema_and_docs_are_public(api: APIClient) -> None:
    schema = api.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/users/me/" in schema.json()["paths"]
    assert api.get(reverse("api-docs")).status_code == 200


def test_schema_is_valid_openapi_without_warnings() -> None:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format=openapi-json", stdout=out)
    assert json.loads(out.getvalue())["info"]["title"] == settings.PROJECT_NAME
