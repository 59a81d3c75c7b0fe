"""The site's pages: the home page, the layout, forms, messages and the error pages."""

from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.html import escape

from {{ cookiecutter.project_slug }}.pages import errors

pytestmark = pytest.mark.django_db


def test_home_page_says_what_the_project_is_and_links_to_its_parts(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"<title>{escape(settings.PROJECT_NAME)}</title>" in content
    assert escape(settings.PROJECT_DESCRIPTION) in content
    for name in ("admin:index", "health"):
        assert f'href="{reverse(name)}"' in content


def test_pages_are_titled_page_then_site(client: Client) -> None:
    title = f"<title>Page not found · {escape(settings.PROJECT_NAME)}</title>"
    assert title in client.get("/no-such-page/").content.decode()


def test_unknown_address_shows_the_404_page_in_the_layout(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<h1>Page not found</h1>" in response.content
    assert b'class="site-header"' in response.content


def test_permission_denied_shows_the_403_page(rf: RequestFactory) -> None:
    from django.views.defaults import permission_denied

    response = permission_denied(rf.get("/"), PermissionDenied())
    assert response.status_code == 403
    assert b"<h1>Not allowed</h1>" in response.content


@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (lambda request: errors.bad_request(request, SuspiciousOperation()), 400, "Bad request"),
        (errors.server_error, 500, "Server error"),
    ],
)
def test_failure_pages_render_without_the_request(
    rf: RequestFactory, view: Any, status: int, heading: str
) -> None:
    response = view(rf.get("/"))
    assert response.status_code == status
    content = response.content.decode()
    assert f"<h1>{heading}</h1>" in content
    assert escape(settings.PROJECT_NAME) in content
    assert "site.css" in content
    assert "Log in" not in content  # no navigation: it would not know who is logged in


def test_a_form_sent_without_its_csrf_token_gets_a_page_in_the_layout(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "<h1>This form has expired</h1>" in content
    assert f"Form expired · {escape(settings.PROJECT_NAME)}" in content
    assert 'name="viewport"' in content


class ExampleForm(forms.Form):
    name = forms.CharField(help_text="As you like to be called.")
    email = forms.EmailField()

    def clean(self) -> dict[str, Any]:
        raise forms.ValidationError("Something about the whole form.")


def test_forms_put_labels_above_fields_and_errors_next_to_them() -> None:
    form = ExampleForm({"name": "Ada", "email": "not-an-email"})
    html = str(form)
    # Errors about the whole form come first, above the fields.
    assert html.index("form-errors") < html.index("Something about") < html.index("id_name")
    # Each field: its label, the input, its own errors, then its help text.
    email = html[html.index('<div class="field field-invalid">') :]
    assert email.index("<label") < email.index("<input") < email.index("errorlist")
    assert 'aria-invalid="true"' in email
    name = html[html.index('<label for="id_name"') : html.index('for="id_email"')]
    assert name.index("<input") < name.index("As you like to be called.")
    assert "errorlist" not in name


def test_messages_are_styled_by_level() -> None:
    html = render_to_string(
        "base.html",
        {"messages": [Message(constants.SUCCESS, "Saved."), Message(constants.ERROR, "Failed.")]},
    )
    assert '<li class="message message-success" role="status">Saved.</li>' in html
    assert '<li class="message message-error" role="status">Failed.</li>' in html


def test_favicon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    assert b'rel="icon"' in client.get(reverse("home")).content


@pytest.mark.parametrize("path", ["/static/css/site.css", "/static/favicon.svg"])
def test_static_files_are_served(client: Client, path: str) -> None:
    response: Any = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
    response.close()
