"""templates/django in a real browser: the journeys a user takes, on a desktop and on a phone.

One bake (HTML pages, accounts, the REST API: sqlite-html-drf-celery) is served twice: by gunicorn with the production
settings over HTTPS (a throwaway certificate), and by runserver with the development settings. In
each, Debian's chromium signs up, logs out and in, meets a form error, changes and resets a
password through the emailed link, edits a user in the admin, calls the API from its docs page and
sees the styled refusal and not-found pages; then, 375 px wide, every page fits the screen. The
browser console stays clean and no request leaves 127.0.0.1 (tests/browser.py).
"""

from __future__ import annotations

import re
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import (
    assert_fits,
    assert_pages_fit,
    desktop_page,
    expect,
    expect_console_error,
    link_in,
    mail_catcher,
    phone_page,
    self_signed_certificate,
)
from tests.helpers import redis_url, run, served
from tests.templates.combinations import Combo

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

BAKE = Combo("django", "sqlite-html-drf-celery")
pytestmark = [pytest.mark.slow, pytest.mark.services, pytest.mark.browser, pytest.mark.xdist_group(f"bake-{BAKE}")]

PY = sys.executable
NAME = BAKE.values["project_name"]
ADMIN_PASSWORD = "an-admin-password-for-tests"
PASSWORD = "a-long-unusual-password"


@dataclass
class Site:
    """A served bake: its address, and where the emails it sends can be read."""

    base_url: str
    reset_link: Callable[[], str]  # the link in the password reset email
    debug: bool


@pytest.fixture(scope="module")
def served_copy(bakery: Callable[[Combo], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shared bake: serving it writes a database and the collected static files."""
    copy = tmp_path_factory.mktemp("site") / "project"
    shutil.copytree(bakery(BAKE), copy)
    return copy


def fresh_redis(db: int) -> str:
    """The URL of an emptied Redis database of this module's own: the log-in limits count there."""
    import redis

    url = redis_url(db)
    redis.Redis.from_url(url).flushdb()
    return url


def prepare(project: Path, env: dict[str, str]) -> None:
    """Migrate, collect the static files and create the admin, as a deployment would."""
    run([PY, "manage.py", "migrate", "--noinput"], project, env)
    run([PY, "manage.py", "collectstatic", "--noinput"], project, env)
    run(
        [PY, "manage.py", "createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.com"],
        project,
        {**env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
    )


@pytest.fixture(scope="module", params=["gunicorn", "runserver"])
def site(request: pytest.FixtureRequest, served_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    project = served_copy
    folder = tmp_path_factory.mktemp(request.param)
    # The bake has Celery: sign-ups queue their welcome email on this Redis (no worker runs here).
    database = {"DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}", "REDIS_URL": fresh_redis(1)}
    if request.param == "gunicorn":
        cert, key = self_signed_certificate(folder)
        with mail_catcher() as (smtp_port, mailbox):
            env = {
                **database,
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DJANGO_EMAIL_HOST": "127.0.0.1",
                "DJANGO_EMAIL_PORT": str(smtp_port),
                "DJANGO_EMAIL_USE_TLS": "False",
                "WEB_CONCURRENCY": "2",
            }
            prepare(project, env)
            # gunicorn terminates TLS itself here, where a proxy would in production. Its threaded worker
            # keeps connections alive: the browser's parallel requests need not each shake hands anew.
            tls = ["--certfile", str(cert), "--keyfile", str(key), "--threads", "4"]
            args = [PY, "-m", "gunicorn", "--bind", "127.0.0.1:{port}", *tls]
            with served(args, project, env, folder / "server.log", probe="/health/", tls=True) as port:

                def emailed_link() -> str:
                    return link_in(mailbox.wait_for(lambda message: "Reset your password" in message["Subject"]))

                yield Site(f"https://127.0.0.1:{port}", emailed_link, False)
    else:
        log = folder / "server.log"
        prepare(project, database)

        def printed_link() -> str:
            # The development settings print each email to the console: runserver's output.
            links = re.findall(r"^https?://\S+/accounts/password/reset/\S+$", log.read_text(), re.M)
            assert links, "no password reset email in runserver's output"
            return str(links[-1])

        args = [PY, "manage.py", "runserver", "127.0.0.1:{port}", "--noreload"]
        with served(args, project, database, log, probe="/health/") as port:
            yield Site(f"http://127.0.0.1:{port}", printed_link, True)


def field_errors(page: Page, field_id: str) -> Locator:
    """The errors shown next to one field: the error list inside that field's own block."""
    return page.locator(f".field:has(#{field_id}) .errorlist")


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]").click()


def send_without_csrf_cookie(page: Page) -> None:
    """Fill in the log-in form, lose the cookies (as an expired session would), and send it."""
    page.goto("/accounts/login/")
    page.context.clear_cookies()
    page.fill("#id_username", "someone")
    page.fill("#id_password", "whatever")
    with expect_console_error(page, "403"):
        submit(page)


def styled(page: Page) -> bool:
    """Whether site.css applies: the header has its bottom rule."""
    page.wait_for_load_state("load")
    return page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"


def test_journeys_on_a_desktop(chromium: Browser, site: Site) -> None:
    name = f"grace{secrets.token_hex(3)}"
    with desktop_page(chromium, site.base_url) as page:
        page.goto("/")
        expect(page).to_have_title(NAME)
        assert styled(page)

        # Sign up: first with mistakes, each shown next to its field, then for real.
        page.get_by_role("link", name="Sign up").first.click()
        expect(page).to_have_title(f"Sign up · {NAME}")
        page.fill("#id_username", name)
        page.fill("#id_email", f"{name}@example.com")
        page.fill("#id_password1", "short")
        page.fill("#id_password2", "different")
        submit(page)
        expect(field_errors(page, "id_password2")).to_contain_text("two password fields didn")
        expect(field_errors(page, "id_username")).to_have_count(0)
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        submit(page)
        expect(page.locator(".messages")).to_contain_text(f"Welcome, {name}! Your account is ready.")
        expect(page.locator("main")).to_contain_text(f"Hello, {name}.")

        page.get_by_role("button", name="Log out").click()
        expect(page.locator(".messages")).to_contain_text("You are logged out.")

        page.get_by_role("link", name="Log in").first.click()
        page.fill("#id_username", name)
        page.fill("#id_password", PASSWORD)
        submit(page)
        expect(page.locator(".messages")).to_contain_text(f"You are logged in as {name}.")

        page.get_by_role("link", name="Change password").click()
        page.fill("#id_old_password", PASSWORD)
        page.fill("#id_new_password1", PASSWORD + "-2")
        page.fill("#id_new_password2", PASSWORD + "-2")
        submit(page)
        expect(page.locator(".messages")).to_contain_text("Your password has been changed.")

        # Reset the password through the link in the email.
        page.get_by_role("button", name="Log out").click()
        page.goto("/accounts/login/")
        page.get_by_role("link", name="Forgot your password?").click()
        page.fill("#id_email", f"{name.upper()}@EXAMPLE.COM")
        submit(page)
        expect(page).to_have_title(f"Check your email · {NAME}")
        page.goto(site.reset_link())
        page.fill("#id_new_password1", PASSWORD + "-3")
        page.fill("#id_new_password2", PASSWORD + "-3")
        submit(page)
        expect(page.locator(".messages")).to_contain_text("Your new password is set: log in with it.")
        page.fill("#id_username", name)
        page.fill("#id_password", PASSWORD + "-3")
        submit(page)
        expect(page.locator(".messages")).to_contain_text(f"You are logged in as {name}.")

        # A form sent without its CSRF token: the refusal page, in the site's layout.
        page.get_by_role("button", name="Log out").click()
        send_without_csrf_cookie(page)
        expect(page).to_have_title(f"Form expired · {NAME}")
        assert styled(page)

        if not site.debug:  # with DEBUG on, Django shows its technical 404 page instead
            with expect_console_error(page, "404"):
                page.goto("/no-such-page/")
            expect(page).to_have_title(f"Page not found · {NAME}")
            assert styled(page)

        # The admin, named after the project: log in and save an edit.
        page.goto("/admin/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", ADMIN_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_title(f"Site administration | {NAME} admin")
        expect(page.locator("#site-name")).to_have_text(f"{NAME} administration")
        page.locator("#content-main").get_by_role("link", name="Users", exact=True).last.click()
        page.locator("#result_list").get_by_role("link", name=name, exact=True).click()
        page.fill("#id_first_name", "Grace")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        page.locator("#result_list").get_by_role("link", name=name, exact=True).click()
        expect(page.locator("#id_first_name")).to_have_value("Grace")

        # The API docs, from this site, and a call made from them with the admin's session.
        page.goto("/api/v1/docs/")
        expect(page).to_have_title(f"API docs · {NAME}")
        path = page.locator(".opblock-summary-path", has_text="/api/v1/users/me/")
        operation = page.locator(".opblock-get", has=path)
        operation.locator(".opblock-summary").click()
        operation.get_by_role("button", name="Try it out").click()
        operation.get_by_role("button", name="Execute").click()
        response = operation.locator(".live-responses-table .response")
        expect(response.locator(".response-col_status")).to_have_text("200")
        expect(response.locator(".response-col_description")).to_contain_text('"username": "admin"')


PHONE_PAGES = (
    "/",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/password/change/",
    "/admin/",
    "/admin/users/user/",
    "/admin/users/user/1/change/",
    "/api/v1/docs/",
)


def test_every_page_fits_a_phone(chromium: Browser, site: Site) -> None:
    with phone_page(chromium, site.base_url) as page:
        page.goto("/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", ADMIN_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        assert_pages_fit(page, PHONE_PAGES)
        send_without_csrf_cookie(page)
        expect(page).to_have_title(f"Form expired · {NAME}")
        assert_fits(page)
