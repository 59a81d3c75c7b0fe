{%- set c = cookiecutter -%}
"""Celery: the sample task runs in the app context; the endpoints queue it and report its result."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from {{ c.project_slug }}.tasks import add


@pytest.mark.usefixtures("app")
def test_add_task_runs() -> None:
    assert add.delay(2, 3).get(timeout=5) == 5


{%- if c.use_login %}


def test_starting_a_task_needs_a_login(client: FlaskClient) -> None:
    response = client.post("/tasks/add", json={"a": 2, "b": 40})
    assert response.status_code == 401
    assert response.json["code"] == 401
{%- endif %}


def test_queue_a_task_and_read_its_result({% if c.use_login %}logged_in{% else %}client{% endif %}: FlaskClient) -> None:
{%- if c.use_login %}
    client = logged_in
{%- endif %}
    response = client.post("/tasks/add", json={"a": 2, "b": 40})
    assert response.status_code == 202
    task_id = response.json["task_id"]
    result = client.get(f"/tasks/{task_id}").json
    assert result == {"task_id": task_id, "ready": True, "successful": True, "value": 42}


def test_an_unknown_task_is_pending(client: FlaskClient) -> None:
    result = client.get("/tasks/no-such-task").json
    assert result == {"task_id": "no-such-task", "ready": False, "successful": None, "value": None}


def test_bad_input_is_a_json_400({% if c.use_login %}logged_in{% else %}client{% endif %}: FlaskClient) -> None:
    response = {% if c.use_login %}logged_in{% else %}client{% endif %}.post("/tasks/add", json={"a": 2, "b": "forty"})
    assert response.status_code == 400
    assert response.json["code"] == 400
