{%- set c = cookiecutter -%}
"""Notes: /notes/ lists them, a form writes them{% if c.use_login %} (after log-in){% endif %}; readiness needs the database."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from {{ c.project_slug }}.models import Note, db
{%- if c.use_login %}


@pytest.fixture
def writer(logged_in: FlaskClient) -> FlaskClient:
    """Writing a note needs a log-in."""
    return logged_in


def test_anonymous_visitors_cannot_write(client: FlaskClient) -> None:
    assert client.get("/notes/new").status_code == 302
    response = client.post("/notes/new", data={"title": "Anonymous", "body": ""})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
    assert db.session.scalars(select(Note)).all() == []
{%- else %}


@pytest.fixture
def writer(client: FlaskClient) -> FlaskClient:
    return client
{%- endif %}


def test_notes_page_lists_notes(client: FlaskClient) -> None:
    assert b"No notes yet" in client.get("/notes/").data
    db.session.add(Note(title="Shopping <list>", body="Milk\nBread"))
    db.session.commit()
    page = client.get("/notes/").data
    assert b"Shopping &lt;list&gt;" in page
    # The line break is kept in the page; the stylesheet shows it (white-space: pre-line).
    assert b'<p class="note-body">Milk\nBread</p>' in page


def test_new_note_form(writer: FlaskClient) -> None:
    assert writer.get("/notes/new").status_code == 200
    response = writer.post("/notes/new", data={"title": "First", "body": "Hello"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/notes/"
    note = db.session.scalars(select(Note)).one()
    assert (note.title, note.body) == ("First", "Hello")
    assert note.created_at is not None
    assert b"Note saved." in writer.get("/notes/").data


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [("", "Hello", "title"), ("x" * 121, "Hello", "title"), ("Fine", "x" * 10_001, "body")],
)
def test_new_note_form_shows_errors_next_to_the_field(
    writer: FlaskClient, title: str, body: str, field: str
) -> None:
    response = writer.post("/notes/new", data={"title": title, "body": body})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # The error follows its own field, before the next one.
    field_at = page.index(f'id="{field}"')
    error_at = page.index('class="field-error"')
    assert field_at < error_at
    assert page.count('class="field-error"') == 1
    assert db.session.scalars(select(Note)).all() == []
