{%- set c = cookiecutter -%}
"""Flask-Caching: /stats is computed once and served from the cache; production uses Redis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from {{ c.project_slug }} import create_app
from {{ c.project_slug }}.caching import cache
{%- if c.use_sqlalchemy %}
from {{ c.project_slug }}.models import Note, db
{%- endif %}


@pytest.fixture(autouse=True)
def empty_cache(app: Flask) -> Iterator[None]:
    yield
    cache.clear()


def test_stats_are_cached(client: FlaskClient) -> None:
    first = client.get("/stats").json
    assert first is not None
{%- if c.use_sqlalchemy %}
    assert first["notes"] == 0
    db.session.add(Note(title="Not counted until the cache expires"))
    db.session.commit()
{%- endif %}
{%- if c.use_login %}
    assert first["users"] == 0
{%- endif %}
    assert client.get("/stats").json == first
    cache.clear()
    fresh = client.get("/stats").json
    assert fresh is not None
    assert fresh["generated_at"] >= first["generated_at"]
{%- if c.use_sqlalchemy %}
    assert fresh["notes"] == 1
{%- endif %}


def test_the_cache_is_in_this_process_without_redis(client: FlaskClient) -> None:
    assert client.application.config["CACHE_TYPE"] == "SimpleCache"


def test_production_caches_in_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "k" * 50)
    monkeypatch.setenv("TRUSTED_HOSTS", "example.com")
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/1")
    app = create_app("production")
    assert app.config["CACHE_TYPE"] == "RedisCache"
    assert app.config["CACHE_REDIS_URL"] == "redis://cache.internal:6379/1"
