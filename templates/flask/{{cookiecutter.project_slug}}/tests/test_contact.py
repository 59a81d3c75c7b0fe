"""The contact form (Flask-WTF): a valid message is logged, an invalid one shows its errors."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


def test_contact_form(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    assert client.get("/contact").status_code == 200
    data = {"name": "Ada", "email": " Ada@Example.com ", "message": "Hello there"}
    with caplog.at_level("INFO"):
        response = client.post("/contact", data=data)
    assert response.status_code == 302
    assert "Contact message from Ada <ada@example.com>: Hello there" in caplog.text
    assert b"Thank you" in client.get("/").data


def test_contact_form_rejects_a_bad_email(client: FlaskClient) -> None:
    data = {"name": "Ada", "email": "not-an-email", "message": "Hello"}
    response = client.post("/contact", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.index('id="email"') < page.index('class="field-error"') < page.index('id="message"')
