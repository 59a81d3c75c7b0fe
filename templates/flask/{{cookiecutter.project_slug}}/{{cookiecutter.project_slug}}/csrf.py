"""CSRF protection (Flask-WTF's CSRFProtect) for every form the site has, WTForms form or not.

A POST, PUT, PATCH or DELETE without the session's token is refused with 400. A page puts the
token in its form with `<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">`.
A JSON-only blueprint that reads no form says so with `csrf.exempt(blueprint)` in its own module.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFError, CSRFProtect

from .errors import handle_http_exception

csrf = CSRFProtect()
EXPLANATION = (
    "This form could not be checked (CSRF: {reason}) It may have been open too long, or come "
    "from another site. Go back, reload the page and send it again."
)


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.register_error_handler(CSRFError, explain)


def explain(error: CSRFError) -> tuple[Any, int]:
    """Say what the user can do about a refused form, on the site's usual error page."""
    error.description = EXPLANATION.format(reason=error.description)
    return handle_http_exception(error)
