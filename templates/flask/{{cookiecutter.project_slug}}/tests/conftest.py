{%- set c = cookiecutter -%}
"""Shared fixtures: an application in testing configuration, its test client and CLI runner."""

from __future__ import annotations

from collections.abc import {% if c.use_login %}Callable, {% endif %}Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from {{ c.project_slug }} import create_app
{%- if c.use_sqlalchemy %}
from {{ c.project_slug }}.extensions import db
{%- endif %}
{%- if c.use_login %}
from {{ c.project_slug }}.models import User

PASSWORD = "correct horse battery staple"
{%- endif %}


@pytest.fixture
def app() -> Iterator[Flask]:
    app = create_app("testing")
{%- if c.use_sqlalchemy %}
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
{%- else %}
    yield app
{%- endif %}


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
{%- if c.use_login %}


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """A factory that stores a user whose password is PASSWORD."""

    def make(email: str = "ada@example.com"{% if c.use_admin %}, *, is_admin: bool = False{% endif %}) -> User:
        user = User(email=email{% if c.use_admin %}, is_admin=is_admin{% endif %})
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user()


@pytest.fixture
def logged_in(client: FlaskClient, user: User) -> FlaskClient:
    """The test client, logged in as `user`."""
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client
{%- endif %}
