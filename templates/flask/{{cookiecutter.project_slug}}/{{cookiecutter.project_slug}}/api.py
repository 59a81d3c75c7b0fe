{%- set c = cookiecutter -%}
"""The REST API at /api/v1 (flask-smorest): marshmallow schemas, OpenAPI at /api/openapi.json."""

from __future__ import annotations
{%- if c.use_sqlalchemy %}

from typing import Any

from flask.views import MethodView
{%- if c.use_login %}
from flask_login import login_required
{%- endif %}
from flask_smorest import Blueprint, abort
from flask_smorest.pagination import PaginationParameters
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from .extensions import db{% if c.use_login %}, login_manager{% endif %}
from .models import TITLE_MAX_LENGTH, Note

blp = Blueprint(
    "notes", __name__, url_prefix="/api/v1/notes", description="Create, read, update, delete notes."
)
{%- if c.use_login %}
# Reading is open; writing needs a logged-in session. Without one the API answers 401 (JSON)
# instead of redirecting to the login page. Only JSON bodies are read, which a cross-site form
# cannot send, so the session cookie cannot be used for cross-site request forgery.
login_manager.blueprint_login_views[blp.name] = None
{%- endif %}


class NoteSchema(Schema):
    id = fields.Integer(dump_only=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=TITLE_MAX_LENGTH))
    body = fields.String(load_default="")
    created_at = fields.DateTime(dump_only=True)


def get_note_or_404(note_id: int) -> Note:
    note = db.session.get(Note, note_id)
    if note is None:
        abort(404, message=f"Note {note_id} does not exist.")
    return note


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

{% if c.use_login %}    @login_required
{% endif %}    @blp.arguments(NoteSchema)
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

{% if c.use_login %}    @login_required
{% endif %}    @blp.arguments(NoteSchema)
    @blp.response(200, NoteSchema)
    def put(self, data: dict[str, Any], note_id: int) -> Note:
        """Replace a note's title and text."""
        note = get_note_or_404(note_id)
        note.title = data["title"]
        note.body = data["body"]
        db.session.commit()
        return note

{% if c.use_login %}    @login_required
{% endif %}    @blp.response(204)
    def delete(self, note_id: int) -> None:
        """Delete a note."""
        db.session.delete(get_note_or_404(note_id))
        db.session.commit()
{%- else %}

from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

blp = Blueprint(
    "greetings", __name__, url_prefix="/api/v1/greetings", description="A stateless greeting."
)


class GreetingQuerySchema(Schema):
    name = fields.String(load_default="World", validate=validate.Length(min=1, max=100))


class GreetingSchema(Schema):
    message = fields.String(required=True)


@blp.route("/")
@blp.arguments(GreetingQuerySchema, location="query")
@blp.response(200, GreetingSchema)
def greet(args: dict[str, Any]) -> dict[str, str]:
    """Greet `name` (default: World)."""
    return {"message": f"Hello, {args['name']}!"}
{%- endif %}
