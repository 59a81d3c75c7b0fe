"""Settings per environment and the entry points: manage.py, WSGI, ASGI and gunicorn.conf.py."""

import importlib
import runpy
import secrets
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def fresh_import(name: str) -> ModuleType:
    """Import a settings module anew, reading the environment as it is now."""
    sys.modules.pop(name, None)
    return importlib.import_module(name)


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "example.com,www.example.com")


@pytest.mark.usefixtures("production_env")
def test_production_settings_are_secure() -> None:
    production = fresh_import("config.settings.production")
    assert production.DEBUG is False
    assert production.ALLOWED_HOSTS == ["example.com", "www.example.com"]
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SESSION_COOKIE_SECURE and production.SESSION_COOKIE_HTTPONLY
    assert production.CSRF_COOKIE_SECURE
    assert production.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert production.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"


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
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(sys, "argv", ["manage.py", "check"])
    runpy.run_path(str(ROOT / "manage.py"), run_name="__main__")
    assert "no issues" in capsys.readouterr().out


def test_gunicorn_configuration() -> None:
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["wsgi_app"] == "config.wsgi:application"
    assert config["workers"] >= 1
