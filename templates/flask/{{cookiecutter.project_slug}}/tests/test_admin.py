"""The back-office: admins only, records edited and saved; `flask create-admin`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from markupsafe import escape
from sqlalchemy import select

from {{ cookiecutter.project_slug }}.auth import User
from {{ cookiecutter.project_slug }}.models import Note, db

ADMIN_PAGES = ["/admin/", "/admin/note/", "/admin/user/"]


@pytest.fixture
def staff(client: FlaskClient, make_user: Callable[..., User], password: str) -> FlaskClient:
    """The test client, logged in as an admin."""
    admin = make_user("admin@example.com", is_admin=True)
    client.post("/auth/login", data={"email": admin.email, "password": password})
    return client


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_users_who_are_not_admins_are_refused(logged_in: FlaskClient, url: str) -> None:
    assert logged_in.get(url).status_code == 403


def test_the_admin_link_is_for_admins_only(logged_in: FlaskClient) -> None:
    assert b'href="/admin/"' not in logged_in.get("/").data


def test_the_admin_home_page(app: Flask, staff: FlaskClient) -> None:
    db.session.add(Note(title="Counted"))
    db.session.commit()
    page = staff.get("/admin/").get_data(as_text=True)
    assert f"<title>Home · {escape(app.config['PROJECT_NAME'])} admin</title>" in page
    assert "Logged in as <strong>admin@example.com</strong>" in page
    assert "1 in total" in page
    assert 'href="/"' in page
    assert 'action="/auth/logout"' in page
    assert b'href="/admin/"' in staff.get("/").data


def test_only_the_back_office_allows_inline_scripts(staff: FlaskClient) -> None:
    admin_policy = staff.get("/admin/user/").headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy
    assert "unsafe-inline" not in staff.get("/").headers["Content-Security-Policy"]


def test_admins_see_the_records(staff: FlaskClient) -> None:
    db.session.add(Note(title="Visible in the admin"))
    db.session.commit()
    assert b"Visible in the admin" in staff.get("/admin/note/").data
    page = staff.get("/admin/user/").data
    assert b"admin@example.com" in page
    assert b"pbkdf2" not in page


def test_admins_create_and_edit_notes(staff: FlaskClient) -> None:
    response = staff.post("/admin/note/new/", data={"title": "From the admin", "body": "Hi"})
    assert response.status_code == 302
    note = db.session.scalars(select(Note)).one()
    edit = f"/admin/note/edit/?id={note.id}"
    response = staff.post(edit, data={"title": "Renamed", "body": "Hi"})
    assert response.status_code == 302
    db.session.refresh(note)
    assert note.title == "Renamed"


def test_admins_save_a_user_unchanged_or_promoted(staff: FlaskClient, user: User) -> None:
    url = f"/admin/user/edit/?id={user.id}"
    assert staff.get(url).status_code == 200
    # Saving with the same email is no "already exists" error: the record is itself.
    response = staff.post(url, data={"email": user.email, "is_admin": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.is_admin
    other = staff.post(url, data={"email": "admin@example.com"})
    assert other.status_code == 200
    assert b"Already exists" in other.data


def test_create_admin_command_creates_an_admin(runner: FlaskCliRunner, password: str) -> None:
    result = runner.invoke(
        args=["create-admin", "--email", "Boss@Example.com", "--password", password]
    )
    assert result.exit_code == 0, result.output
    assert "boss@example.com is an admin" in result.output
    user = db.session.scalars(select(User)).one()
    assert user.is_admin
    assert user.check_password(password)


def test_create_admin_command_promotes_an_existing_user(runner: FlaskCliRunner, user: User) -> None:
    result = runner.invoke(args=["create-admin", "--email", user.email], input="ignored\nignored\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(User)).one().is_admin


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [("not-an-email", "long enough password", "email"), ("boss@example.com", "short", "8")],
)
def test_create_admin_command_rejects_bad_input(
    runner: FlaskCliRunner, email: str, password: str, message: str
) -> None:
    result = runner.invoke(args=["create-admin", "--email", email, "--password", password])
    assert result.exit_code == 2
    assert message in result.output
    assert db.session.scalars(select(User)).all() == []
