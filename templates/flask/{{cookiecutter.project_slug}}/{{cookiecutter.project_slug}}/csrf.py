"""CSRF protection (Flask-WTF's CSRFProtect) for every form the site has, WTForms form or not.

A POST, PUT, PATCH or DELETE without the session's token is refused with 400. A page puts the
token in its form with `<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">`.
A JSON-only blueprint that reads no form says so with `csrf.exempt(blueprint)` in its own module.
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    csrf.init_app(app)
