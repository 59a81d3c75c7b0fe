{%- set c = cookiecutter -%}
"""The back-office: only admin users reach /admin; `flask create-admin` makes one."""

from __future__ import annotations
{% if not c.use_wtf %}
import re
{%- endif %}
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from {{ c.project_slug }}.extensions import db
from {{ c.project_slug }}.models import Note, User

ADMIN_PAGES = ["/admin/", "/admin/note/", "/admin/user/"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_users_who_are_not_admins_are_refused(logged_in: FlaskClient, url: str) -> None:
    assert logged_in.get(url).status_code == 403


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admins_see_the_back_office(
    client: FlaskClient, make_user: Callable[..., User], password: str, url: str
) -> None:
    admin = make_user("admin@example.com", is_admin=True)
    client.post("/auth/login", data={"email": admin.email, "password": password})
    db.session.add(Note(title="Visible in the admin"))
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 200
    if url == "/admin/note/":
        assert b"Visible in the admin" in response.data
    if url == "/admin/user/":
        assert b"admin@example.com" in response.data
        assert b"scrypt" not in response.data


def test_admins_can_create_notes(
    client: FlaskClient, make_user: Callable[..., User], password: str
) -> None:
    admin = make_user("admin@example.com", is_admin=True)
    client.post("/auth/login", data={"email": admin.email, "password": password})
    data = {"title": "From the admin", "body": "Hi"}
{%- if not c.use_wtf %}
    # Flask-Admin's SecureForm: the token comes from the form page.
    page = client.get("/admin/note/new/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    data["csrf_token"] = token.group(1)
{%- endif %}
    response = client.post("/admin/note/new/", data=data)
    assert response.status_code == 302
    assert db.session.scalars(select(Note.title)).all() == ["From the admin"]


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
