{%- set c = cookiecutter -%}
"""Error handlers: an HTML page for browsers, JSON for {% if c.use_api %}the API and {% endif %}clients that ask for it."""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException
{%- if c.use_api %}

from .extensions import api
{%- endif %}


def wants_json() -> bool:
    """True for {% if c.use_api %}the API, {% endif %}JSON requests and clients that prefer JSON to HTML."""
    return (
{%- if c.use_api %}
        request.path.startswith("/api/")
        or request.is_json
{%- else %}
        request.is_json
{%- endif %}
        or request.accept_mimetypes.best_match(["text/html", "application/json"])
        == "application/json"
    )


def handle_http_exception(error: HTTPException) -> tuple[object, ...]:
    """Render any HTTP error, including the 500 Flask makes of an unhandled exception."""
    if wants_json():
{%- if c.use_api %}
        # flask-smorest's payload: {"code", "status", "message", "errors"}.
        return api.handle_http_exception(error)
{%- else %}
        return {"code": error.code, "status": error.name, "message": error.description}, error.code
{%- endif %}
    return render_template("errors/error.html", error=error), error.code


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
