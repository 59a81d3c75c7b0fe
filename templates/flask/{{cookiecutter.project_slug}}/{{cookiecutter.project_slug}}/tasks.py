{%- set c = cookiecutter -%}
"""Background tasks (Celery) and the JSON endpoints that start them and read their results.

Run a worker with: celery -A {{ c.project_slug }}.wsgi:celery_app worker --loglevel INFO
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.result import AsyncResult
from flask import Blueprint, abort, current_app, request
{%- if c.use_login %}
from flask_login import login_required

from .extensions import login_manager
{%- endif %}

bp = Blueprint("tasks", __name__, url_prefix="/tasks")
{%- if c.use_login %}
# Starting a task needs a logged-in session; without one the answer is 401, not a redirect.
login_manager.blueprint_login_views[bp.name] = None
{%- endif %}


@shared_task(ignore_result=False)
def add(a: int, b: int) -> int:
    """A sample task; it runs inside the Flask app context, so it may use the database or config."""
    current_app.logger.info("Adding %s and %s", a, b)
    return a + b


@bp.post("/add")
{%- if c.use_login %}
@login_required
{%- endif %}
def start_add() -> tuple[dict[str, str], int]:
    """Queue `add` with the JSON body {"a": int, "b": int}; answer with the task id."""
    data = request.get_json(silent=True) or {}
    a, b = data.get("a"), data.get("b")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (a, b)):
        abort(400, description='Send JSON such as {"a": 1, "b": 2} with two integers.')
    result = add.delay(a, b)
    return {"task_id": result.id}, 202


@bp.get("/<task_id>")
def task_result(task_id: str) -> dict[str, Any]:
    """The state of a task, and its value once it has finished."""
    result: AsyncResult = current_app.extensions["celery"].AsyncResult(task_id)
    successful = result.successful() if result.ready() else None
    return {
        "task_id": task_id,
        "ready": result.ready(),
        "successful": successful,
        "value": result.result if successful else None,
    }
