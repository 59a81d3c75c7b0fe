{%- set c = cookiecutter -%}
"""Flask-WTF: every form carries a CSRF token, and a post without one is refused."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from {{ c.project_slug }} import create_app

FORMS = [
    ("/contact", {"name": "Ada", "email": "ada@example.com", "message": "Hello"}),
{%- if c.use_sqlalchemy %}
    ("/notes/new", {"title": "A note", "body": ""}),
{%- endif %}
{%- if c.use_login %}
    ("/auth/login", {"email": "ada@example.com", "password": "correct horse"}),
    (
        "/auth/register",
        {"email": "ada@example.com", "password": "correct horse", "confirm": "correct horse"},
    ),
{%- endif %}
]


@pytest.fixture
def csrf_app(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The test app with CSRF protection on, as in development and production."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    return app


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_a_post_without_a_csrf_token_is_refused(
    csrf_app: Flask, url: str, data: dict[str, str]
) -> None:
    response = csrf_app.test_client().post(url, data=data)
    assert response.status_code == 400
    assert b"CSRF" in response.data


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_every_form_renders_a_csrf_token(csrf_app: Flask, url: str, data: dict[str, str]) -> None:
    client = csrf_app.test_client()
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    response = client.post(url, data={**data, "csrf_token": token.group(1)})
    assert response.status_code in {200, 302}
    assert b"CSRF" not in response.data


def test_csrf_is_on_outside_tests() -> None:
    assert create_app("development").config.get("WTF_CSRF_ENABLED", True) is True


def test_contact_form(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    assert client.get("/contact").status_code == 200
    data = {"name": "Ada", "email": "ada@example.com", "message": "Hello there"}
    with caplog.at_level("INFO"):
        response = client.post("/contact", data=data)
    assert response.status_code == 302
    assert "Contact message from Ada <ada@example.com>: Hello there" in caplog.text
    assert b"Thank you" in client.get("/").data


def test_contact_form_rejects_a_bad_email(client: FlaskClient) -> None:
    data = {"name": "Ada", "email": "not-an-email", "message": "Hello"}
    response = client.post("/contact", data=data)
    assert response.status_code == 200
    assert b'class="error"' in response.data
