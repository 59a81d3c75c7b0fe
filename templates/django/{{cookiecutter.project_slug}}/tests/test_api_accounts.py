"""The API's public account endpoints: sign-up and tokens."""

from collections.abc import Callable

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from {{ cookiecutter.project_slug }}.users.api import accounts
from {{ cookiecutter.project_slug }}.users.models import User

pytestmark = pytest.mark.django_db


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

    monkeypatch.setattr(accounts, "welcome", unavailable)
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
