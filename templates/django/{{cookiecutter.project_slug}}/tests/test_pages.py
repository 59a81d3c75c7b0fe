"""The site's pages and error pages."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_home_page(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["project_name"] == settings.PROJECT_NAME
    assert escape(settings.PROJECT_NAME).encode() in response.content
    assert reverse("admin:index").encode() in response.content


def test_unknown_address_shows_the_404_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_server_error_page(rf: RequestFactory) -> None:
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_static_files_are_served(client: Client) -> None:
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b"--accent" in b"".join(response.streaming_content)
    response.close()
