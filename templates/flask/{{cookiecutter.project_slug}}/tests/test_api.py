{%- set c = cookiecutter -%}
"""The REST API: {% if c.use_sqlalchemy %}CRUD on notes{% else %}the greeting endpoint{% endif %}, JSON errors and the OpenAPI document."""

from __future__ import annotations
{% if c.use_sqlalchemy %}
import json
{% endif %}
from flask import Flask
from flask.testing import FlaskClient
{%- if c.use_sqlalchemy %}


{% if c.use_login -%}
def test_writing_needs_a_login(client: FlaskClient) -> None:
    response = client.post("/api/v1/notes/", json={"title": "Anonymous"})
    assert response.status_code == 401
    assert response.json == {"code": 401, "status": "Unauthorized"}
    assert client.put("/api/v1/notes/1", json={"title": "x"}).status_code == 401
    assert client.delete("/api/v1/notes/1").status_code == 401
    assert client.get("/api/v1/notes/").status_code == 200


def test_note_crud(logged_in: FlaskClient) -> None:
    client = logged_in
{%- else -%}
def test_note_crud(client: FlaskClient) -> None:
{%- endif %}
    assert client.get("/api/v1/notes/").json == []
    created = client.post("/api/v1/notes/", json={"title": "First", "body": "Hello"})
    assert created.status_code == 201
    note = created.json
    assert note["title"] == "First"
    assert note["body"] == "Hello"
    assert {"id", "created_at"} <= note.keys()
    url = f"/api/v1/notes/{note['id']}"
    assert client.get(url).json == note
    assert [n["id"] for n in client.get("/api/v1/notes/").json] == [note["id"]]
    updated = client.put(url, json={"title": "Renamed"})
    assert updated.status_code == 200
    assert (updated.json["title"], updated.json["body"]) == ("Renamed", "")
    assert client.delete(url).status_code == 204
    missing = client.get(url)
    assert missing.status_code == 404
    assert missing.json["message"] == f"Note {note['id']} does not exist."


def test_notes_are_paginated({% if c.use_login %}logged_in{% else %}client{% endif %}: FlaskClient) -> None:
{%- if c.use_login %}
    client = logged_in
{%- endif %}
    for title in ("one", "two", "three"):
        client.post("/api/v1/notes/", json={"title": title})
    response = client.get("/api/v1/notes/", query_string={"page": 2, "page_size": 2})
    assert [note["title"] for note in response.json] == ["three"]
    pagination = json.loads(response.headers["X-Pagination"])
    assert (pagination["total"], pagination["page"], pagination["total_pages"]) == (3, 2, 2)


def test_invalid_input_is_a_json_422({% if c.use_login %}logged_in{% else %}client{% endif %}: FlaskClient) -> None:
    response = {% if c.use_login %}logged_in{% else %}client{% endif %}.post("/api/v1/notes/", json={"title": ""})
    assert response.status_code == 422
    assert response.json["code"] == 422
    assert "title" in response.json["errors"]["json"]
{%- else %}


def test_greeting(client: FlaskClient) -> None:
    assert client.get("/api/v1/greetings/").json == {"message": "Hello, World!"}
    response = client.get("/api/v1/greetings/", query_string={"name": "Ada"})
    assert response.json == {"message": "Hello, Ada!"}


def test_invalid_input_is_a_json_422(client: FlaskClient) -> None:
    response = client.get("/api/v1/greetings/", query_string={"name": ""})
    assert response.status_code == 422
    assert response.json["code"] == 422
    assert "name" in response.json["errors"]["query"]
{%- endif %}


def test_api_errors_are_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/no-such-resource")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.json == {"code": 404, "status": "Not Found"}


def test_openapi_document(app: Flask, client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == app.config["PROJECT_NAME"]
{%- if c.use_sqlalchemy %}
    assert {"/api/v1/notes/", "/api/v1/notes/{note_id}"} <= spec["paths"].keys()
{%- else %}
    assert "/api/v1/greetings/" in spec["paths"]
{%- endif %}


def test_interactive_docs(client: FlaskClient) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"swagger-ui" in response.data
