"""Health checks for load balancers, uptime monitors and orchestrators such as Kubernetes.

- `GET /health`, liveness: the process is up and serving requests. It does no I/O, so a slow
  dependency never gets healthy workers restarted.
- `GET /health/ready`, readiness: every check a feature added with `add_check` (the database, for
  one) passes, else 503, so traffic goes only to instances that can serve it.

Both answer plain HTTP in production too (see security.py): probes come from inside the network.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Flask, current_app

bp = Blueprint("health", __name__, url_prefix="/health")


def init_app(app: Flask) -> None:
    app.extensions["readiness_checks"] = {}
    app.register_blueprint(bp)


def add_check(app: Flask, name: str, check: Callable[[], bool]) -> None:
    """Make readiness depend on `check()`, reported under `name`."""
    app.extensions["readiness_checks"][name] = check


@bp.get("")
def live() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@bp.get("/ready")
def ready() -> tuple[dict[str, str], int]:
    """Readiness: 200 when every check passes, else 503; each check's result is listed."""
    checks = current_app.extensions["readiness_checks"]
    results = {name: "ok" if check() else "unreachable" for name, check in checks.items()}
    healthy = all(result == "ok" for result in results.values())
    return {"status": "ok" if healthy else "error", **results}, 200 if healthy else 503
