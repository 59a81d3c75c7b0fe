"""The site's pages: the home page, the shared layout and styled error pages."""

from __future__ import annotations

from flask import Flask, url_for
from flask.testing import FlaskClient
from markupsafe import escape

from {{ cookiecutter.project_slug }} import create_app
from {{ cookiecutter.project_slug }}.pages import Link, add_link


def test_home_page(app: Flask, client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # The project's name and description are shown as text, HTML-escaped, never as markup.
    assert f"<title>{escape(app.config['PROJECT_NAME'])}</title>" in page
    assert str(escape(app.config["PROJECT_DESCRIPTION"])) in page
    assert 'rel="icon"' in page
    assert "It works" not in page


def test_home_page_links_to_every_feature(app: Flask, client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    with app.test_request_context():
        for link in app.extensions["links"]:
            if link.visible():
                assert f'href="{url_for(link.endpoint)}"' in page
                assert str(escape(link.description)) in page


def test_a_feature_adds_its_page_to_the_navigation() -> None:
    app = create_app("testing")
    app.add_url_rule("/reports", "reports", lambda: "Reports")
    add_link(app, Link("Reports", "reports", "Monthly figures."))
    page = app.test_client().get("/").get_data(as_text=True)
    assert '<a href="/reports">Reports</a>' in page
    assert "Monthly figures." in page


def test_static_files(client: FlaskClient) -> None:
    for name in ("style.css", "favicon.svg"):
        with client.get(f"/static/{name}") as response:
            assert response.status_code == 200


def test_not_found_is_a_page_in_the_layout(app: Flask, client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f"<title>404 Not Found · {escape(app.config['PROJECT_NAME'])}</title>" in page
    assert 'class="site-nav"' in page


def test_unhandled_error_is_a_500_page() -> None:
    def explode() -> str:
        raise RuntimeError("boom")

    app = create_app("testing")
    app.add_url_rule("/explode", view_func=explode)
    app.testing = False
    response = app.test_client().get("/explode")
    assert response.status_code == 500
    assert "500 Internal Server Error ·" in response.get_data(as_text=True)
