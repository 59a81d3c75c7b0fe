"""Fixtures shared by the tests."""

import pytest

from {{ cookiecutter.project_slug }}.users.models import User

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user(username="ada", email="ada@example.com", password=PASSWORD)
