"""Requests that reach no API view get JSON errors."""

from django.test import Client


def test_unknown_address_answers_json_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_no_server_rendered_pages(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
