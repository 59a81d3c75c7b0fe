"""The browser kit (tests/browser.py) fails a test for what it promises to catch, and its mail catcher
behaves as a mail server: the template tests can rely on a clean pass meaning something."""

from __future__ import annotations

import http.server
import smtplib
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import (
    assert_fits,
    desktop_page,
    expect_console_error,
    link_in,
    mail_catcher,
    phone_page,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

PAGES = {
    "clean.html": "<!doctype html><title>Clean</title><p>Nothing wrong here.</p>",
    "noisy.html": "<!doctype html><title>Noisy</title><script src='noisy.js'></script>",
    "noisy.js": "console.error('something broke');",
    "outside.html": "<!doctype html><title>Outside</title><img src='http://192.0.2.1/pixel.png'>",
    "wide.html": "<!doctype html><meta name=viewport content='width=device-width'><div id=w>wide</div>"
    "<link rel=stylesheet href='wide.css'>",
    "wide.css": "#w { width: 600px; }",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A static site on 127.0.0.1 holding one page per thing the kit must catch."""
    root = tmp_path_factory.mktemp("site")
    for name, text in PAGES.items():
        (root / name).write_text(text, encoding="utf-8")
    handler = partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_a_clean_page_passes(chromium: Browser, site: str) -> None:
    with desktop_page(chromium, site) as page:
        page.goto("/clean.html")
        assert_fits(page)


def test_a_console_error_fails_the_test(chromium: Browser, site: str) -> None:
    with pytest.raises(AssertionError, match="something broke"), desktop_page(chromium, site) as page:
        page.goto("/noisy.html")
        page.wait_for_load_state("load")


def test_an_expected_console_error_is_forgiven(chromium: Browser, site: str) -> None:
    with desktop_page(chromium, site) as page, expect_console_error(page, "404"):
        page.goto("/missing.html")


def test_a_request_leaving_the_machine_fails_the_test(chromium: Browser, site: str) -> None:
    leaving = r"requests left 127\.0\.0\.1: \['http://192\.0\.2\.1/pixel\.png'\]"
    with pytest.raises(AssertionError, match=leaving), desktop_page(chromium, site) as page:
        page.goto("/outside.html")
        page.wait_for_load_state("load")


def test_a_page_wider_than_a_phone_fails(chromium: Browser, site: str) -> None:
    with phone_page(chromium, site) as page:
        page.goto("/wide.html")
        page.wait_for_load_state("load")
        with pytest.raises(AssertionError, match=r"is 608 px wide on a 375 px screen"):
            assert_fits(page)


def test_the_mail_catcher_refuses_then_accepts(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Reset"
    message.set_content("Follow https://127.0.0.1/reset/abc/ to choose a password.\n.leading dot line\n")
    with mail_catcher(refuse=1) as (port, mailbox):
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp, pytest.raises(smtplib.SMTPDataError):
            smtp.send_message(message)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.send_message(message)
        received = mailbox.wait_for(lambda m: m["Subject"] == "Reset", timeout=5)
    assert mailbox.refused == 1 and len(mailbox.messages) == 1
    assert link_in(received) == "https://127.0.0.1/reset/abc/"
    assert ".leading dot line" in received.get_content()
