{%- set c = cookiecutter -%}
"""The REST API: JSON errors, the overview, the OpenAPI document and the docs served locally."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient


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
