"""The account pages: signup, login, logout, password change and reset."""

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from {{ cookiecutter.project_slug }}.users import views
from {{ cookiecutter.project_slug }}.users.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["signup", "login", "password_reset", "password_reset_done", "password_reset_complete"],
)
def test_public_pages_render(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_signup_logs_in_and_sends_the_welcome_email(
    client: Client, mailoutbox: list, django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("signup"),
            {
                "username": "grace",
                "email": "grace@example.com",
                "password1": "a-long-unusual-password",
                "password2": "a-long-unusual-password",
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get(username="grace")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert [message.to for message in mailoutbox] == [["grace@example.com"]]


def test_signup_keeps_no_user_when_the_welcome_fails(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(user: User) -> None:
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(views, "welcome", unavailable)
    with pytest.raises(ConnectionRefusedError):
        client.post(
            reverse("signup"),
            {
                "username": "grace",
                "email": "grace@example.com",
                "password1": "a-long-unusual-password",
                "password2": "a-long-unusual-password",
            },
        )
    assert not User.objects.filter(username="grace").exists()


def test_signup_shows_errors(client: Client) -> None:
    response = client.post(
        reverse("signup"),
        {"username": "grace", "email": "not-an-email", "password1": "a", "password2": "b"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(username="grace").exists()


def test_login_and_logout(client: Client, user: User, password: str) -> None:
    response = client.post(reverse("login"), {"username": "ada", "password": password})
    assert response.status_code == 302
    assert response.url == reverse("home")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


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
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("another-long-password")


def test_password_reset(client: Client, user: User, mailoutbox: list) -> None:
    response = client.post(reverse("password_reset"), {"email": "ada@example.com"})
    assert response.status_code == 302
    (message,) = mailoutbox
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a-new-long-password", "new_password2": "a-new-long-password"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-password")


def test_password_reset_with_a_bad_link_is_refused(client: Client) -> None:
    response = client.get(reverse("password_reset_confirm", args=["MQ", "wrong-token"]))
    assert response.status_code == 200
    assert not response.context["validlink"]


def test_home_page_links_to_sign_up_and_greets_a_signed_in_user(client: Client, user: User) -> None:
    assert reverse("signup").encode() in client.get(reverse("home")).content
    client.force_login(user)
    response = client.get(reverse("home"))
    assert b"Hello, ada." in response.content
