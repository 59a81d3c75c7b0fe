{%- set c = cookiecutter -%}
"""The notes resource of the REST API: create, read, update and delete at /api/v1/notes/{% if c.use_login %}
(reading is open; writing needs a logged-in session){% endif %}."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.pagination import PaginationParameters
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from . import api
{%- if c.use_login %}
from .auth import require_login_for_writes
{%- endif %}
from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Note, db

blp = Blueprint(
    "api-notes",
    __name__,
    url_prefix="/api/v1/notes",
    description="Create, read, update, delete notes.",
)


def init_app(app: Flask) -> None:
    api.register(blp)
{%- if c.use_login %}
    require_login_for_writes(app, blp.name)
{%- endif %}


class NoteSchema(Schema):
    id = fields.Integer(dump_only=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=TITLE_MAX_LENGTH))
    body = fields.String(load_default="", validate=validate.Length(max=BODY_MAX_LENGTH))
    created_at = fields.DateTime(dump_only=True)


def get_note_or_404(note_id: int) -> Note:
    return db.get_or_404(Note, note_id, description=f"Note {note_id} does not exist.")


@blp.route("/")
class Notes(MethodView):
    @blp.response(200, NoteSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters: PaginationParameters) -> list[Note]:
        """List the notes, oldest first, a page at a time (?page=&page_size=)."""
        pagination_parameters.item_count = db.session.scalar(select(func.count(Note.id)))
        query = (
            select(Note)
            .order_by(Note.id)
            .offset(pagination_parameters.first_item)
            .limit(pagination_parameters.page_size)
        )
        return list(db.session.scalars(query))

    @blp.arguments(NoteSchema)
    @blp.response(201, NoteSchema)
    def post(self, data: dict[str, Any]) -> Note:
        """Create a note."""
        note = Note(**data)
        db.session.add(note)
        db.session.commit()
        return note


@blp.route("/<int:note_id>")
class NoteById(MethodView):
    @blp.response(200, NoteSchema)
    def get(self, note_id: int) -> Note:
        """Read one note."""
        return get_note_or_404(note_id)

    @blp.arguments(NoteSchema)
    @blp.response(200, NoteSchema)
    def put(self, data: dict[str, Any], note_id: int) -> Note:
        """Replace a note's title and text."""
        note = get_note_or_404(note_id)
        note.title = data["title"]
        note.body = data["body"]
        db.session.commit()
        return note

    @blp.response(204)
    def delete(self, note_id: int) -> None:
        """Delete a note."""
        db.session.delete(get_note_or_404(note_id))
        db.session.commit()
