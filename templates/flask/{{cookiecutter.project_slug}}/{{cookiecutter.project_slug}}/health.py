{%- set c = cookiecutter -%}
"""Health checks for load balancers, uptime monitors and orchestrators such as Kubernetes.

- `GET /health`, liveness: the process is up and serving requests. It does no I/O, so a slow
  {% if c.use_sqlalchemy %}database{% else %}dependency{% endif %} never gets healthy workers restarted.
- `GET /health/ready`, readiness: {% if c.use_sqlalchemy %}the database answers `SELECT 1` (503 when it does not), so
  traffic goes only to instances that can serve it.{% else %}the application has no database or other service to
  wait for, so it is ready as soon as it serves.{% endif %}

Both answer plain HTTP in production too (see security.py): probes come from inside the network.
"""

from __future__ import annotations

from flask import Blueprint, Flask{% if c.use_sqlalchemy %}, current_app{% endif %}
{%- if c.use_sqlalchemy %}
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .models import db
{%- endif %}

bp = Blueprint("health", __name__, url_prefix="/health")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("")
def live() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@bp.get("/ready")
def ready() -> tuple[dict[str, str], int]:
    """Readiness: {% if c.use_sqlalchemy %}200 when the database answers, else 503{% else %}the application depends on no service, so it is ready{% endif %}."""
{%- if c.use_sqlalchemy %}
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("Readiness check: the database is unreachable")
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
{%- else %}
    return {"status": "ok"}, 200
{%- endif %}
