{%- set c = cookiecutter -%}
"""Health checks for load balancers, uptime monitors and orchestrators such as Kubernetes.

- `GET /health`, liveness: the process is up and serving requests. It does no I/O, so a slow
  database never gets healthy workers restarted. `LivenessCheck` answers it in front of the
  application, without the per-request work of a page (session, {% if c.use_login %}login, {% endif %}{% if c.use_wtf %}CSRF, {% endif %}hooks) that a
  probe sent every few seconds has no use for; it is not a Flask route, so `flask routes` omits it.
- `GET /health/ready`, readiness: {% if c.use_sqlalchemy %}the database answers `SELECT 1` (503 when it does not), so
  traffic goes only to instances that can serve it.{% else %}the application has no database or other service to
  wait for, so it is ready as soon as it serves.{% endif %}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Blueprint{% if c.use_sqlalchemy %}, current_app{% endif %}
{%- if c.use_sqlalchemy %}
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
{%- endif %}

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

LIVENESS_PATH = "/health"
LIVENESS_BODY = b'{"status":"ok"}\n'

bp = Blueprint("health", __name__, url_prefix=LIVENESS_PATH)


class LivenessCheck:
    """WSGI middleware: answers GET and HEAD /health itself, passes every other request on."""

    def __init__(self, app: WSGIApp, headers: Iterable[tuple[str, str]] = ()) -> None:
        self.app = app
        # Built once: the response never changes.
        self.headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(LIVENESS_BODY))),
            *headers,
        ]

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if environ.get("PATH_INFO") != LIVENESS_PATH or method not in {"GET", "HEAD"}:
            return self.app(environ, start_response)
        start_response("200 OK", list(self.headers))
        return [] if method == "HEAD" else [LIVENESS_BODY]


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
