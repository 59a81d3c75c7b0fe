"""A real browser, a local mail server and a throwaway certificate for the template tests.

The browser is Debian's chromium (never a download) driven by Playwright for Python. Every page the
tests open is watched: an error in the browser console, an uncaught script error or a request to
anywhere but 127.0.0.1 fails the test when its page closes. Without chromium or Playwright the tests
skip, or fail under FRAMEWISE_REQUIRE_SERVICES=1, through tests.helpers.unavailable.

    # `chromium` is a session fixture, registered once in tests/conftest.py
    with phone_page(chromium, base_url) as page:      # or desktop_page
        page.goto("/")
        assert_fits(page)                             # no sideways scrolling
        with expect_console_error(page, "404"):       # an error the test expects
            page.goto("/missing/")
"""

from __future__ import annotations

import email
import email.message
import email.policy
import re
import shutil
import socket
import socketserver
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.helpers import unavailable

__all__ = ["expect"]

try:  # Playwright's assertions wait for the page; without Playwright the `chromium` fixture skips.
    from playwright.sync_api import expect

    # Servers under test share two cores with the rest of the suite: give pages time to answer.
    expect.set_options(timeout=15_000)
except ImportError:  # pragma: no cover
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LOCAL_HOSTS = frozenset({"127.0.0.1"})
# A 375 px phone (an iPhone SE's width) and an ordinary laptop screen.
PHONE: dict[str, Any] = {
    "viewport": {"width": 375, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's chromium, launched once per test session (per xdist worker)."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed")
    if not CHROMIUM.is_file():
        unavailable(f"chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as error:
            unavailable(f"chromium did not start: {error}")
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """What went wrong on a page: console errors, script errors and requests that left the machine."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


_WATCHES: dict[int, Watch] = {}


@contextmanager
def watched_page(browser: Browser, base_url: str, device: dict[str, Any]) -> Iterator[Page]:
    """A page in a fresh context (its own cookies) that fails the test if anything went wrong on it."""
    context = browser.new_context(base_url=base_url, ignore_https_errors=True, **device)
    watch = Watch()

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            watch.outside.append(url)
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", console)
    page.on("pageerror", lambda error: watch.errors.append(f"script: {error}"))
    _WATCHES[id(page)] = watch
    try:
        yield page
    finally:
        del _WATCHES[id(page)]
        context.close()
    assert watch.outside == [], f"requests left 127.0.0.1: {watch.outside}"
    assert watch.errors == [], "the browser reported errors:\n" + "\n".join(watch.errors)


def phone_page(browser: Browser, base_url: str) -> Any:
    """A watched page on a 375 px wide phone screen."""
    return watched_page(browser, base_url, PHONE)


def desktop_page(browser: Browser, base_url: str) -> Any:
    """A watched page on a 1280 px wide screen."""
    return watched_page(browser, base_url, DESKTOP)


@contextmanager
def expect_console_error(page: Page, pattern: str) -> Iterator[None]:
    """Within the block, console errors matching `pattern` are expected (at least one) and forgiven.

    Chromium logs every 4xx/5xx answer as a console error; a test of an error page expects one.
    """
    watch = _WATCHES[id(page)]
    before = len(watch.errors)
    yield
    deadline = time.monotonic() + 10
    while not (expected := [error for error in watch.errors[before:] if re.search(pattern, error)]):
        assert time.monotonic() < deadline, f"no console error matched {pattern!r}; got {watch.errors[before:]}"
        page.wait_for_timeout(100)  # Playwright delivers the page's events while it waits
    new = watch.errors[before:]
    del watch.errors[before:]
    watch.errors.extend(error for error in new if error not in expected)


def assert_fits(page: Page) -> None:
    """The page is no wider than the screen: nothing makes the reader scroll sideways.

    The screen is the width the context was given: on an emulated phone, Chromium widens
    `innerWidth` to whatever overflows (as a phone zooms out), so it cannot be the measure.
    """
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    screen = page.viewport_size["width"] if page.viewport_size else inner
    assert width <= min(inner, screen), f"{page.url} is {width} px wide on a {screen} px screen"


def assert_pages_fit(page: Page, paths: Iterable[str]) -> None:
    """Visit each path once it has finished loading (fonts, scripts), and check that it fits."""
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert_fits(page)


# A local SMTP server: enough of RFC 5321 for Django's and Flask's mail backends, on 127.0.0.1.


@dataclass
class Mailbox:
    """The messages a MailCatcher received, and how many transactions it should still refuse."""

    messages: list[email.message.EmailMessage] = field(default_factory=list)
    refuse: int = 0
    refused: int = 0
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(
        self, match: Callable[[email.message.EmailMessage], bool] = lambda message: True, timeout: float = 30
    ) -> email.message.EmailMessage:
        """Wait for a message that `match` accepts (any, by default); return the first one."""
        with self.arrived:
            found = self.arrived.wait_for(lambda: [m for m in self.messages if match(m)], timeout)
            if not found:
                pytest.fail(f"no matching email within {timeout} s; {len(self.messages)} arrived")
            return found[0]


class _SMTPHandler(socketserver.StreamRequestHandler):
    server: _SMTPServer

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        box = self.server.mailbox
        self.reply("220 127.0.0.1 framewise test SMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 127.0.0.1")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command)
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b"".join(iter(self.rfile.readline, b".\r\n"))
                data = re.sub(rb"^\.\.", b".", data, flags=re.M)  # undo dot-stuffing
                with box.arrived:
                    if box.refused < box.refuse:
                        box.refused += 1
                        self.reply("451 Try again later")
                        continue
                    message = email.message_from_bytes(data, policy=email.policy.default)
                    box.messages.append(message)  # type: ignore[arg-type]
                    box.arrived.notify_all()
                self.reply("250 OK: queued")
            elif verb in {"RSET", "NOOP"}:
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    mailbox: Mailbox


@contextmanager
def mail_catcher(refuse: int = 0) -> Iterator[tuple[int, Mailbox]]:
    """An SMTP server on 127.0.0.1 (no TLS, no log-in); yields its port and its mailbox.

    `refuse` transactions are answered "451 Try again later" first, as a mail server that is
    briefly unavailable does.
    """
    server = _SMTPServer(("127.0.0.1", 0), _SMTPHandler)
    server.mailbox = Mailbox(refuse=refuse)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], server.mailbox
    finally:
        server.shutdown()
        server.server_close()


def text_of(message: email.message.EmailMessage) -> str:
    """A message's plain text, decoded."""
    body = message.get_body(("plain",))
    assert body is not None, "the message has no text part"
    return str(body.get_content())


def link_in(message: email.message.EmailMessage) -> str:
    """The first http(s) link in a message's text."""
    match = re.search(r"https?://\S+", text_of(message))
    assert match, f"no link in:\n{text_of(message)}"
    return match.group(0)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate and key for 127.0.0.1, valid for a day (the openssl command line)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        unavailable("openssl is not installed (apt-get install openssl)")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key
