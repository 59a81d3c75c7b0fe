{%- set c = cookiecutter -%}
"""The Flask-Admin back-office at /admin, open only to admin users, and `flask create-admin`."""

from __future__ import annotations

from typing import Any

import click
from flask import Flask, abort, redirect, request, url_for
from flask_admin import AdminIndexView
from flask_admin.contrib.sqla import ModelView
{%- if not c.use_wtf %}
from flask_admin.form import SecureForm
{%- endif %}
from flask_login import current_user
{%- if c.use_wtf %}
from flask_wtf import FlaskForm
{%- endif %}
from sqlalchemy import select
from werkzeug.wrappers import Response

from .extensions import admin, db
from .models import Note, User

MIN_PASSWORD_LENGTH = 8


def is_admin_user() -> bool:
    return bool(current_user.is_authenticated and current_user.is_admin)


def refuse() -> Response:
    """Send anonymous visitors to the login page; refuse logged-in non-admins."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    abort(403)


class SecureIndexView(AdminIndexView):
    def is_accessible(self) -> bool:
        return is_admin_user()

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Response:
        return refuse()


class SecureModelView(ModelView):
    # Every admin form carries a CSRF token.
    form_base_class = {% if c.use_wtf %}FlaskForm{% else %}SecureForm{% endif %}

    def is_accessible(self) -> bool:
        return is_admin_user()

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Response:
        return refuse()


class NoteView(SecureModelView):
    column_list = ("id", "title", "created_at")
    column_searchable_list = ("title", "body")
    column_default_sort = ("created_at", True)
    form_excluded_columns = ("created_at",)


class UserView(SecureModelView):
    can_create = False
    column_list = ("id", "email", "is_admin", "created_at")
    column_searchable_list = ("email",)
    form_excluded_columns = ("password_hash", "created_at")


admin.add_view(NoteView(Note, db, name="Notes"))
admin.add_view(UserView(User, db, name="Users"))


def init_admin(app: Flask) -> None:
    """Bind the back-office to `app` and add the `flask create-admin` command."""
    admin.init_app(app, index_view=SecureIndexView())
    app.cli.add_command(create_admin)


@click.command("create-admin")
@click.option("--email", prompt=True, help="The admin's email address.")
@click.password_option(help="The admin's password (asked twice when not given).")
def create_admin(email: str, password: str) -> None:
    """Create an admin user, or make an existing user an admin."""
    email = email.strip().lower()
    if "@" not in email:
        raise click.BadParameter(
            "enter an email address such as admin@example.com", param_hint="--email"
        )
    user = db.session.scalar(select(User).filter_by(email=email))
    if user is None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise click.BadParameter(
                f"use at least {MIN_PASSWORD_LENGTH} characters", param_hint="--password"
            )
        user = User(email=email)
        user.set_password(password)
        db.session.add(user)
    user.is_admin = True
    db.session.commit()
    click.echo(f"{email} is an admin; log in at /admin.")
