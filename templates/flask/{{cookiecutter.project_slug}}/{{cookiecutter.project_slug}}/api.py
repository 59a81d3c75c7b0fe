{%- set c = cookiecutter -%}
"""The REST API at /api/v1 (flask-smorest): marshmallow schemas, OpenAPI at /api/openapi.json and
interactive docs at /api/docs/ (Swagger UI, served from this application: no CDN)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from flask import Blueprint as FlaskBlueprint
from flask import Flask, current_app, send_from_directory, url_for
{%- if c.use_sqlalchemy %}
from flask.views import MethodView
{%- endif %}
from flask_smorest import Api, Blueprint
{%- if c.use_sqlalchemy %}
from flask_smorest.pagination import PaginationParameters
{%- endif %}
from marshmallow import Schema, fields, validate
{%- if c.use_sqlalchemy %}
from sqlalchemy import func, select
{%- endif %}
from werkzeug.wrappers import Response
{%- if c.__html or c.use_sqlalchemy %}
{# the local imports #}
{%- endif %}
{%- if c.use_login %}
from .auth import require_login_for_writes
{%- endif %}
{%- if c.__html %}
from .csrf import csrf
{%- endif %}
{%- if c.use_sqlalchemy %}
from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Note, db
{%- endif %}
{%- if c.__html %}
from .pages import Link, add_link
{%- endif %}

SETTINGS = {
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
}
# Swagger UI's files, pinned with the flask-swagger-ui package that ships them, and its page.
SWAGGER_UI = str(files("flask_swagger_ui") / "dist")
DOCS_PAGE = Path(__file__).parent / "apidocs"

api = Api()
api_index = FlaskBlueprint("api_index", __name__, url_prefix="/api")
docs = FlaskBlueprint(
    "docs",
    __name__,
    url_prefix="/api/docs",
    static_folder=SWAGGER_UI,
    static_url_path="/swagger-ui",
)
{%- if c.use_sqlalchemy %}
blp = Blueprint(
    "api-notes",
    __name__,
    url_prefix="/api/v1/notes",
    description="Create, read, update, delete notes.",
)
{%- else %}
blp = Blueprint(
    "api-greetings", __name__, url_prefix="/api/v1/greetings", description="A stateless greeting."
)
{%- endif %}


def init_app(app: Flask) -> None:
    """Bind flask-smorest, register the API and its documentation."""
    app.config.setdefault("API_TITLE", app.config["PROJECT_NAME"])
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    api.init_app(app)
    api.register_blueprint(blp)
    app.register_blueprint(api_index)
    app.register_blueprint(docs)
{%- if c.__html %}
    # The API reads JSON bodies only, which a cross-site form cannot send: no CSRF token needed.
    csrf.exempt(blp)
    add_link(app, Link("API", "docs.index", "Browse and try the REST API."))
{%- else %}
    # The site is its API: the home page says where things are.
    app.add_url_rule("/", endpoint="home", view_func=overview)
{%- endif %}
{%- if c.use_login %}
    require_login_for_writes(app, blp.name)
{%- endif %}


@api_index.get("/")
def overview() -> dict[str, str]:
    """Where to find the API's documentation, its OpenAPI document and its resources."""
    return {
        "name": current_app.config["API_TITLE"],
        "version": current_app.config["API_VERSION"],
        "docs": url_for("docs.index"),
        "openapi": url_for("api-docs.openapi_json"),
        "resources": f"{blp.url_prefix}/",
    }


@docs.get("/")
def index() -> Response:
    """Swagger UI's page; its script and styles are files, as the Content-Security-Policy wants."""
    return send_from_directory(DOCS_PAGE, "index.html")


@docs.get("/swagger-init.js")
def init_script() -> Response:
    return send_from_directory(DOCS_PAGE, "swagger-init.js")
{%- if c.use_sqlalchemy %}


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
{%- else %}


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
