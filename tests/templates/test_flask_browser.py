"""templates/flask in a real browser: the journeys a user takes, on a desktop and on a phone.

One bake with every extension is served twice: by gunicorn with the production settings over HTTPS
(a throwaway certificate) and by the Flask development server. In each, Debian's chromium signs
up (after a form error shown next to its field), logs out and in, writes a note, calls the API from
its docs page, meets the styled CSRF refusal and not-found pages, and an admin edits and saves a
user in the back-office; then, 375 px wide, every page fits the screen. The browser console stays
clean and no request leaves 127.0.0.1 (tests/browser.py).
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser import (
    assert_fits,
    assert_pages_fit,
    desktop_page,
    expect,
    expect_console_error,
    phone_page,
    self_signed_certificate,
)
from tests.helpers import bake_with_cookies, redis_url, run, served

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.slow, pytest.mark.services, pytest.mark.browser, pytest.mark.xdist_group("flask-browser")]

PY = sys.executable
SITE_NAME = "Orchard Notes"
CONTEXT = {
    "project_name": SITE_NAME,
    "project_slug": "orchard_notes",
    "frontend": "html",
    **dict.fromkeys(
        ("use_sqlalchemy", "use_login", "use_wtf", "use_admin", "use_api", "use_cors", "use_caching", "use_celery"),
        True,
    ),
}
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.com", "an-admin-password-for-tests"
EMAIL, PASSWORD = "ada@example.com", "a-long-unusual-password"
THROTTLE_DB = 7


@dataclass
class Site:
    base_url: str
    debug: bool


@pytest.fixture(scope="module")
def project(cookies_session: Any) -> Path:
    result = bake_with_cookies(cookies_session, "flask", CONTEXT)
    assert result.exit_code == 0, result.exception
    return Path(result.project_path)


def fresh_redis(db: int) -> str:
    """An emptied Redis database of this module's own: the log-in limits count there."""
    import redis

    url = redis_url(db)
    redis.Redis.from_url(url).flushdb()
    return url


def prepare(project: Path, env: dict[str, str]) -> None:
    """Create the schema and the admin, as a deployment would."""
    run([PY, "-m", "flask", "--app", project.name, "db", "upgrade"], project, env)
    admin = ["create-admin", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD]
    run([PY, "-m", "flask", "--app", project.name, *admin], project, env)


@pytest.fixture(scope="module", params=["gunicorn", "flask-run"])
def site(request: pytest.FixtureRequest, project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp(request.param)
    database = {"DATABASE_URL": f"sqlite:///{folder / 'app.db'}"}
    if request.param == "gunicorn":
        cert, key = self_signed_certificate(folder)
        env = {
            **database,
            "APP_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "TRUSTED_HOSTS": "127.0.0.1",
            "REDIS_URL": fresh_redis(THROTTLE_DB),
        }
        prepare(project, env)
        # gunicorn terminates TLS itself here, where a proxy would in production.
        tls = ["--certfile", str(cert), "--keyfile", str(key), "--threads", "4", "--workers", "2"]
        args = [PY, "-m", "gunicorn", "--bind", "127.0.0.1:{port}", *tls, f"{project.name}.wsgi:app"]
        with served(args, project, env, folder / "server.log", probe="/health", tls=True) as port:
            yield Site(f"https://127.0.0.1:{port}", debug=False)
    else:
        # The development server, with the development settings and no Redis (in-process stand-ins).
        env = {**database, "APP_ENV": "development", "REDIS_URL": ""}
        prepare(project, env)
        args = [PY, "-m", "flask", "--app", project.name, "run", "--port", "{port}"]
        with served(args, project, env, folder / "server.log", probe="/health") as port:
            yield Site(f"http://127.0.0.1:{port}", debug=True)


def submit(page: Page, fields: dict[str, str], button: str) -> None:
    for selector, value in fields.items():
        page.fill(selector, value)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/auth/login")
    submit(page, {"#email": email, "#password": password}, "Log in")
    expect(page.locator(".flash-success")).to_contain_text(f"You are logged in as {email}.")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    expect(page.locator(".flash-info")).to_have_text("You are logged out.")


def test_a_visitor_signs_up_writes_a_note_and_uses_the_api(chromium: Browser, site: Site) -> None:
    with desktop_page(chromium, site.base_url) as page:
        page.goto("/")
        expect(page).to_have_title(SITE_NAME)
        expect(page.locator("h1")).to_have_text(SITE_NAME)
        for label in ("Notes", "Contact", "API"):
            expect(page.locator(".cards").get_by_role("link", name=label)).to_be_visible()

        # Sign up: a password too short is an error next to its field, the rest is kept.
        page.get_by_role("link", name="Sign up").click()
        expect(page).to_have_title(f"Sign up · {SITE_NAME}")
        submit(page, {"#email": EMAIL, "#password": "short", "#confirm": "short"}, "Create account")
        error = page.locator("#password ~ .field-error")
        expect(error).to_contain_text("8")
        expect(page.locator("#email")).to_have_value(EMAIL)
        submit(page, {"#password": PASSWORD, "#confirm": PASSWORD}, "Create account")
        expect(page).to_have_title(f"Log in · {SITE_NAME}")
        expect(page.locator(".flash-success")).to_have_text("Your account was created. Log in to start.")

        log_in(page, EMAIL, PASSWORD)
        log_out(page)
        # A wrong password is an error above the form.
        page.goto("/auth/login")
        submit(page, {"#email": EMAIL, "#password": "not the password"}, "Log in")
        expect(page.locator(".form-error")).to_have_text("Wrong email or password.")
        log_in(page, EMAIL, PASSWORD)

        # A note keeps its line breaks.
        page.goto("/notes/new")
        submit(page, {"#title": "Groceries", "#body": "Apples\nPears"}, "Save")
        expect(page.locator(".flash-success")).to_have_text("Note saved.")
        # Two lines on the screen, as written.
        assert page.locator(".note-body").first.evaluate("element => element.innerText") == "Apples\nPears"

        # The API docs render from the project's own files, and a call made from them works.
        page.goto("/api/docs/")
        expect(page).to_have_title(f"API docs · {SITE_NAME}")
        operation = page.locator("#operations-api-notes-get_api_v1_notes_")
        operation.locator(".opblock-summary").click()
        operation.get_by_role("button", name="Try it out").click()
        operation.get_by_role("button", name="Execute").click()
        expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
        expect(operation.locator(".live-responses-table tbody .microlight").first).to_contain_text("Groceries")


def test_refusals_are_styled_pages(chromium: Browser, site: Site) -> None:
    with desktop_page(chromium, site.base_url) as page:
        with expect_console_error(page, "404"):
            page.goto("/no-such-page")
        expect(page).to_have_title(f"404 Not Found · {SITE_NAME}")
        expect(page.locator(".site-nav")).to_be_visible()

        # A form whose token was tampered with (as a cross-site post would be) is refused in the layout.
        page.goto("/contact")
        page.locator("input[name=csrf_token]").evaluate("input => { input.value = 'forged' }")
        with expect_console_error(page, "400"):
            submit(page, {"#name": "Eve", "#email": "eve@example.com", "#message": "Hello"}, "Send")
        expect(page).to_have_title(f"400 Bad Request · {SITE_NAME}")
        expect(page.locator(".error-page")).to_contain_text("CSRF")


def test_an_admin_edits_and_saves_a_user(chromium: Browser, site: Site) -> None:
    member = f"member-{secrets.token_hex(4)}@example.com"
    with desktop_page(chromium, site.base_url) as page:
        page.goto("/auth/register")
        submit(page, {"#email": member, "#password": PASSWORD, "#confirm": PASSWORD}, "Create account")
        expect(page.locator(".flash-success")).to_have_text("Your account was created. Log in to start.")
        log_in(page, ADMIN_EMAIL, ADMIN_PASSWORD)
        page.get_by_role("link", name="Admin").first.click()
        expect(page).to_have_title(f"Home · {SITE_NAME} admin")
        expect(page.locator("body")).to_contain_text(f"Logged in as {ADMIN_EMAIL}")
        expect(page.get_by_role("link", name="Back to the site")).to_be_visible()

        page.goto("/admin/user/")
        page.locator("tr", has_text=member).locator("a[title='Edit Record']").click()
        # Saved unchanged but for the admin flag: the email is the record's own, not "already exists".
        expect(page.locator("#email")).to_have_value(member)
        page.locator("#is_admin").check()
        page.locator("input[type=submit][value=Save]").click()
        page.wait_for_load_state()
        expect(page.locator(".alert")).to_contain_text("Record was successfully saved.")
        # Flask-Admin shows a true boolean as a check mark.
        expect(page.locator("tr", has_text=member).locator("[class*='fa-check']")).to_have_count(1)

        page.get_by_role("button", name="Log out").click()
        page.wait_for_load_state()
        expect(page.locator(".flash-info")).to_have_text("You are logged out.")


PHONE_PAGES = [
    "/",
    "/notes/",
    "/notes/new",
    "/contact",
    "/auth/profile",
    "/api/docs/",
    "/admin/",
    "/admin/user/",
    "/admin/note/",
    "/admin/note/new/",
]


def test_every_page_fits_a_phone_screen(chromium: Browser, site: Site) -> None:
    with phone_page(chromium, site.base_url) as page:
        assert_pages_fit(page, ("/", "/auth/login", "/auth/register"))
        with expect_console_error(page, "404"):
            page.goto("/no-such-page")
        assert_fits(page)
        # Logged in as an admin the navigation is at its longest.
        log_in(page, ADMIN_EMAIL, ADMIN_PASSWORD)
        assert_pages_fit(page, PHONE_PAGES)
