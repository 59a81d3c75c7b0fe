{%- set c = cookiecutter -%}
"""The API's notes resource: CRUD, pagination and invalid input{% if c.use_login %}; writing needs a log-in{% endif %}."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

RESOURCE = "/api/v1/notes/"
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


def test_the_resource_is_documented(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    assert spec is not None
    assert {RESOURCE, RESOURCE + "{note_id}"} <= spec["paths"].keys()
