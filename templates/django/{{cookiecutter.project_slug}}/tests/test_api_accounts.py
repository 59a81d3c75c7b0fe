"""The API's public account endpoints: sign-up and tokens, with their limits."""

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.test import APIClient

from {{ cookiecutter.project_slug }}.users.models import User
from {{ cookiecutter.project_slug }}.users.throttle import LOGIN_PER_ACCOUNT, SIGNUP_PER_ADDRESS

pytestmark = pytest.mark.django_db

GRACE = {"username": "grace", "email": "grace@example.com", "password": "a-long-unusual-password"}


def test_token_authentication(api: APIClient, user: User, password: str) -> None:
    response = api.post(reverse("api-token"), {"username": "ada", "password": password})
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get(reverse("user-me")).json()["email"] == "ada@example.com"


def test_the_eleventh_failed_token_request_is_refused_even_with_the_right_password(
    api: APIClient, user: User, password: str
) -> None:
    statuses = [
        api.post(reverse("api-token"), {"username": "ada", "password": "guess"}).status_code
        for _ in range(LOGIN_PER_ACCOUNT.attempts)
    ]
    assert statuses == [400] * LOGIN_PER_ACCOUNT.attempts
    response = api.post(reverse("api-token"), {"username": "ada", "password": password})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.json()["detail"]
    assert int(response["Retry-After"]) == LOGIN_PER_ACCOUNT.window


def test_signup(
    api: APIClient,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(reverse("api-signup"), GRACE, format="json")
    assert response.status_code == 201
    assert "password" not in response.json()
    assert User.objects.get(username="grace").check_password("a-long-unusual-password")
    assert [message.to for message in mailoutbox] == [["grace@example.com"]]


def test_signup_stands_when_the_welcome_email_fails(
    api: APIClient,
    mail_server_down: None,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(reverse("api-signup"), GRACE, format="json")
    assert response.status_code == 201
    assert User.objects.filter(username="grace").exists()


def test_signup_refuses_a_weak_password(api: APIClient) -> None:
    response = api.post(reverse("api-signup"), {**GRACE, "password": "grace"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="grace").exists()


def test_signup_refuses_an_email_address_taken_in_another_case(api: APIClient, user: User) -> None:
    response = api.post(reverse("api-signup"), {**GRACE, "email": "ADA@example.com"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"email": ["A user with that email address already exists."]}


def test_signups_are_limited_per_client_address(api: APIClient) -> None:
    for number in range(SIGNUP_PER_ADDRESS.attempts):
        api.post(reverse("api-signup"), {**GRACE, "username": f"u{number}", "email": "x"})
    response = api.post(reverse("api-signup"), GRACE, format="json")
    assert response.status_code == 429
    assert not User.objects.filter(username="grace").exists()
