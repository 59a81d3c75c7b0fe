{%- set c = cookiecutter -%}
"""The application factory, configuration, error pages, health check and WSGI entry."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from unittest import mock

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from {{ c.project_slug }} import create_app
from {{ c.project_slug }}.config import (
    DEV_SECRET_KEY,
    ConfigurationError,
{%- if c.use_sqlalchemy and c.database == "postgresql" %}
    database_url,
{%- endif %}
    load_config,
)

STRONG_KEY = "k" * 50


def test_testing_config(app: Flask) -> None:
    assert app.testing
    assert not app.debug


def test_app_env_selects_the_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "development")
    app = create_app()
    assert app.debug
    assert app.config["LOG_LEVEL"] == "DEBUG"
    assert not app.config.get("SESSION_COOKIE_SECURE")


def test_production_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    config = load_config()
    assert type(config).__name__ == "ProductionConfig"


def test_unknown_app_env_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "staging")
    with pytest.raises(ConfigurationError, match="development, testing, production"):
        create_app()


@pytest.mark.parametrize("secret_key", [None, "", "short", DEV_SECRET_KEY])
def test_production_refuses_a_weak_secret_key(
    monkeypatch: pytest.MonkeyPatch, secret_key: str | None
) -> None:
    if secret_key is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret_key)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app("production")


def test_production_cookies_are_secure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    app = create_app("production")
    assert app.secret_key == STRONG_KEY
    assert not app.debug
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
{%- if c.use_login %}
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
{%- endif %}


def test_instance_config_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text('PROJECT_NAME = "Overridden"\n', encoding="utf-8")
    monkeypatch.setenv("APP_ENV", "development")
    with mock.patch.object(Flask, "auto_find_instance_path", return_value=str(tmp_path)):
        app = create_app()
    assert app.instance_path == str(tmp_path)
    assert app.config["PROJECT_NAME"] == "Overridden"
{%- if c.use_sqlalchemy and c.database == "postgresql" %}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite://", "sqlite://"),
    ],
)
def test_database_url_uses_psycopg(url: str, expected: str) -> None:
    assert database_url(url) == expected
{%- endif %}


def test_home_page(app: Flask, client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    # The project name is shown as text, HTML-escaped, never interpreted as markup.
    title = f"<title>{escape(app.config['PROJECT_NAME'])}</title>"
    assert title in response.get_data(as_text=True)


def test_the_session_is_a_signed_cookie(app: Flask, client: FlaskClient) -> None:
    with client.session_transaction() as session:
        assert dict(session) == {}
        session["visits"] = 1
    with client.session_transaction() as session:
        assert session["visits"] == 1
    # A cookie without a valid signature is ignored.
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], "forged")
    with client.session_transaction() as session:
        assert dict(session) == {}


def test_liveness_check(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    head = client.head("/health")
    assert (head.status_code, head.data) == (200, b"")
    assert head.headers["Content-Length"] == response.headers["Content-Length"]
    # Only GET and HEAD are the probe's; other methods reach the application.
    assert client.post("/health").status_code == 404


def test_readiness_check(client: FlaskClient) -> None:
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json == {"status": "ok"{% if c.use_sqlalchemy %}, "database": "ok"{% endif %}}


def test_not_found_is_an_html_page(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert b"404 Not Found" in response.data


def test_not_found_is_json_for_json_clients(client: FlaskClient) -> None:
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["code"] == 404
    assert response.json["status"] == "Not Found"


def test_unhandled_error_is_a_500_page() -> None:
    def explode() -> str:
        raise RuntimeError("boom")

    app = create_app("testing")  # its own: routes cannot be added to an app that has served
    app.add_url_rule("/explode", view_func=explode)
    app.testing = False  # let the error handler answer instead of re-raising
    response = app.test_client().get("/explode")
    assert response.status_code == 500
    assert b"500 Internal Server Error" in response.data


def test_wsgi_entry_creates_the_app() -> None:
    with mock.patch.dict(os.environ, {"APP_ENV": "testing"}):
        wsgi = importlib.import_module("{{ c.project_slug }}.wsgi")
        assert isinstance(wsgi.app, Flask)
        assert wsgi.app.testing
{%- if c.use_celery %}
        assert wsgi.celery_app is wsgi.app.extensions["celery"]
{%- endif %}
