"""Accounts: sign up, log in, log out, the profile, throttling, equal work for unknown accounts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import check_password_hash

from {{ cookiecutter.project_slug }} import auth, create_app
from {{ cookiecutter.project_slug }}.auth import User, load_user
from {{ cookiecutter.project_slug }}.models import db


@pytest.fixture(autouse=True)
def fresh_throttle(app: Flask) -> None:
    """Each test starts with no attempts counted."""
    app.extensions["throttle"].reset()


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
    assert b"Your account was created" in client.get("/auth/login").data


@pytest.mark.parametrize(
    ("email", "password", "confirm", "field"),
    [
        ("not-an-email", "long enough", "long enough", "email"),
        ("ada@example.com", "short", "short", "password"),
        ("ada@example.com", "long enough", "different", "confirm"),
    ],
)
def test_register_shows_each_error_next_to_its_field(
    client: FlaskClient, email: str, password: str, confirm: str, field: str
) -> None:
    response = client.post(
        "/auth/register", data={"email": email, "password": password, "confirm": confirm}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('class="field-error"') == 1
    assert page.index(f'id="{field}"') < page.index('class="field-error"')
    assert db.session.scalars(select(User)).all() == []


def test_register_rejects_a_taken_email(client: FlaskClient, user: User, password: str) -> None:
    response = client.post(
        "/auth/register",
        data={"email": user.email.upper(), "password": password, "confirm": password},
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
    assert f"You are logged in as {user.email}.".encode() in page.data
    # A logged-in user asking for the log-in page goes to the profile.
    assert client.get("/auth/login").headers["Location"] == "/auth/profile"
    response = client.post("/auth/logout")
    assert response.status_code == 302
    assert b"You are logged out." in client.get("/").data
    assert client.get("/auth/profile").status_code == 302


def test_a_wrong_password_is_an_error_above_the_form(client: FlaskClient, user: User) -> None:
    response = client.post("/auth/login", data={"email": user.email, "password": "wrong password"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.index('class="form-error"') < page.index('id="email"')
    assert "Wrong email or password." in page
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


def test_production_hashes_with_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "k" * 50)
    monkeypatch.setenv("TRUSTED_HOSTS", "example.com")
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/1")
    assert create_app("production").config["PASSWORD_HASH_METHOD"] == "scrypt"


def test_the_session_user_is_loaded_while_they_exist(user: User) -> None:
    assert load_user(str(user.id)) == user
    assert repr(user) == f"<User {user.id} 'ada@example.com'>"
    db.session.delete(user)
    db.session.commit()
    assert load_user(str(user.id)) is None


def test_the_eleventh_failed_login_is_refused(
    client: FlaskClient, user: User, password: str
) -> None:
    wrong = {"email": user.email, "password": "wrong password"}
    for _ in range(10):
        assert client.post("/auth/login", data=wrong).status_code == 200
    response = client.post("/auth/login", data={"email": user.email, "password": password})
    assert response.status_code == 429
    assert b"Too many attempts. Wait a few minutes, then try again." in response.data
    # Another account from the same address is not locked out by this one.
    other = client.post("/auth/login", data={"email": "bob@example.com", "password": "x"})
    assert other.status_code == 200


def test_successful_logins_do_not_count(client: FlaskClient, user: User, password: str) -> None:
    data = {"email": user.email, "password": password}
    for _ in range(12):
        assert client.post("/auth/login", data=data).status_code == 302
        client.post("/auth/logout")


def test_one_address_is_limited_across_accounts(client: FlaskClient) -> None:
    for number in range(50):
        data = {"email": f"user{number}@example.com", "password": "guess"}
        assert client.post("/auth/login", data=data).status_code == 200
    response = client.post("/auth/login", data={"email": "new@example.com", "password": "guess"})
    assert response.status_code == 429


def test_sign_ups_are_limited_per_address(client: FlaskClient) -> None:
    for number in range(10):
        data = {"email": f"user{number}@example.com", "password": "x", "confirm": "x"}
        assert client.post("/auth/register", data=data).status_code == 200
    data = {"email": "late@example.com", "password": "long enough", "confirm": "long enough"}
    assert client.post("/auth/register", data=data).status_code == 429


def test_json_writes_need_a_login(make_app: Callable[[], Flask], password: str) -> None:
    app = make_app()
    with app.app_context():
        user = User(email="ada@example.com")
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
    things = Blueprint("things", __name__)
    things.add_url_rule("/things", "things", lambda: "done", methods=["GET", "POST"])
    app.register_blueprint(things)
    auth.require_login_for_writes(app, "things")
    client = app.test_client()
    assert client.get("/things").status_code == 200
    response = client.post("/things", json={})
    assert response.status_code == 401
    assert response.json is not None
    assert response.json["code"] == 401
    client.post("/auth/login", data={"email": "ada@example.com", "password": password})
    assert client.post("/things", json={}).get_data() == b"done"


def test_unknown_and_real_accounts_cost_the_same_hashing(
    app: Flask, client: FlaskClient, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []

    def check(pwhash: str, password: str) -> bool:
        checked.append(pwhash.partition("$")[0])
        return check_password_hash(pwhash, password)

    monkeypatch.setattr(auth, "check_password_hash", check)
    client.post("/auth/login", data={"email": "nobody@example.com", "password": "guess"})
    client.post("/auth/login", data={"email": user.email, "password": "guess"})
    method = app.config["PASSWORD_HASH_METHOD"]
    assert checked == [method, method]
