"""CORS (Flask-CORS): browsers on the origins in CORS_ORIGINS may call the API, and only those."""

from __future__ import annotations

from flask import Flask
from flask_cors import CORS

cors = CORS()


def init_app(app: Flask) -> None:
    cors.init_app(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}})
