{%- set c = cookiecutter -%}
"""The shipped migrations build the schema the models describe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from {{ c.project_slug }}.config import database_url
from {{ c.project_slug }}.models import Note, db

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


def test_a_note_shows_its_title() -> None:
    assert repr(Note(title="First")) == "<Note None 'First'>"


def test_readiness_reports_an_unreachable_database(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", fail)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}
    # Liveness does not depend on the database.
    assert client.get("/health").status_code == 200


@pytest.mark.parametrize(
    ("url", "expected"),
    [
{%- if c.__postgres %}
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
{%- endif %}
        ("sqlite://", "sqlite://"),
    ],
)
def test_database_url(monkeypatch: pytest.MonkeyPatch, url: str, expected: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    assert database_url("DATABASE_URL", "unused") == expected


def test_readiness_checks_the_database(client: FlaskClient) -> None:
    assert client.get("/health/ready").json == {"status": "ok", "database": "ok"}
