{%- set c = cookiecutter -%}
"""The REST API (flask-smorest): OpenAPI at /api/openapi.json and interactive docs at /api/docs/
(Swagger UI, served from this application: no CDN). Each resource is a feature of its own that
registers its blueprint here with `register`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from flask import Blueprint as FlaskBlueprint
from flask import Flask, current_app, send_from_directory, url_for
from flask_smorest import Api, Blueprint
from werkzeug.wrappers import Response
{%- if c.__html %}

from .csrf import csrf
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


def init_app(app: Flask) -> None:
    """Bind flask-smorest and serve the API's overview and documentation."""
    app.config.setdefault("API_TITLE", app.config["PROJECT_NAME"])
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    api.init_app(app)
    app.register_blueprint(api_index)
    app.register_blueprint(docs)
{%- if c.__html %}
    add_link(app, Link("API", "docs.index", "Browse and try the REST API."))
{%- else %}
    # The site is its API: the home page says where things are.
    app.add_url_rule("/", endpoint="home", view_func=overview)
{%- endif %}


def register(blueprint: Blueprint) -> None:
    """Add a resource's blueprint to the API (and to its OpenAPI document)."""
    api.register_blueprint(blueprint)
{%- if c.__html %}
    # The API reads JSON bodies only, which a cross-site form cannot send: no CSRF token needed.
    csrf.exempt(blueprint)
{%- endif %}


@api_index.get("/")
def overview() -> dict[str, str]:
    """Where to find the API's documentation and its OpenAPI document."""
    return {
        "name": current_app.config["API_TITLE"],
        "version": current_app.config["API_VERSION"],
        "docs": url_for("docs.index"),
        "openapi": url_for("api-docs.openapi_json"),
    }


@docs.get("/")
def index() -> Response:
    """Swagger UI's page; its script and styles are files, as the Content-Security-Policy wants."""
    return send_from_directory(DOCS_PAGE, "index.html")


@docs.get("/swagger-init.js")
def init_script() -> Response:
    return send_from_directory(DOCS_PAGE, "swagger-init.js")
