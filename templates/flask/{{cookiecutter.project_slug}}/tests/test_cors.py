{%- set c = cookiecutter -%}
"""CORS: the API answers browsers on the origins listed in CORS_ORIGINS, and only those."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from {{ c.project_slug }}.config import load_config

ALLOWED = "https://app.example.com"
API_URL = {% if c.use_sqlalchemy %}"/api/v1/notes/"{% else %}"/api/v1/greetings/"{% endif %}


@pytest.fixture(scope="module")
def cors_app(make_app: Callable[[], Flask]) -> Flask:
    """An application whose CORS_ORIGINS allow ALLOWED, shared by this module's tests."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("CORS_ORIGINS", f"{ALLOWED}, http://localhost:3000")
        return make_app()


@pytest.fixture
def cors_client(cors_app: Flask) -> Iterator[FlaskClient]:
    with cors_app.app_context():
        yield cors_app.test_client()


def test_origins_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, ,https://b.example")
    origins = load_config("testing").CORS_ORIGINS
    assert origins == ["https://a.example", "https://b.example"]


def test_an_allowed_origin_may_call_the_api(cors_client: FlaskClient) -> None:
    response = cors_client.get(API_URL, headers={"Origin": ALLOWED})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_preflight_from_an_allowed_origin(cors_client: FlaskClient) -> None:
    response = cors_client.options(
        API_URL, headers={"Origin": ALLOWED, "Access-Control-Request-Method": "GET"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_other_origins_get_no_cors_headers(cors_client: FlaskClient) -> None:
    response = cors_client.get(API_URL, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_pages_outside_the_api_get_no_cors_headers(cors_client: FlaskClient) -> None:
    response = cors_client.get("/", headers={"Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in response.headers
