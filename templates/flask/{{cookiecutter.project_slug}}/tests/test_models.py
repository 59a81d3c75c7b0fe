{%- set c = cookiecutter -%}
"""The shipped migrations build the schema the models describe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import inspect, text

from {{ c.project_slug }}.extensions import db
{%- if c.use_login %}
from {{ c.project_slug }}.models import User
{%- endif %}

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@pytest.fixture
def empty_database(app: Flask) -> Iterator[Flask]:
    """No tables, so the migrations start from nothing; the models' tables come back after."""
    db.drop_all()
    drop_version_table = text("DROP TABLE IF EXISTS alembic_version")
    with db.engine.begin() as connection:
        connection.execute(drop_version_table)
    yield app
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(drop_version_table)
    db.create_all()


def test_migrations_match_the_models(empty_database: Flask) -> None:
    runner = empty_database.test_cli_runner()
    directory = str(MIGRATIONS)
    result = runner.invoke(args=["db", "upgrade", "--directory", directory])
    assert result.exit_code == 0, result.output
    tables = set(inspect(db.engine).get_table_names())
    assert {"alembic_version", "note"{% if c.use_login %}, "user"{% endif %}} <= tables
    # `db check` fails when the models hold a change no migration describes.
    result = runner.invoke(args=["db", "check", "--directory", directory])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["db", "downgrade", "base", "--directory", directory])
    assert result.exit_code == 0, result.output
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
{%- if c.use_login %}


def test_passwords_are_hashed(app: Flask) -> None:
    user = User(email="ada@example.com")
    user.set_password("s3cret-password")
    assert user.password_hash != "s3cret-password"
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    assert user.check_password("s3cret-password")
    assert not user.check_password("wrong")
    assert repr(user) == "<User None 'ada@example.com'>"
{%- endif %}
