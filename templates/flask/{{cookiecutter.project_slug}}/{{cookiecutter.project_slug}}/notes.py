{%- set c = cookiecutter -%}
"""Notes: the latest at /notes/, and a form at /notes/new that writes one."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, {% if not c.use_wtf %}request, {% endif %}url_for
{%- if c.use_login %}
from flask_login import login_required
{%- endif %}
{%- if c.use_wtf %}
from flask_wtf import FlaskForm
{%- endif %}
from sqlalchemy import select
from werkzeug.wrappers import Response
{%- if c.use_wtf %}
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
{%- endif %}

from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Note, db
from .pages import Link, add_link

bp = Blueprint("notes", __name__, url_prefix="/notes")

LATEST_NOTES = 20


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    add_link(app, Link("Notes", "notes.index", "Read the latest notes and write your own."))
{%- if c.use_wtf %}


class NoteForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=TITLE_MAX_LENGTH)])
    body = TextAreaField("Text", validators=[Optional(), Length(max=BODY_MAX_LENGTH)])
{%- endif %}


@bp.get("/")
def index() -> str:
    """The latest notes, newest first."""
    notes = db.session.scalars(
        select(Note).order_by(Note.created_at.desc(), Note.id.desc()).limit(LATEST_NOTES)
    ).all()
    return render_template("notes/index.html", notes=notes)


@bp.route("/new", methods=["GET", "POST"])
{%- if c.use_login %}
@login_required
{%- endif %}
def new() -> str | Response:
    """Write a new note."""
{%- if c.use_wtf %}
    form = NoteForm()
    if form.validate_on_submit():
        return save(form.title.data or "", form.body.data or "")
    return render_template("notes/new.html", form=form)
{%- else %}
    title = request.form.get("title", "").strip()
    body = request.form.get("body", "")
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not title:
            errors["title"] = "This field is required."
        elif len(title) > TITLE_MAX_LENGTH:
            errors["title"] = f"Use at most {TITLE_MAX_LENGTH} characters."
        if len(body) > BODY_MAX_LENGTH:
            errors["body"] = f"Use at most {BODY_MAX_LENGTH} characters."
        if not errors:
            return save(title, body)
    return render_template("notes/new.html", errors=errors, title=title, body=body)
{%- endif %}


def save(title: str, body: str) -> Response:
    note = Note(title=title, body=body)
    db.session.add(note)
    db.session.commit()
    current_app.logger.info("Note %s created", note.id)
    flash("Note saved.", "success")
    return redirect(url_for("notes.index"))
