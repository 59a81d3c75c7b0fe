{%- set c = cookiecutter -%}
"""Error handlers: every HTTP error, and the 500 Flask makes of an unhandled exception, answered as
{{ "a page inside the site's layout, or JSON where the client reads JSON." if c.__html else "JSON." }}
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify{% if c.__html %}, render_template, request{% endif %}
from werkzeug.exceptions import HTTPException{% if c.__html %}, SecurityError{% endif %}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)


def error_payload(error: HTTPException) -> dict[str, Any]:
    """{"code", "status", "message"}, plus "errors" for invalid input (the API's own format)."""
    data: dict[str, Any] = getattr(error, "data", None) or {}
    payload: dict[str, Any] = {
        "code": error.code,
        "status": error.name,
        "message": data.get("message", error.description),
    }
    if "messages" in data:
        payload["errors"] = data["messages"]
    return payload
{%- if c.__html %}


def wants_json() -> bool:
    """True when the client should get JSON rather than a page."""
{%- if c.use_api %}
    if request.path.startswith("/api/"):
        return True
{%- endif %}
    preferred = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or preferred == "application/json"
{%- endif %}


def handle_http_exception(error: HTTPException) -> tuple[Any, int]:
    """Answer an HTTP error in the format the client reads."""
    code = error.code or 500
{%- if c.__html %}
    # An untrusted Host header leaves no way to build the layout's links: that answer is JSON.
    if not wants_json() and not isinstance(error, SecurityError):
        return render_template("errors/error.html", error=error), code
{%- endif %}
    response: Response = jsonify(error_payload(error))
    # Headers the error carries, such as Allow or Retry-After, reach the client.
    response.headers.update(
        {name: value for name, value in error.get_headers() if name != "Content-Type"}
    )
    return response, code
