"""Fixtures shared by the tests."""

import pytest
{%- if cookiecutter.use_drf %}
from django.core.cache import cache
from rest_framework.test import APIClient
{%- endif %}

from {{ cookiecutter.project_slug }}.users.models import User

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user(username="ada", email="ada@example.com", password=PASSWORD)
{%- if cookiecutter.use_drf %}


@pytest.fixture
def api() -> APIClient:
    cache.clear()  # The rate limits count requests in the cache.
    return APIClient()
{%- endif %}
