"""The Flask-Admin back-office at /admin, open only to admin users, and `flask create-admin`."""

from __future__ import annotations

from typing import Any

import click
from flask import Flask, abort, redirect, request, url_for
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import BaseForm
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from .auth import MIN_PASSWORD_LENGTH, User, normalize_email
from .models import Note, db
from .pages import Link, add_link
from .security import relax_content_security_policy


def init_app(app: Flask) -> None:
    """Bind the back-office to `app`, named after the project, and add `flask create-admin`."""
    admin = Admin(
        name=f"{app.config['PROJECT_NAME']} admin",
        theme=Bootstrap4Theme(fluid=True),
        index_view=AdminHomeView(),
    )
    admin.add_view(NoteView(Note, db, name="Notes"))
    admin.add_view(UserView(User, db, name="Users"))
    admin.init_app(app)
    app.cli.add_command(create_admin)
    # Flask-Admin's pages run inline event handlers (delete, bulk actions); the rest of the site
    # keeps the strict policy. Only admins reach these pages.
    relax_content_security_policy(app, "/admin/", {"script-src": "'self' 'unsafe-inline'"})
    add_link(app, Link("Admin", "admin.index", "Manage the data.", visible=is_admin_user))


def is_admin_user() -> bool:
    return bool(current_user.is_authenticated and current_user.is_admin)


def refuse() -> Response:
    """Send anonymous visitors to the log-in page; refuse logged-in non-admins."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    abort(403)


class AdminForm(BaseForm):
    """Flask-Admin's form base, which its unique-value checks need, with Flask-WTF's CSRF token."""

    class Meta(FlaskForm.Meta):
        pass


class AdminHomeView(AdminIndexView):
    """The back-office's first page: how much there is to manage, and where."""

    def is_accessible(self) -> bool:
        return is_admin_user()

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Response:
        return refuse()

    @expose("/")
    def index(self) -> str:
        counts = {
            "Notes": ("note.index_view", db.session.scalar(select(func.count(Note.id)))),
            "Users": ("user.index_view", db.session.scalar(select(func.count(User.id)))),
        }
        page: str = self.render("admin/index.html", counts=counts)
        return page


class SecureModelView(ModelView):
    form_base_class = AdminForm

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


@click.command("create-admin")
@click.option("--email", prompt=True, help="The admin's email address.")
@click.password_option(help="The admin's password (asked twice when not given).")
def create_admin(email: str, password: str) -> None:
    """Create an admin user, or make an existing user an admin."""
    email = normalize_email(email)
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
