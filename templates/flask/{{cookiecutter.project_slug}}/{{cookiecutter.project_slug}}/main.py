{%- set c = cookiecutter -%}
{%- set forms = c.use_sqlalchemy or c.use_wtf -%}
{%- set flask_names = ["Blueprint"] + (["current_app", "flash", "redirect"] if forms else []) + ["render_template"] + (["request"] if c.use_sqlalchemy and not c.use_wtf else []) + (["url_for"] if forms else []) -%}
{%- set ext_names = (["cache"] if c.use_caching else []) + (["db"] if c.use_sqlalchemy else []) -%}
{%- set model_names = (["TITLE_MAX_LENGTH"] if not c.use_wtf else []) + ["Note"] + (["User"] if c.use_login and c.use_caching else []) -%}
"""The main blueprint: the home page{% if c.use_sqlalchemy %}, notes{% endif %}{% if c.use_wtf %}, contact{% endif %}{% if c.use_caching %}, statistics{% endif %}."""

from __future__ import annotations
{%- if c.use_caching %}

from datetime import UTC, datetime
{%- endif %}

from flask import {{ flask_names | join(", ") }}
{%- if c.use_sqlalchemy %}
from sqlalchemy import {% if c.use_caching %}func, {% endif %}select
{%- endif %}
{%- if forms %}
from werkzeug.wrappers import Response
{%- endif %}
{%- if ext_names or c.use_wtf %}
{# a blank line before the local imports #}
{%- endif %}
{%- if ext_names %}
from .extensions import {{ ext_names | join(", ") }}
{%- endif %}
{%- if c.use_wtf %}
from .forms import ContactForm{% if c.use_sqlalchemy %}, NoteForm{% endif %}
{%- endif %}
{%- if c.use_sqlalchemy %}
from .models import {{ model_names | join(", ") }}
{%- endif %}

bp = Blueprint("main", __name__)
{%- if c.use_sqlalchemy %}

LATEST_NOTES = 20
{%- endif %}


@bp.get("/")
def index() -> str:
    """The home page{% if c.use_sqlalchemy %}, with the latest notes{% endif %}."""
{%- if c.use_sqlalchemy %}
    notes = db.session.scalars(
        select(Note).order_by(Note.created_at.desc(), Note.id.desc()).limit(LATEST_NOTES)
    ).all()
    return render_template("index.html", notes=notes)
{%- else %}
    return render_template("index.html")
{%- endif %}
{%- if c.use_sqlalchemy %}


@bp.route("/notes/new", methods=["GET", "POST"])
def new_note() -> str | Response:
    """Write a new note."""
{%- if c.use_wtf %}
    form = NoteForm()
    if form.validate_on_submit():
        note = Note(title=form.title.data, body=form.body.data or "")
        db.session.add(note)
        db.session.commit()
        current_app.logger.info("Note %s created", note.id)
        flash("Note saved.", "success")
        return redirect(url_for("main.index"))
    return render_template("notes/new.html", form=form)
{%- else %}
    errors: list[str] = []
    title = request.form.get("title", "").strip()
    body = request.form.get("body", "").strip()
    if request.method == "POST":
        if not title:
            errors.append("Title is required.")
        elif len(title) > TITLE_MAX_LENGTH:
            errors.append(f"Title must be at most {TITLE_MAX_LENGTH} characters.")
        else:
            note = Note(title=title, body=body)
            db.session.add(note)
            db.session.commit()
            current_app.logger.info("Note %s created", note.id)
            flash("Note saved.", "success")
            return redirect(url_for("main.index"))
    return render_template("notes/new.html", errors=errors, title=title, body=body)
{%- endif %}
{%- endif %}
{%- if c.use_wtf %}


@bp.route("/contact", methods=["GET", "POST"])
def contact() -> str | Response:
    """A contact form: the message is validated and written to the application log."""
    form = ContactForm()
    if form.validate_on_submit():
        current_app.logger.info(
            "Contact message from %s <%s>: %s", form.name.data, form.email.data, form.message.data
        )
        flash("Thank you, your message was sent.", "success")
        return redirect(url_for("main.index"))
    return render_template("contact.html", form=form)
{%- endif %}
{%- if c.use_caching %}


@bp.get("/stats")
@cache.cached(timeout=60)
def stats() -> dict[str, int | str]:
    """Site statistics, computed at most once a minute and served from the cache in between."""
    return {
{%- if c.use_sqlalchemy %}
        "notes": db.session.scalar(select(func.count(Note.id))) or 0,
{%- endif %}
{%- if c.use_login %}
        "users": db.session.scalar(select(func.count(User.id))) or 0,
{%- endif %}
        "generated_at": datetime.now(UTC).isoformat(),
    }
{%- endif %}
