"""The API's greetings resource."""

from __future__ import annotations

from flask.testing import FlaskClient

RESOURCE = "/api/v1/greetings/"


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


def test_the_resource_is_documented(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    assert spec is not None
    assert RESOURCE in spec["paths"]
