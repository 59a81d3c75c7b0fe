{%- set c = cookiecutter -%}
"""Flask-WTF forms; each carries a CSRF token that CSRFProtect checks on every POST."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import {% if c.use_login %}PasswordField, {% endif %}StringField, TextAreaField
from wtforms.validators import DataRequired, Email, {% if c.use_login %}EqualTo, {% endif %}Length{% if c.use_sqlalchemy %}, Optional{% endif %}
{%- if c.use_sqlalchemy %}

from .models import TITLE_MAX_LENGTH
{%- endif %}
{%- if c.use_login %}

MIN_PASSWORD_LENGTH = 8
{%- endif %}


def normalize_email(value: str | None) -> str | None:
    """Compare addresses without surrounding spaces or case."""
    return value.strip().lower() if value else value
{%- if c.use_sqlalchemy %}


class NoteForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=TITLE_MAX_LENGTH)])
    body = TextAreaField("Text", validators=[Optional(), Length(max=10_000)])
{%- endif %}


class ContactForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=100)])
    email = StringField(
        "Email",
        filters=[normalize_email],
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    message = TextAreaField("Message", validators=[DataRequired(), Length(max=5_000)])
{%- if c.use_login %}


class RegisterForm(FlaskForm):
    email = StringField(
        "Email",
        filters=[normalize_email],
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=128)]
    )
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")]
    )


class LoginForm(FlaskForm):
    email = StringField("Email", filters=[normalize_email], validators=[DataRequired(), Email()])
    password = PasswordField("Password", validators=[DataRequired()])
{%- endif %}
