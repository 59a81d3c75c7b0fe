{%- set c = cookiecutter -%}
"""Notes: the home page lists them and a form writes them; readiness needs the database."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from {{ c.project_slug }}.extensions import db
from {{ c.project_slug }}.models import Note


def test_home_page_lists_notes(client: FlaskClient) -> None:
    assert b"No notes yet" in client.get("/").data
    db.session.add(Note(title="Shopping <list>", body="Milk"))
    db.session.commit()
    page = client.get("/").data
    assert b"Shopping &lt;list&gt;" in page
    assert b"Milk" in page


def test_new_note_form(client: FlaskClient) -> None:
    assert client.get("/notes/new").status_code == 200
    response = client.post("/notes/new", data={"title": "First", "body": "Hello"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    note = db.session.scalars(select(Note)).one()
    assert (note.title, note.body) == ("First", "Hello")
    assert repr(note) == f"<Note {note.id} 'First'>"
    assert note.created_at is not None
    assert b"Note saved." in client.get("/").data


@pytest.mark.parametrize("title", ["", "x" * 121])
def test_new_note_form_rejects_a_bad_title(client: FlaskClient, title: str) -> None:
    response = client.post("/notes/new", data={"title": title, "body": "Hello"})
    assert response.status_code == 200
    assert b'class="error"' in response.data
    assert db.session.scalars(select(Note)).all() == []


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
