{%- set c = cookiecutter -%}
"""Flask-Caching: Redis when REDIS_URL is set (production), else a cache in this process; `/stats`
is computed at most once a minute and served from the cache in between."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Flask
from flask_caching import Cache
{%- if c.use_sqlalchemy %}
from sqlalchemy import func, select

{% if c.use_login -%}
from .auth import User
{% endif -%}
from .models import Note, db
{%- endif %}

cache = Cache()
bp = Blueprint("caching", __name__)


def init_app(app: Flask) -> None:
    redis_url = app.config["REDIS_URL"]
    app.config.setdefault("CACHE_TYPE", "RedisCache" if redis_url else "SimpleCache")
    app.config.setdefault("CACHE_REDIS_URL", redis_url)
    app.config.setdefault("CACHE_DEFAULT_TIMEOUT", 300)
    cache.init_app(app)
    app.register_blueprint(bp)


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
