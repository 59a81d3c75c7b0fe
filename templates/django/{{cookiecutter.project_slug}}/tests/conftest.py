"""Fixtures shared by the tests."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
{%- if cookiecutter.use_accounts %}
from django.test import override_settings
{%- endif %}
{%- if cookiecutter.use_drf %}
from rest_framework.test import APIClient
{%- endif %}

from {{ cookiecutter.project_slug }}.users.models import User

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache: the log-in limits count there."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user(username="ada", email="ada@example.com", password=PASSWORD)
{%- if cookiecutter.use_accounts %}


@pytest.fixture
def mail_server_down() -> Iterator[None]:
    """Email goes through SMTP to a port where nothing listens: every send is refused."""
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=9,
    ):
        yield
{%- endif %}
{%- if cookiecutter.use_drf %}


@pytest.fixture
def api() -> APIClient:
    return APIClient()
{%- endif %}
