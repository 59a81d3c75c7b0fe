{%- set c = cookiecutter -%}
"""Shared fixtures: an application in testing configuration, its test client and CLI runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
{%- if c.use_login %}
from typing import Any
{%- endif %}

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from {{ c.project_slug }} import create_app
{%- if c.use_login %}
from {{ c.project_slug }}.auth import User
{%- endif %}
{%- if c.use_sqlalchemy %}
from {{ c.project_slug }}.models import db
{%- endif %}
{%- if c.use_login %}

PASSWORD = "correct horse battery staple"
{%- endif %}


@pytest.fixture(scope="session")
def make_app() -> Iterator[Callable[[], Flask]]:
    """Build applications in testing configuration{% if c.use_sqlalchemy %}, tables created; they are dropped at the end{% endif %}."""
    apps: list[Flask] = []

    def make() -> Flask:
        app = create_app("testing")
{%- if c.use_sqlalchemy %}
        with app.app_context():
            db.create_all()
{%- endif %}
        apps.append(app)
        return app

    yield make
{%- if c.use_sqlalchemy %}
    for app in apps:
        with app.app_context():
            db.drop_all()
            db.engine.dispose()
{%- endif %}


@pytest.fixture(scope="session")
def session_app(make_app: Callable[[], Flask]) -> Flask:
    """One application for the whole run: building one per test would cost most of the run."""
    return make_app()


@pytest.fixture
def app(session_app: Flask) -> Iterator[Flask]:
    """The application inside a fresh app context; what the test stored is removed afterwards."""
    with session_app.app_context():
        yield session_app
{%- if c.use_sqlalchemy %}
        db.session.remove()
        # Deleting the rows (children first) isolates the tests, whatever the database.
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
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

    def make(email: str = "ada@example.com", **fields: Any) -> User:
        user = User(email=email, **fields)
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
