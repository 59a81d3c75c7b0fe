"""The user model and its admin."""

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from {{ cookiecutter.project_slug }}.users.models import User


def test_user_is_shown_by_username(user: User) -> None:
    assert str(user) == "ada"
    assert user.check_password("correct-horse-battery-staple")


@pytest.mark.parametrize("email", ["ada@example.com", "ADA@example.com", "Ada@Example.Com"])
def test_the_database_refuses_an_email_address_taken_in_any_case(user: User, email: str) -> None:
    with pytest.raises(IntegrityError):
        User.objects.create_user(username="grace", email=email, password="x")


def test_email_taken_ignores_the_user_itself_and_empty_addresses(user: User) -> None:
    assert not user.email_taken()
    assert User(email="ADA@EXAMPLE.COM").email_taken()
    assert not User(email="").email_taken()


def test_admin_lives_at_the_configured_address(client: Client, db: None) -> None:
    assert reverse("admin:index") == f"/{settings.ADMIN_URL}"
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200


def test_admin_is_named_after_the_project(admin_client: Client) -> None:
    response = admin_client.get(reverse("admin:index"))
    assert response.context["site_header"] == f"{settings.PROJECT_NAME} administration"
    assert response.context["site_title"] == f"{settings.PROJECT_NAME} admin"


def test_admin_lists_users(admin_client: Client, user: User) -> None:
    response = admin_client.get(reverse("admin:users_user_changelist"))
    assert response.status_code == 200
    assert b"ada@example.com" in response.content


def test_admin_adds_a_user_with_an_email_address(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:users_user_add"),
        {
            "username": "grace",
            "email": "grace@EXAMPLE.com",
            "usable_password": "true",
            "password1": "a-long-unusual-password",
            "password2": "a-long-unusual-password",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="grace").email == "grace@example.com"


def test_admin_refuses_an_email_address_taken_in_another_case(
    admin_client: Client, user: User
) -> None:
    response = admin_client.post(
        reverse("admin:users_user_add"),
        {
            "username": "grace",
            "email": "Ada@Example.com",
            "usable_password": "true",
            "password1": "a-long-unusual-password",
            "password2": "a-long-unusual-password",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "email": ["A user with that email address already exists."]
    }
