{%- set c = cookiecutter -%}
"""Database models (SQLAlchemy 2 style); `migrations/` holds their schema history."""

from __future__ import annotations

from datetime import UTC, datetime

{% if c.use_login -%}
from flask import current_app
from flask_login import UserMixin
{% endif -%}
from sqlalchemy import {% if c.use_admin %}Boolean, {% endif %}DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column
{%- if c.use_login %}
from werkzeug.security import check_password_hash, generate_password_hash
{%- endif %}

from .extensions import db{% if c.use_login %}, login_manager{% endif %}

TITLE_MAX_LENGTH = 120


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Note(db.Model):
    """A short titled note, listed on the home page."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<Note {self.id} {self.title!r}>"
{%- if c.use_login %}


class User(UserMixin, db.Model):
    """An account that logs in with its email address; only the password hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
{%- if c.use_admin %}
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
{%- endif %}
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def set_password(self, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r}>"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login: the user stored in the session, if they still exist."""
    return db.session.get(User, int(user_id))
{%- endif %}
