"""The account pages: sign-up, log-in, log-out, password change and reset, with their messages."""

import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from {{ cookiecutter.project_slug }}.users.models import User
from {{ cookiecutter.project_slug }}.users.throttle import (
    RESET_PER_ADDRESS,
    SIGNUP_PER_ADDRESS,
)

pytestmark = pytest.mark.django_db

GRACE = {
    "username": "grace",
    "email": "grace@example.com",
    "password1": "a-long-unusual-password",
    "password2": "a-long-unusual-password",
}


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("name", ["signup", "login", "password_reset", "password_reset_done"])
def test_public_pages_render(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_home_page_links_to_sign_up_and_greets_a_signed_in_user(client: Client, user: User) -> None:
    assert reverse("signup").encode() in client.get(reverse("home")).content
    client.force_login(user)
    response = client.get(reverse("home"))
    assert b"Hello, ada." in response.content


def test_signup_logs_in_says_welcome_and_sends_the_welcome_email(
    client: Client,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), GRACE, follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    user = User.objects.get(username="grace")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert b"Welcome, grace! Your account is ready." in response.content
    assert b"Hello, grace." in response.content
    assert [message.to for message in mailoutbox] == [["grace@example.com"]]


def test_signup_stands_when_the_welcome_email_fails(
    client: Client,
    mail_server_down: None,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), GRACE)
    assert response.status_code == 302
    assert User.objects.filter(username="grace").exists()
    assert "The welcome email to user" in caplog.text


def test_signup_shows_errors_next_to_their_fields(client: Client) -> None:
    response = client.post(
        reverse("signup"),
        {"username": "grace", "email": "not-an-email", "password1": "a", "password2": "b"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "password2"}
    assert not User.objects.filter(username="grace").exists()


def test_signup_refuses_an_email_address_taken_in_another_case(client: Client, user: User) -> None:
    response = client.post(reverse("signup"), {**GRACE, "email": "ADA@Example.COM"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["A user with that email address already exists."]
    }
    assert User.objects.count() == 1


def test_signups_are_limited_per_client_address(client: Client) -> None:
    for number in range(SIGNUP_PER_ADDRESS.attempts):
        client.post(reverse("signup"), {**GRACE, "username": f"user{number}", "email": "x"})
    response = client.post(reverse("signup"), GRACE)
    assert response.status_code == 429
    assert "Too many sign-ups" in str(response.context["form"].non_field_errors())
    assert not User.objects.filter(username="grace").exists()


def test_login_says_who_is_logged_in(client: Client, user: User, password: str) -> None:
    response = client.post(reverse("login"), {"username": "ada", "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert messages_of(response) == ["You are logged in as ada."]


def test_the_eleventh_failed_login_is_refused_even_with_the_right_password(
    client: Client, user: User, password: str
) -> None:
    for _ in range(10):
        response = client.post(reverse("login"), {"username": "ada", "password": "guess"})
        assert "Please enter a correct username" in response.content.decode()
    response = client.post(reverse("login"), {"username": "ada", "password": password})
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_says_so(client: Client, user: User) -> None:
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert messages_of(response) == ["You are logged out."]


def test_password_change(client: Client, user: User, password: str) -> None:
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "another-long-password",
            "new_password2": "another-long-password",
        },
    )
    assert response["Location"] == reverse("home")
    assert messages_of(response) == ["Your password has been changed."]
    user.refresh_from_db()
    assert user.check_password("another-long-password")


def test_password_reset(client: Client, user: User, mailoutbox: list[EmailMessage]) -> None:
    response = client.post(reverse("password_reset"), {"email": "ADA@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mailoutbox
    assert message.to == ["ada@example.com"]
    match = re.search(r"https?://[^/]+(/\S+)", str(message.body))
    assert match
    response = client.get(match.group(1), follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a-new-long-password", "new_password2": "a-new-long-password"},
    )
    assert response["Location"] == reverse("login")
    assert messages_of(response) == ["Your new password is set: log in with it."]
    user.refresh_from_db()
    assert user.check_password("a-new-long-password")


def test_password_reset_with_a_bad_link_is_refused(client: Client) -> None:
    response = client.get(reverse("password_reset_confirm", args=["MQ", "wrong-token"]))
    assert response.status_code == 200
    assert not response.context["validlink"]


def test_password_reset_says_the_same_when_the_email_fails(
    client: Client, user: User, mail_server_down: None, caplog: pytest.LogCaptureFixture
) -> None:
    response = client.post(reverse("password_reset"), {"email": "ada@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert "Failed to send password reset email" in caplog.text


def test_password_reset_requests_are_limited_per_client_address(client: Client, user: User) -> None:
    for _ in range(RESET_PER_ADDRESS.attempts):
        client.post(reverse("password_reset"), {"email": "ada@example.com"})
    mail.outbox.clear()
    response = client.post(reverse("password_reset"), {"email": "ada@example.com"})
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("signup", []),
        ("login", []),
        ("logout", []),
        ("password_change", []),
        ("password_reset", []),
        ("password_reset_confirm", ["MQ", "set-password"]),
    ],
)
def test_every_account_form_refuses_a_post_without_its_csrf_token(
    user: User, name: str, args: list[str]
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse(name, args=args), {"username": "ada"})
    assert response.status_code == 403
