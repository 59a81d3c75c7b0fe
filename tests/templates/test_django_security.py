"""templates/django against real servers, as an attacker and as an operator would try it.

The bake with everything on (pages, accounts, the REST API, Celery, PostgreSQL) runs with the production
settings: two gunicorn servers sharing one Redis, a Celery worker on that Redis, a real PostgreSQL and a
local SMTP server. The default bake (no Celery) shows that a sign-up survives a mail server that is down.
Requests go straight to gunicorn with the header the HTTPS proxy in front would add.
"""

from __future__ import annotations

import fcntl
import gzip
import http.client
import http.cookies
import http.server
import json
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.browser import closed_port, mail_catcher, text_of
from tests.helpers import celery_worker, postgres_database, redis_url, run, served
from tests.templates.combinations import Combo

FULL, PLAIN = Combo("django", "everything"), Combo("django", "defaults")
pytestmark = [pytest.mark.slow, pytest.mark.services]
PY = sys.executable
NAME = FULL.values["project_name"]
# The tests that share the production servers run where the bake is (see combinations.py).
ON_FULL = pytest.mark.xdist_group(f"bake-{FULL}")
PASSWORD = "a-long-unusual-password"
# Redis databases of this module's own (the cache and Celery's broker), emptied before use.
CACHE_DB, PLAIN_CACHE_DB = 2, 3


def copy_of(bakery: Callable[[Combo], Path], combo: Combo, folder: Path) -> Path:
    """A copy of a shared bake: serving it writes the collected static files into it."""
    copy = folder / "project"
    shutil.copytree(bakery(combo), copy)
    return copy


@contextmanager
def fresh_redis(db: int) -> Iterator[str]:
    """A Redis database of this module's own, emptied, and held until the block ends.

    pytest-xdist may run this module's tests on several workers at once, each with its own servers:
    an exclusive lock keeps their Celery workers and log-in counts apart, one worker after another.
    """
    import redis

    url = redis_url(db)
    with open(Path(tempfile.gettempdir()) / f"framewise-redis-{db}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        redis.Redis.from_url(url).flushdb()
        yield url


@dataclass
class Client:
    """An HTTP client for one server that keeps its cookies, sending what the HTTPS proxy would add."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, Any, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for line in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(line).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()

    def submit(self, path: str, fields: dict[str, str]) -> tuple[int, Any, str]:
        """Load a form's page for its CSRF token, then post the form as a browser would."""
        status, _, page = self.request("GET", path)
        assert status == 200, (path, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {path}"
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **fields})


def manage(project: Path, env: dict[str, str], code: str) -> str:
    """Run Python in the project's Django shell; return what it printed."""
    return run([PY, "manage.py", "shell", "-c", code], project, env).stdout


@dataclass
class Production:
    project: Path
    env: dict[str, str]
    ports: tuple[int, int]
    mailbox: Any
    worker_log: Path


@pytest.fixture(scope="module")
def production(bakery: Callable[[Combo], Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Production]:
    """The full bake in production: two gunicorn servers, a Celery worker, PostgreSQL, Redis, SMTP.

    The mail server refuses its first message ("451 Try again later"), as one that is briefly down.
    """
    folder = tmp_path_factory.mktemp("production")
    project = copy_of(bakery, FULL, folder)
    with (
        fresh_redis(CACHE_DB) as redis,
        postgres_database() as database,
        mail_catcher(refuse=1) as (smtp_port, mailbox),
    ):
        env = {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database,
            "REDIS_URL": redis,
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(smtp_port),
            "DJANGO_EMAIL_USE_TLS": "False",
            "WEB_CONCURRENCY": "1",
        }
        run([PY, "manage.py", "migrate", "--noinput"], project, env)
        run([PY, "manage.py", "collectstatic", "--noinput"], project, env)
        worker_log = folder / "worker.log"
        gunicorn = [PY, "-m", "gunicorn", "--bind", "127.0.0.1:{port}"]
        with (
            celery_worker("config", project, env, worker_log),
            served(gunicorn, project, env, folder / "first.log", probe="/health/") as first,
            served(gunicorn, project, env, folder / "second.log", probe="/health/") as second,
        ):
            yield Production(project, env, (first, second), mailbox, worker_log)


@ON_FULL
def test_the_eleventh_failed_login_is_refused_across_two_gunicorn_servers(production: Production) -> None:
    """Ten failures spread over two server processes exhaust one count, kept in the shared Redis."""
    run(
        [PY, "manage.py", "createsuperuser", "--noinput", "--username", "ada", "--email", "ada@example.com"],
        production.project,
        {**production.env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )
    clients = [Client(port) for port in production.ports]
    for attempt in range(10):
        status, _, page = clients[attempt % 2].submit("/accounts/login/", {"username": "ada", "password": "guess"})
        assert status == 200 and "Please enter a correct username and password" in page, attempt
    for client in clients:
        status, _, page = client.submit("/accounts/login/", {"username": "ada", "password": PASSWORD})
        assert status == 200
        assert "Too many failed log-ins for this account or from your network" in page
        assert "sessionid" not in client.cookies
    # The admin's log-in counts the same account.
    status, _, page = clients[0].submit("/admin/login/", {"username": "ada", "password": PASSWORD})
    assert "Too many failed log-ins" in page


@ON_FULL
def test_a_mixed_case_duplicate_email_is_refused(production: Production) -> None:
    client = Client(production.ports[0])
    fields = {"username": "grace", "email": "grace@example.com", "password1": PASSWORD, "password2": PASSWORD}
    assert client.submit("/accounts/signup/", fields)[0] == 302
    other = Client(production.ports[1])
    status, _, page = other.submit("/accounts/signup/", {**fields, "username": "grace2", "email": "Grace@EXAMPLE.com"})
    assert status == 200
    assert re.search(r'id="id_email".*?A user with that email address already exists\.', page, re.S)
    # The database itself refuses it too (a unique index on LOWER(email) in PostgreSQL).
    printed = manage(
        production.project,
        production.env,
        "from django.db import IntegrityError\n"
        "from django.contrib.auth import get_user_model\n"
        "try:\n"
        "    get_user_model().objects.create(username='grace3', email='GRACE@example.com')\n"
        "except IntegrityError as error:\n"
        "    print('refused:', error)\n"
        "print('users:', get_user_model().objects.filter(email__iexact='grace@example.com').count())\n",
    )
    assert "refused:" in printed and "users_user_email_ci_unique" in printed
    assert "users: 1" in printed


@ON_FULL
def test_a_welcome_email_refused_once_is_retried_by_the_worker(production: Production) -> None:
    client = Client(production.ports[1])
    fields = {"username": "hedy", "email": "hedy@example.com", "password1": PASSWORD, "password2": PASSWORD}
    assert client.submit("/accounts/signup/", fields)[0] == 302
    message = production.mailbox.wait_for(lambda message: message["To"] == "hedy@example.com", timeout=60)
    assert f"Welcome to {NAME}" in message["Subject"]
    assert f"Your account on {NAME} is ready" in text_of(message)
    assert production.mailbox.refused == 1
    deadline = time.monotonic() + 30  # the worker logs its verdict just after the message is sent
    while "succeeded" not in (log := production.worker_log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert re.search(r"send_welcome_email_task\[.*\] retry: Retry in", log), log[-3000:]
    assert re.search(r"send_welcome_email_task\[.*\] succeeded", log), log[-3000:]


FORMS = (
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/password/change/",
    "/accounts/password/reset/",
    "/accounts/password/reset/MQ/set-password/",
    "/admin/login/",
)


@ON_FULL
@pytest.mark.parametrize("path", FORMS)
def test_every_form_refuses_a_post_without_its_csrf_token(production: Production, path: str) -> None:
    status, _, page = Client(production.ports[0]).request("POST", path, {"username": "ada", "password": PASSWORD})
    assert status == 403
    assert "<h1>This form has expired</h1>" in page


@ON_FULL
def test_api_writes_with_a_session_need_the_csrf_token(production: Production) -> None:
    client = Client(production.ports[0])
    fields = {"username": "ida", "email": "ida@example.com", "password1": PASSWORD, "password2": PASSWORD}
    assert client.submit("/accounts/signup/", fields)[0] == 302  # logged in: a session cookie
    connection = http.client.HTTPConnection("127.0.0.1", production.ports[0], timeout=30)
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    headers = {"X-Forwarded-Proto": "https", "Cookie": cookie, "Content-Type": "application/json"}
    connection.request("PATCH", "/api/v1/users/me/", body='{"first_name": "Eve"}', headers=headers)
    response = connection.getresponse()
    assert response.status == 403
    assert "CSRF" in json.loads(response.read())["detail"]
    connection.close()


@ON_FULL
def test_security_headers_in_production(production: Production) -> None:
    client = Client(production.ports[0])
    for path in ("/", "/accounts/login/", "/api/v1/docs/", "/admin/login/"):
        status, headers, _ = client.request("GET", path)
        assert status == 200, path
        policy = headers["Content-Security-Policy"]
        for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"):
            assert directive in policy, (path, policy)
        assert "unsafe" not in policy
        assert headers["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
    connection = http.client.HTTPConnection("127.0.0.1", production.ports[0], timeout=30)
    connection.request("GET", "/accounts/login/")  # plain HTTP, no proxy header: sent to HTTPS
    response = connection.getresponse()
    assert response.status == 301 and response.headers["Location"].startswith("https://")
    connection.close()


@ON_FULL
def test_check_deploy_is_clean(production: Production) -> None:
    result = run([PY, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production.project, production.env)
    assert "System check identified no issues (1 silenced)." in result.stdout + result.stderr


class _SentryIntake(http.server.BaseHTTPRequestHandler):
    """Stands in for Sentry: records the envelopes the SDK sends."""

    received: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        # The SDK compresses with gzip (or with brotli, where installed: this decodes gzip only).
        self.received.append(gzip.decompress(body) if self.headers["Content-Encoding"] == "gzip" else body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@ON_FULL
def test_production_reports_errors_to_sentry_only_when_a_dsn_is_set(production: Production) -> None:
    received: list[bytes] = []
    handler = type("Intake", (_SentryIntake,), {"received": received})
    intake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=intake.serve_forever, daemon=True).start()
    code = (
        "import sentry_sdk\n"
        "print('active:', sentry_sdk.get_client().is_active())\n"
        "sentry_sdk.capture_message('framewise checks the Sentry hook')\n"
        "sentry_sdk.flush(timeout=10)\n"
    )
    try:
        assert "active: False" in manage(production.project, production.env, code)
        assert received == []
        dsn = f"http://public@127.0.0.1:{intake.server_address[1]}/1"
        assert "active: True" in manage(production.project, {**production.env, "SENTRY_DSN": dsn}, code)
    finally:
        intake.shutdown()
        intake.server_close()
    assert any(b"framewise checks the Sentry hook" in envelope for envelope in received)


@pytest.mark.xdist_group(f"bake-{PLAIN}")
def test_a_signup_stands_when_the_mail_server_is_down(
    bakery: Callable[[Combo], Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Without Celery the welcome email is sent after the commit: its failure is logged, not a 500."""
    folder = tmp_path_factory.mktemp("plain")
    project = copy_of(bakery, PLAIN, folder)
    with fresh_redis(PLAIN_CACHE_DB) as redis:
        signup_with_the_mail_server_down(project, folder, redis)


def signup_with_the_mail_server_down(project: Path, folder: Path, redis: str) -> None:
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "REDIS_URL": redis,
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(closed_port()),
        "DJANGO_EMAIL_USE_TLS": "False",
        "WEB_CONCURRENCY": "1",
    }
    run([PY, "manage.py", "migrate", "--noinput"], project, env)
    run([PY, "manage.py", "collectstatic", "--noinput"], project, env)
    log = folder / "gunicorn.log"
    with served([PY, "-m", "gunicorn", "--bind", "127.0.0.1:{port}"], project, env, log, probe="/health/") as port:
        client = Client(port)
        fields = {"username": "ada", "email": "ada@example.com", "password1": PASSWORD, "password2": PASSWORD}
        status, headers, _ = client.submit("/accounts/signup/", fields)
        assert status == 302 and headers["Location"] == "/"
        status, _, page = client.request("GET", "/")
        assert "Welcome, ada! Your account is ready." in page
    count = "from django.contrib.auth import get_user_model\nprint(get_user_model().objects.count())"
    printed = manage(project, env, count)
    assert printed.splitlines()[-1] == "1"
    assert re.search(r"The welcome email to user \d+ was not sent", log.read_text())
