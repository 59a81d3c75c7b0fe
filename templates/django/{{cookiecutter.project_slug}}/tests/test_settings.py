"""Settings per environment and the entry points: manage.py, WSGI, ASGI and gunicorn.conf.py."""

import importlib
import json
import logging
import runpy
import secrets
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from config.logs import JSONFormatter

ROOT = Path(__file__).resolve().parent.parent


def fresh_import(name: str) -> ModuleType:
    """Import a settings module anew, reading the environment as it is now."""
    sys.modules.pop(name, None)
    return importlib.import_module(name)


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "example.com,www.example.com")
    monkeypatch.setenv("REDIS_URL", "redis://redis.internal:6379/0")
    for name in ("SENTRY_DSN", "DJANGO_ADMINS", "DJANGO_NUM_PROXIES"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("production_env")
def test_production_settings_are_secure() -> None:
    production = fresh_import("config.settings.production")
    assert production.DEBUG is False
    assert production.ALLOWED_HOSTS == ["example.com", "www.example.com"]
    assert production.SECURE_SSL_REDIRECT is True
    # HSTS starts short and without preload: a mistake is undone within the hour.
    assert production.SECURE_HSTS_SECONDS == 3600
    assert production.SECURE_HSTS_PRELOAD is False
    assert production.NUM_PROXIES == 1
    assert production.SESSION_COOKIE_SECURE and production.SESSION_COOKIE_HTTPONLY
    assert production.CSRF_COOKIE_SECURE
    assert production.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert production.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    # Every web process shares one cache, so that the log-in limits count across them.
    assert production.CACHES["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://redis.internal:6379/0",
    }


@pytest.mark.usefixtures("production_env")
def test_production_reports_errors_to_sentry_only_when_a_dsn_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    fresh_import("config.settings.production")
    assert calls == []
    monkeypatch.setenv("SENTRY_DSN", "https://key@sentry.example.com/1")
    fresh_import("config.settings.production")
    (options,) = calls
    assert options["dsn"] == "https://key@sentry.example.com/1"
    assert options["send_default_pii"] is False
    assert {type(integration).__name__ for integration in options["integrations"]} >= {
        "DjangoIntegration"
    }


def test_admins_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_ADMINS", "Ada Lovelace <ada@example.com>,bob@example.com")
    base = fresh_import("config.settings.base")
    assert base.ADMINS == [("Ada Lovelace", "ada@example.com"), ("", "bob@example.com")]


def test_logs_are_json_lines_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_LOG_JSON", "True")
    base = fresh_import("config.settings.base")
    assert base.LOGGING["handlers"]["console"]["formatter"] == "json"
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("app", logging.ERROR, __file__, 1, "failed %s", ("x",), None)
        record.exc_info = sys.exc_info()
    record.stack_info = "Stack (most recent call last)"
    line = json.loads(JSONFormatter().format(record))
    assert line["level"] == "ERROR" and line["logger"] == "app" and line["message"] == "failed x"
    assert "ValueError: boom" in line["exception"]
    assert line["stack"].startswith("Stack")
    assert line["time"].endswith("+00:00")


@pytest.mark.usefixtures("production_env")
def test_production_health_checks_skip_the_https_redirect(client: Client, settings: Any) -> None:
    """Load balancers and containers probe over plain HTTP; every other page redirects to HTTPS."""
    production = fresh_import("config.settings.production")
    settings.SECURE_SSL_REDIRECT = production.SECURE_SSL_REDIRECT
    settings.SECURE_REDIRECT_EXEMPT = production.SECURE_REDIRECT_EXEMPT
    assert client.get("/health/").status_code == 200
    response = client.get(f"/{settings.ADMIN_URL}login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.parametrize("key", [None, "", "too-short"])
def test_production_refuses_to_start_without_a_strong_secret_key(
    monkeypatch: pytest.MonkeyPatch, key: str | None
) -> None:
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "example.com")
    if key is None:
        monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("DJANGO_SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        fresh_import("config.settings.production")


def test_local_settings_debug_and_print_email(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    monkeypatch.delenv("DJANGO_EMAIL_BACKEND", raising=False)
    local = fresh_import("config.settings.local")
    assert local.DEBUG is True
    assert local.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    assert local.INSTALLED_APPS[0] == "whitenoise.runserver_nostatic"


def test_local_settings_send_email_over_smtp_when_the_environment_asks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """How development e-mail reaches a local SMTP catcher such as Mailpit instead of the console."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setenv("DJANGO_EMAIL_HOST", "mailpit")
    monkeypatch.setenv("DJANGO_EMAIL_PORT", "1025")
    monkeypatch.setenv("DJANGO_EMAIL_USE_TLS", "False")
    local = fresh_import("config.settings.local")
    assert local.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    assert (local.EMAIL_HOST, local.EMAIL_PORT, local.EMAIL_USE_TLS) == ("mailpit", 1025, False)


def test_wsgi_and_asgi_applications() -> None:
    assert callable(fresh_import("config.wsgi").application)
    assert callable(fresh_import("config.asgi").application)


def test_manage_py_runs_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["manage.py", "check"])
    runpy.run_path(str(ROOT / "manage.py"), run_name="__main__")
    assert "no issues" in capsys.readouterr().out


def test_gunicorn_configuration() -> None:
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["wsgi_app"] == "config.wsgi:application"
    assert config["workers"] >= 1
