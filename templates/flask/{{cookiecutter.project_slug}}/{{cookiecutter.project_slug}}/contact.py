"""A contact form (Flask-WTF): the message is validated and written to the application log."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

from .pages import Link, add_link

bp = Blueprint("contact", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    add_link(app, Link("Contact", "contact.contact", "Send the team a message."))


def normalize_email(value: str | None) -> str | None:
    """Compare addresses without surrounding spaces or case."""
    return value.strip().lower() if value else value


class ContactForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=100)])
    email = EmailField(
        "Email", filters=[normalize_email], validators=[DataRequired(), Email(), Length(max=254)]
    )
    message = TextAreaField("Message", validators=[DataRequired(), Length(max=5_000)])


@bp.route("/contact", methods=["GET", "POST"])
def contact() -> str | Response:
    """Show the form; log a valid message and thank the sender."""
    form = ContactForm()
    if form.validate_on_submit():
        current_app.logger.info(
            "Contact message from %s <%s>: %s", form.name.data, form.email.data, form.message.data
        )
        flash("Thank you, your message was sent.", "success")
        return redirect(url_for("pages.index"))
    return render_template("contact.html", form=form)
