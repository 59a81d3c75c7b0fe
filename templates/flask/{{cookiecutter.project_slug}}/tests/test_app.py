{%- set c = cookiecutter -%}
"""The factory, configuration, security, errors, health checks, logging and the WSGI entry."""

from __future__ import annotations

import importlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar
from unittest import mock

import pytest
import sentry_sdk
from flask import Flask, request
from flask.testing import FlaskClient
from werkzeug.exceptions import UnprocessableEntity

from {{ c.project_slug }} import create_app, logs
from {{ c.project_slug }}.config import (
    DEV_SECRET_KEY,
    ConfigurationError,
    load_config,
)
from {{ c.project_slug }}.health import add_check
from {{ c.project_slug }}.security import relax_content_security_policy

STRONG_KEY = "k" * 50
PRODUCTION = {
    "SECRET_KEY": STRONG_KEY,
    "TRUSTED_HOSTS": "example.com,www.example.com",
{%- if c.__redis %}
    "REDIS_URL": "redis://cache.internal:6379/1",
{%- endif %}
}


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> Flask:
    """An application with production settings, from a complete environment."""
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    return create_app("production")


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
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    assert type(load_config()).__name__ == "ProductionConfig"


def test_unknown_app_env_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "staging")
    with pytest.raises(ConfigurationError, match="development, testing, production"):
        create_app()


@pytest.mark.parametrize("secret_key", [None, "", "short", DEV_SECRET_KEY])
def test_production_refuses_a_weak_secret_key(
    monkeypatch: pytest.MonkeyPatch, secret_key: str | None
) -> None:
    monkeypatch.setenv("TRUSTED_HOSTS", "example.com")
    if secret_key is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret_key)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app("production")


@pytest.mark.parametrize("name", sorted(PRODUCTION))
def test_production_needs_its_settings(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    for other, value in PRODUCTION.items():
        monkeypatch.setenv(other, value)
    monkeypatch.delenv(name)
    with pytest.raises(ConfigurationError, match=name):
        create_app("production")


def test_a_number_setting_must_be_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROXY_COUNT", "one")
    with pytest.raises(ConfigurationError, match="PROXY_COUNT='one' is not a whole number"):
        create_app("testing")


def test_production_settings(production: Flask) -> None:
    assert production.secret_key == STRONG_KEY
    assert not production.debug
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production.config["TRUSTED_HOSTS"] == ["example.com", "www.example.com"]
    assert production.config["MAX_CONTENT_LENGTH"] == 1024 * 1024


def test_instance_config_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text('PROJECT_NAME = "Overridden"\n', encoding="utf-8")
    monkeypatch.setenv("APP_ENV", "development")
    with mock.patch.object(Flask, "auto_find_instance_path", return_value=str(tmp_path)):
        app = create_app()
    assert app.instance_path == str(tmp_path)
    assert app.config["PROJECT_NAME"] == "Overridden"


def test_security_headers(client: FlaskClient) -> None:
    headers = client.get("/health").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy
    # Plain HTTP outside production: no redirect, no HSTS.
    assert "Strict-Transport-Security" not in headers


def test_production_redirects_http_to_https(production: Flask) -> None:
    client = production.test_client()
    response = client.post("/some/page?x=1", base_url="http://example.com")
    assert response.status_code == 308
    assert response.headers["Location"] == "https://example.com/some/page?x=1"
    # Probes inside the network speak plain HTTP.
    assert client.get("/health", base_url="http://example.com").status_code == 200


def test_production_sends_hsts_over_https(production: Flask) -> None:
    response = production.test_client().get("/health", base_url="https://example.com")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=3600"


def test_production_refuses_other_host_names(production: Flask) -> None:
    client = production.test_client()
    response = client.get("/health", base_url="https://evil.example")
    assert response.status_code == 400
    assert client.get("/health", base_url="https://www.example.com").status_code == 200


def test_proxies_are_trusted_only_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}

    def client_view(app: Flask) -> tuple[str, str]:
        @app.get("/whoami")
        def whoami() -> dict[str, str]:
            return {"scheme": request.scheme, "address": str(request.remote_addr)}

        data = app.test_client().get("/whoami", headers=forwarded).json
        assert data is not None
        return data["scheme"], data["address"]

    assert client_view(create_app("testing")) == ("http", "127.0.0.1")
    monkeypatch.setenv("PROXY_COUNT", "1")
    assert client_view(create_app("testing")) == ("https", "203.0.113.7")


def test_large_bodies_are_refused() -> None:
    app = create_app("testing")
    app.add_url_rule("/echo", methods=["POST"], view_func=lambda: str(len(request.get_data())))
    client = app.test_client()
    assert client.post("/echo", data=b"x" * 1024).get_data() == b"1024"
    response = client.post("/echo", data=b"x" * (1024 * 1024 + 1))
    assert response.status_code == 413


def test_liveness_check(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readiness_check(client: FlaskClient) -> None:
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["status"] == "ok"


def test_readiness_fails_when_a_check_fails(make_app: Callable[[], Flask]) -> None:
    app = make_app()  # its engine, if any, is closed with the others
    add_check(app, "search", lambda: False)
    response = app.test_client().get("/health/ready")
    assert response.status_code == 503
    assert response.json is not None
    assert (response.json["status"], response.json["search"]) == ("error", "unreachable")


def test_not_found_is_json_for_json_clients(client: FlaskClient) -> None:
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    data = response.json
    assert data is not None
    assert (data["code"], data["status"]) == (404, "Not Found")
    assert data["message"].startswith("The requested URL was not found")


def test_errors_keep_their_headers(client: FlaskClient) -> None:
    response = client.delete("/health", headers={"Accept": "application/json"})
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.mimetype == "application/json"


def test_unhandled_error_is_a_500() -> None:
    def explode() -> str:
        raise RuntimeError("boom")

    app = create_app("testing")  # its own: routes cannot be added to an app that has served
    app.add_url_rule("/explode", view_func=explode)
    app.testing = False  # let the error handler answer instead of re-raising
    response = app.test_client().get("/explode", headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response.json is not None
    assert response.json["status"] == "Internal Server Error"


def test_a_feature_relaxes_the_policy_under_its_own_path_only() -> None:
    app = create_app("testing")
    relax_content_security_policy(app, "/legacy/", {"script-src": "'self' 'unsafe-inline'"})
    client = app.test_client()
    relaxed = client.get("/legacy/page").headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in relaxed
    assert "script-src 'self';" in client.get("/health").headers["Content-Security-Policy"]


def test_invalid_input_errors_list_the_fields() -> None:
    class InvalidTitle(UnprocessableEntity):
        data: ClassVar[dict[str, object]] = {"messages": {"json": {"title": ["Missing data."]}}}

    def invalid() -> str:
        raise InvalidTitle()

    app = create_app("testing")
    app.add_url_rule("/invalid", view_func=invalid)
    response = app.test_client().get("/invalid", headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["errors"] == {"json": {"title": ["Missing data."]}}


def test_json_logs(capsys: pytest.CaptureFixture[str]) -> None:
    config = load_config("testing")
    config.LOG_FORMAT = "json"
    logs.configure(config)
    try:
        logging.getLogger("test").warning("hello %s", "there")
        try:
            raise ValueError("bad")
        except ValueError:
            logging.getLogger("test").exception("failed")
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    finally:
        logs.configure(load_config("testing"))
    assert lines[0]["message"] == "hello there"
    assert (lines[0]["level"], lines[0]["logger"]) == ("WARNING", "test")
    assert "ValueError: bad" in lines[1]["exception"]


def test_sentry_starts_only_with_a_dsn(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    create_app("development")
    assert calls == []
    monkeypatch.setenv("SENTRY_DSN", "https://key@sentry.example/1")
    create_app("development")
    assert calls == [{"dsn": "https://key@sentry.example/1", "send_default_pii": False}]


def test_wsgi_entry_creates_the_app() -> None:
    with mock.patch.dict(os.environ, {"APP_ENV": "testing"}):
        wsgi = importlib.import_module("{{ c.project_slug }}.wsgi")
        assert isinstance(wsgi.app, Flask)
        assert wsgi.app.testing
