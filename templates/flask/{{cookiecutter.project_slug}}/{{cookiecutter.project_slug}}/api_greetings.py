"""The greetings resource of the REST API: a stateless example at /api/v1/greetings/."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from . import api

blp = Blueprint(
    "api-greetings", __name__, url_prefix="/api/v1/greetings", description="A stateless greeting."
)


def init_app(app: Flask) -> None:
    api.register(blp)


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
