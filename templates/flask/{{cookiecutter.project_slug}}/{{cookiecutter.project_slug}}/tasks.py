{%- set c = cookiecutter -%}
"""Background tasks (Celery), the schedule that starts some of them, and the JSON endpoints that
queue a task and read its result.

Run workers, and one scheduler, each in its own process:

    celery -A {{ c.project_slug }}.wsgi:celery_app worker --loglevel INFO
    celery -A {{ c.project_slug }}.wsgi:celery_app beat --loglevel INFO

Without REDIS_URL (the tests, or development without Redis) tasks run at once, in-process.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeGuard

from celery import Celery, Task, shared_task
from celery.result import AsyncResult
from flask import Blueprint, Flask, abort, current_app, request
{%- if c.__html %}

{% if c.use_login -%}
from .auth import require_login_for_writes
{% endif -%}
from .csrf import csrf
{%- endif %}

if TYPE_CHECKING:
    # With celery-types installed, Task is generic for the type checker only.
    BaseTask = Task[Any, Any]
else:
    BaseTask = Task

bp = Blueprint("tasks", __name__, url_prefix="/tasks")

# Production settings: a task is acknowledged once it has run, so a worker that dies mid-task
# leaves it for another; one task is reserved at a time; runaway tasks are stopped.
CELERY_SETTINGS: dict[str, Any] = {
    "task_acks_late": True,
    "task_reject_on_worker_lost": True,
    "worker_prefetch_multiplier": 1,
    "task_soft_time_limit": 60,
    "task_time_limit": 90,
    "task_ignore_result": True,
    "result_expires": 24 * 3600,
    "broker_connection_retry_on_startup": True,
    # The application's logging configuration stays in charge (see logs.py).
    "worker_hijack_root_logger": False,
    "beat_schedule": {
        "heartbeat": {"task": f"{__name__}.heartbeat", "schedule": 300.0},
    },
}


def init_app(app: Flask) -> Celery[Any]:
    """Create the Celery app; every task runs in an app context and retries on network errors."""

    class FlaskTask(BaseTask):
        # A connection error (mail server, another service) is retried with growing, jittered
        # delays: about 1, 2, 4, 8 then 16 seconds.
        autoretry_for = (OSError,)
        retry_backoff = True
        retry_backoff_max = 600
        retry_jitter = True
        max_retries = 5

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    redis_url = app.config["REDIS_URL"]
    celery_app: Celery[Any] = Celery(app.name, task_cls=FlaskTask)
    celery_app.conf.update(CELERY_SETTINGS)
    if redis_url:
        celery_app.conf.update(broker_url=redis_url, result_backend=redis_url)
    else:
        celery_app.conf.update(
            broker_url="memory://",
            result_backend="cache+memory://",
            task_always_eager=True,
            task_store_eager_result=True,
        )
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    app.register_blueprint(bp)
{%- if c.__html %}
    # These endpoints read JSON only, which a cross-site form cannot send: no CSRF token needed.
    csrf.exempt(bp)
{%- endif %}
{%- if c.use_login %}
    require_login_for_writes(app, bp.name)
{%- endif %}
    return celery_app


@shared_task(ignore_result=False)
def add(a: int, b: int) -> int:
    """A sample task; it runs inside the Flask app context, so it may use the database or config."""
    current_app.logger.info("Adding %s and %s", a, b)
    return a + b


@shared_task
def heartbeat() -> str:
    """Every five minutes: a log line that proves beat and a worker run (alert when it stops)."""
    now = datetime.now(UTC).isoformat()
    current_app.logger.info("Heartbeat at %s", now)
    return now


@bp.post("/add")
def start_add() -> tuple[dict[str, str], int]:
    """Queue `add` with the JSON body {"a": int, "b": int}; answer with the task id."""
    data = request.get_json(silent=True) or {}
    a, b = data.get("a"), data.get("b")
    if not (is_integer(a) and is_integer(b)):
        abort(400, description='Send JSON such as {"a": 1, "b": 2} with two integers.')
    result = add.delay(a, b)
    return {"task_id": result.id}, 202


def is_integer(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


@bp.get("/<task_id>")
def task_result(task_id: str) -> dict[str, Any]:
    """The state of a task, and its value once it has finished."""
    result: AsyncResult[Any] = current_app.extensions["celery"].AsyncResult(task_id)
    successful = result.successful() if result.ready() else None
    return {
        "task_id": task_id,
        "ready": result.ready(),
        "successful": successful,
        "value": result.result if successful else None,
    }
