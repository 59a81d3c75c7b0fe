{%- set c = cookiecutter -%}
"""Accounts: register, log in, log out and the login-required profile."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from {{ c.project_slug }}.extensions import db
from {{ c.project_slug }}.models import User, load_user


def test_register_creates_a_user_with_a_hashed_password(client: FlaskClient, password: str) -> None:
    assert client.get("/auth/register").status_code == 200
    response = client.post(
        "/auth/register",
        data={"email": " Ada@Example.com ", "password": password, "confirm": password},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    user = db.session.scalars(select(User)).one()
    assert user.email == "ada@example.com"
    assert user.password_hash != password
    assert user.check_password(password)


@pytest.mark.parametrize(
    ("email", "password", "confirm"),
    [
        ("not-an-email", "long enough password", "long enough password"),
        ("ada@example.com", "short", "short"),
        ("ada@example.com", "long enough password", "another password"),
    ],
)
def test_register_rejects_bad_input(
    client: FlaskClient, email: str, password: str, confirm: str
) -> None:
    response = client.post(
        "/auth/register", data={"email": email, "password": password, "confirm": confirm}
    )
    assert response.status_code == 200
    assert b'class="error"' in response.data
    assert db.session.scalars(select(User)).all() == []


def test_register_rejects_a_taken_email(client: FlaskClient, user: User, password: str) -> None:
    response = client.post(
        "/auth/register", data={"email": user.email, "password": password, "confirm": password}
    )
    assert response.status_code == 200
    assert b"already exists" in response.data


def test_login_logout_and_profile(client: FlaskClient, user: User, password: str) -> None:
    response = client.get("/auth/profile")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
    assert client.get("/auth/login").status_code == 200
    response = client.post("/auth/login", data={"email": user.email, "password": password})
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/profile"
    page = client.get("/auth/profile")
    assert page.status_code == 200
    assert user.email.encode() in page.data
    # A logged-in user asking for the login page goes to the profile.
    assert client.get("/auth/login").headers["Location"] == "/auth/profile"
    response = client.post("/auth/logout")
    assert response.status_code == 302
    assert client.get("/auth/profile").status_code == 302


def test_login_rejects_a_wrong_password(client: FlaskClient, user: User) -> None:
    response = client.post("/auth/login", data={"email": user.email, "password": "wrong password"})
    assert response.status_code == 200
    assert b"Wrong email or password." in response.data
    assert client.get("/auth/profile").status_code == 302


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/notes/new", "/notes/new"),
        ("https://evil.example/", "/auth/profile"),
        ("//evil.example/", "/auth/profile"),
        ("/\\evil.example/", "/auth/profile"),
    ],
)
def test_login_redirects_only_to_this_site(
    client: FlaskClient, user: User, password: str, target: str, expected: str
) -> None:
    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"email": user.email, "password": password},
    )
    assert response.headers["Location"] == expected


def test_the_session_user_is_loaded_while_they_exist(user: User) -> None:
    assert load_user(str(user.id)) == user
    db.session.delete(user)
    db.session.commit()
    assert load_user(str(user.id)) is None
