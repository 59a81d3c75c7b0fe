"""The database (Flask-SQLAlchemy, SQLAlchemy 2 style) and the notes.

`migrations/` holds the schema's history (Flask-Migrate).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, String, Text, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from . import health

TITLE_MAX_LENGTH = 120
BODY_MAX_LENGTH = 10_000


class Base(DeclarativeBase):
    """Declarative base with named constraints, so migrations can alter them on every database."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


def init_app(app: Flask) -> None:
    """Bind the database; `flask db ...` (Flask-Migrate) manages its schema."""
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    health.add_check(app, "database", database_answers)


def database_answers() -> bool:
    """Readiness: the database answers `SELECT 1`."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("Readiness check: the database is unreachable")
        return False
    return True


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Note(db.Model):  # type: ignore[name-defined]
    """A short titled note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<Note {self.id} {self.title!r}>"
