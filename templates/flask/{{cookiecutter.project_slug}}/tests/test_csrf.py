{%- set c = cookiecutter -%}
"""CSRF: every route that takes a form refuses a POST without the session's token."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from {{ c.project_slug }} import create_app

TOKEN = re.compile(r'name="csrf_token"[^>]* value="([^"]+)"')
# Blueprints that read JSON bodies only, which a cross-site form cannot send.
JSON_ONLY: list[str] = {{ ((["api-notes" if c.use_sqlalchemy else "api-greetings"] if c.use_api else []) + (["tasks"] if c.use_celery else [])) | tojson }}


@pytest.fixture
def csrf_app(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The test app with CSRF protection on, as in development and production."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    return app


def form_urls(app: Flask) -> list[str]:
    """Every URL that accepts a POST outside the JSON-only blueprints."""
    return sorted(
        re.sub(r"<[^>]+>", "1", rule.rule)
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or set()) and rule.endpoint.split(".")[0] not in JSON_ONLY
    )


def test_every_form_refuses_a_post_without_a_token(csrf_app: Flask) -> None:
    urls = form_urls(csrf_app)
    client = csrf_app.test_client()
    for url in urls:
        response = client.post(url, data={"anything": "x"})
        assert response.status_code == 400, url
        assert b"CSRF" in response.data, url
        assert b"reload the page" in response.data, url
{%- if c.use_wtf or c.use_login %}


def test_a_form_with_its_token_is_accepted(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    url = "{% if c.use_login %}/auth/login{% else %}/contact{% endif %}"
    token = TOKEN.search(client.get(url).get_data(as_text=True))
    assert token is not None
    response = client.post(url, data={"csrf_token": token.group(1)})
    assert response.status_code == 200
    assert b"CSRF" not in response.data
{%- endif %}


def test_a_new_form_is_protected_with_a_helpful_page() -> None:
    app = create_app("development")
    app.add_url_rule("/subscribe", "subscribe", lambda: "subscribed", methods=["POST"])
    response = app.test_client().post("/subscribe", data={"email": "ada@example.com"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This form could not be checked (CSRF: The CSRF token is missing.)" in page
    assert "<title>400 Bad Request ·" in page


def test_csrf_is_on_outside_tests() -> None:
    assert create_app("development").config.get("WTF_CSRF_ENABLED", True) is True
