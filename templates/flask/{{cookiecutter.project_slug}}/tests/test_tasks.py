{%- set c = cookiecutter -%}
"""Celery: production settings, retries, the schedule, and the endpoints that queue a task."""

from __future__ import annotations

import importlib

import pytest
from celery import shared_task
from flask import Flask
from flask.testing import FlaskClient

from {{ c.project_slug }} import create_app
from {{ c.project_slug }}.tasks import add, heartbeat

attempts: list[int] = []


@shared_task
def flaky() -> str:
    """Fails with a connection error the first time, then succeeds."""
    attempts.append(len(attempts) + 1)
    if len(attempts) == 1:
        raise ConnectionError("the mail server did not answer")
    return "sent"


@pytest.fixture(autouse=True)
def current_celery_app(app: Flask) -> None:
    """Tasks run in the Celery app made last; an app another test built may have been it."""
    app.extensions["celery"].set_current()


def test_add_task_runs() -> None:
    assert add.delay(2, 3).get(timeout=5) == 5


def test_a_task_that_fails_on_the_network_is_retried() -> None:
    attempts.clear()
    assert flaky.delay().get(timeout=5) == "sent"
    assert attempts == [1, 2]


def test_the_heartbeat_is_scheduled(app: Flask) -> None:
    celery_app = app.extensions["celery"]
    entry = celery_app.conf.beat_schedule["heartbeat"]
    assert entry["task"] == heartbeat.name
    assert heartbeat.delay().get(timeout=5)


def test_the_wsgi_module_exposes_the_celery_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "testing")
    wsgi = importlib.import_module("{{ c.project_slug }}.wsgi")
    assert wsgi.celery_app is wsgi.app.extensions["celery"]


def test_production_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "k" * 50)
    monkeypatch.setenv("TRUSTED_HOSTS", "example.com")
    monkeypatch.setenv("REDIS_URL", "redis://queue.internal:6379/2")
    conf = create_app("production").extensions["celery"].conf
    assert conf.broker_url == conf.result_backend == "redis://queue.internal:6379/2"
    assert not conf.task_always_eager
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.worker_hijack_root_logger is False
{%- if c.use_login %}


def test_starting_a_task_needs_a_login(client: FlaskClient) -> None:
    response = client.post("/tasks/add", json={"a": 2, "b": 40})
    assert response.status_code == 401
    assert response.json is not None
    assert response.json["code"] == 401


@pytest.fixture
def starter(logged_in: FlaskClient) -> FlaskClient:
    return logged_in
{%- else %}


@pytest.fixture
def starter(client: FlaskClient) -> FlaskClient:
    return client
{%- endif %}


def test_queue_a_task_and_read_its_result(starter: FlaskClient) -> None:
    response = starter.post("/tasks/add", json={"a": 2, "b": 40})
    assert response.status_code == 202
    assert response.json is not None
    task_id = response.json["task_id"]
    result = starter.get(f"/tasks/{task_id}").json
    assert result == {"task_id": task_id, "ready": True, "successful": True, "value": 42}


def test_an_unknown_task_is_pending(client: FlaskClient) -> None:
    result = client.get("/tasks/no-such-task").json
    assert result == {"task_id": "no-such-task", "ready": False, "successful": None, "value": None}


def test_bad_input_is_a_json_400(starter: FlaskClient) -> None:
    response = starter.post("/tasks/add", json={"a": 2, "b": "forty"})
    assert response.status_code == 400
    assert response.json is not None
    assert response.json["code"] == 400
