{%- set c = cookiecutter -%}
"""The REST API: {% if c.use_sqlalchemy %}CRUD on notes{% else %}the greeting endpoint{% endif %}, JSON errors, the OpenAPI document and the local docs."""

from __future__ import annotations
{% if c.use_sqlalchemy %}
import json

import pytest
{%- endif %}
from flask import Flask
from flask.testing import FlaskClient

RESOURCE = "{% if c.use_sqlalchemy %}/api/v1/notes/{% else %}/api/v1/greetings/{% endif %}"
{%- if c.use_sqlalchemy %}
{%- if c.use_login %}


def test_writing_needs_a_login(client: FlaskClient) -> None:
    response = client.post(RESOURCE, json={"title": "Anonymous"})
    assert response.status_code == 401
    assert response.json is not None
    assert (response.json["code"], response.json["status"]) == (401, "Unauthorized")
    assert client.put(f"{RESOURCE}1", json={"title": "x"}).status_code == 401
    assert client.delete(f"{RESOURCE}1").status_code == 401
    assert client.get(RESOURCE).status_code == 200


@pytest.fixture
def writer(logged_in: FlaskClient) -> FlaskClient:
    return logged_in
{%- else %}


@pytest.fixture
def writer(client: FlaskClient) -> FlaskClient:
    return client
{%- endif %}


def test_note_crud(writer: FlaskClient) -> None:
    assert writer.get(RESOURCE).json == []
    created = writer.post(RESOURCE, json={"title": "First", "body": "Hello"})
    assert created.status_code == 201
    note = created.json
    assert note is not None
    assert (note["title"], note["body"]) == ("First", "Hello")
    assert {"id", "created_at"} <= note.keys()
    url = f"{RESOURCE}{note['id']}"
    assert writer.get(url).json == note
    assert [n["id"] for n in writer.get(RESOURCE).json or []] == [note["id"]]
    updated = writer.put(url, json={"title": "Renamed"})
    assert updated.status_code == 200
    assert updated.json is not None
    assert (updated.json["title"], updated.json["body"]) == ("Renamed", "")
    assert writer.delete(url).status_code == 204
    missing = writer.get(url)
    assert missing.status_code == 404
    assert missing.json is not None
    assert missing.json["message"] == f"Note {note['id']} does not exist."


def test_notes_are_paginated(writer: FlaskClient) -> None:
    for title in ("one", "two", "three"):
        writer.post(RESOURCE, json={"title": title})
    response = writer.get(RESOURCE, query_string={"page": 2, "page_size": 2})
    assert [note["title"] for note in response.json or []] == ["three"]
    pagination = json.loads(response.headers["X-Pagination"])
    assert (pagination["total"], pagination["page"], pagination["total_pages"]) == (3, 2, 2)


def test_invalid_input_is_a_json_422(writer: FlaskClient) -> None:
    response = writer.post(RESOURCE, json={"title": ""})
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["code"] == 422
    assert "title" in response.json["errors"]["json"]
{%- else %}


def test_greeting(client: FlaskClient) -> None:
    assert client.get(RESOURCE).json == {"message": "Hello, World!"}
    response = client.get(RESOURCE, query_string={"name": "Ada"})
    assert response.json == {"message": "Hello, Ada!"}


def test_invalid_input_is_a_json_422(client: FlaskClient) -> None:
    response = client.get(RESOURCE, query_string={"name": ""})
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["code"] == 422
    assert "name" in response.json["errors"]["query"]
{%- endif %}


def test_api_errors_are_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/no-such-resource", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.json is not None
    assert (response.json["code"], response.json["status"]) == (404, "Not Found")


def test_the_api_says_where_things_are(app: Flask, client: FlaskClient) -> None:
    overview = client.get("/api/").json
    assert overview == {
        "name": app.config["PROJECT_NAME"],
        "version": "v1",
        "docs": "/api/docs/",
        "openapi": "/api/openapi.json",
        "resources": RESOURCE,
    }
{%- if not c.__html %}
    # An API-only site answers its home page in JSON too.
    assert client.get("/").json == overview
{%- endif %}


def test_openapi_document(app: Flask, client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    assert spec is not None
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == app.config["PROJECT_NAME"]
    assert RESOURCE in spec["paths"]


def test_interactive_docs_are_served_from_the_project(client: FlaskClient) -> None:
    assert client.get("/api/docs").status_code == 308
    with client.get("/api/docs/") as page:
        assert page.status_code == 200
        html = page.get_data(as_text=True)
    assert "<script>" not in html
    assert "https://" not in html
    assets = ("swagger-ui/swagger-ui.css", "swagger-ui/swagger-ui-bundle.js", "swagger-init.js")
    for asset in assets:
        assert f'"{asset}"' in html
        with client.get(f"/api/docs/{asset}") as response:
            assert response.status_code == 200, asset
