"""templates/flask in production, as an attacker and an operator would meet it: real gunicorn
processes on Redis, a real Celery worker, and the generated CI workflow's own commands."""

from __future__ import annotations

import secrets
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.helpers import ProxiedClient, celery_worker, clean_env, redis_url, run, served
from tests.templates.combinations import Combo, combos

pytestmark = [pytest.mark.slow]

HTML = combos("flask", lambda values: values["frontend"] == "html")
ACCOUNTS = combos("flask", lambda values: values["use_login"])
# Redis databases of this module (each test flushes its own before use).
THROTTLE_DB, CELERY_DB = 5, 6


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def script(project: Path, code: str, env: Mapping[str, str] | None = None) -> str:
    """Run Python code in a baked project (its package importable) and return what it printed."""
    return run(python("-c", textwrap.dedent(code)), project, env).stdout


def production_env(tmp_path: Path, redis_db: int, **extra: str) -> dict[str, str]:
    return {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TRUSTED_HOSTS": "127.0.0.1",
        "PROXY_COUNT": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "REDIS_URL": redis_url(redis_db),
        **extra,
    }


def flush(url: str) -> None:
    import redis

    connection = redis.Redis.from_url(url)
    try:
        connection.flushdb()
    finally:
        connection.close()


@pytest.fixture
def two_processes(bakery: Callable[[Combo], Path], tmp_path: Path) -> Iterator[tuple[int, int]]:
    """The accounts bake in production, served by two gunicorn processes that share one Redis."""
    project = bakery(Combo("flask", "login"))
    env = production_env(tmp_path, THROTTLE_DB)
    flush(env["REDIS_URL"])
    run(python("-m", "flask", "--app", project.name, "db", "upgrade"), project, env)
    gunicorn = python("-m", "gunicorn", "--bind", "127.0.0.1:{port}", "--workers", "1", f"{project.name}.wsgi:app")
    with ExitStack() as stack:
        ports = [stack.enter_context(served(gunicorn, project, env, tmp_path / f"g{n}.log", "/health")) for n in (1, 2)]
        yield ports[0], ports[1]


@pytest.mark.services
@pytest.mark.xdist_group("bake-flask-login")
def test_the_eleventh_failed_login_is_refused_and_processes_share_the_count(two_processes: tuple[int, int]) -> None:
    first, second = (ProxiedClient(port) for port in two_processes)
    email, password = f"ada-{uuid.uuid4().hex[:8]}@example.com", "correct horse battery staple"
    form = {"csrf_token": first.csrf_token("/auth/register"), "email": email, "password": password, "confirm": password}
    status, _, page = first.request("POST", "/auth/register", form)
    assert status == 302, page
    # Ten wrong passwords, alternating between the two processes: each is answered normally.
    for attempt in range(10):
        client = (first, second)[attempt % 2]
        form = {"csrf_token": client.csrf_token("/auth/login"), "email": email, "password": "wrong password"}
        status, _, page = client.request("POST", "/auth/login", form)
        assert status == 200, page
        assert "Wrong email or password." in page
    # The eleventh try, even with the right password, is refused by either process, with a message.
    for client in (first, second):
        form = {"csrf_token": client.csrf_token("/auth/login"), "email": email, "password": password}
        status, _headers, page = client.request("POST", "/auth/login", form)
        assert status == 429, page
        assert "Too many attempts. Wait a few minutes, then try again." in page
        assert "<title>429 Too Many Requests ·" in page


@pytest.mark.services
@pytest.mark.xdist_group("bake-flask-login")
def test_production_hardening_over_real_http(two_processes: tuple[int, int]) -> None:
    port = two_processes[0]
    status, headers, page = ProxiedClient(port).request("GET", "/")
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=3600"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'self'" in policy
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # Every inline <script> or style= would break under that policy: the pages have none.
    assert "<script" not in page and "style=" not in page
    # Another host name is refused.
    status, _, _ = ProxiedClient(port, host="evil.example").request("GET", "/")
    assert status == 400
    # Plain HTTP is sent to HTTPS, keeping the method; the health checks answer as they are.
    plain = {"X-Forwarded-Proto": "http"}
    status, headers, _ = ProxiedClient(port).request("POST", "/auth/login?next=/", {"email": "x"}, headers=plain)
    assert (status, headers["Location"]) == (308, "https://127.0.0.1/auth/login?next=/")
    assert ProxiedClient(port).request("GET", "/health/ready", headers=plain)[0] == 200


@pytest.mark.parametrize("combo", ACCOUNTS)
def test_unknown_and_real_accounts_cost_the_same_hashing(project: Path, combo: Combo, tmp_path: Path) -> None:
    """Both log-ins run the real password hash (scrypt outside tests), not a shortcut for one."""
    code = f"""
        import hashlib
        from {project.name} import create_app
        from {project.name}.auth import User
        from {project.name}.models import db

        calls = []
        real_scrypt = hashlib.scrypt
        hashlib.scrypt = lambda *a, **k: calls.append(1) or real_scrypt(*a, **k)
        app = create_app("development")
        app.config["WTF_CSRF_ENABLED"] = False
        with app.app_context():
            db.create_all()
            user = User(email="ada@example.com")
            user.set_password("correct horse battery staple")
            db.session.add(user)
            db.session.commit()
        client = app.test_client()
        for email in ("nobody@example.com", "ada@example.com"):
            calls.clear()
            response = client.post("/auth/login", data={{"email": email, "password": "guess"}})
            print(email, response.status_code, len(calls))
    """
    env = {"APP_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path / 'hash.db'}", "REDIS_URL": ""}
    assert script(project, code, env).split() == ["nobody@example.com", "200", "1", "ada@example.com", "200", "1"]


@pytest.mark.parametrize("combo", HTML)
def test_every_form_refuses_a_post_without_its_csrf_token(project: Path, combo: Combo) -> None:
    """Every route that takes a POST, outside the JSON-only blueprints, answers 400 without a token."""
    code = f"""
        import re
        from {project.name} import create_app

        app = create_app("development")
        exempt = {{getattr(bp, "name", bp) for bp in app.extensions["csrf"]._exempt_blueprints}}
        client = app.test_client()
        for rule in app.url_map.iter_rules():
            if "POST" in rule.methods and rule.endpoint.split(".")[0] not in exempt:
                response = client.post(re.sub(r"<[^>]+>", "1", rule.rule), data={{"title": "x", "email": "x"}})
                print(rule.rule, response.status_code, b"CSRF" in response.data)
    """
    lines = script(project, code, {"APP_ENV": "development", "REDIS_URL": ""}).splitlines()
    answers = {line.split()[0]: line.split()[1:] for line in lines}
    assert all(answer == ["400", "True"] for answer in answers.values()), answers
    values = combo.values
    forms = {"/auth/login", "/auth/register", "/auth/logout"} if values["use_login"] else set()
    forms |= {"/notes/new"} if values["use_sqlalchemy"] else set()
    forms |= {"/contact"} if values["use_wtf"] else set()
    forms |= {"/admin/note/new/", "/admin/user/edit/"} if values["use_admin"] else set()
    assert forms <= answers.keys()


@pytest.mark.parametrize("combo", ACCOUNTS)
def test_anonymous_writes_are_refused_when_accounts_exist(project: Path, combo: Combo, tmp_path: Path) -> None:
    code = f"""
        import re
        from {project.name} import create_app
        from {project.name}.models import Note, db

        app = create_app("development")
        with app.app_context():
            db.create_all()
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', page).group(1)
        response = client.post("/notes/new", data={{"csrf_token": token, "title": "Anonymous", "body": ""}})
        print("page", response.status_code, response.headers.get("Location", "").split("?")[0])
        for url in [rule.rule for rule in app.url_map.iter_rules() if rule.rule in ("/api/v1/notes/", "/tasks/add")]:
            response = client.post(url, json={{"title": "Anonymous", "a": 1, "b": 2}})
            print(url, response.status_code, "-")
        with app.app_context():
            print("notes", db.session.query(Note).count(), "-")
    """
    env = {"APP_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}", "REDIS_URL": ""}
    answers = {line.split()[0]: line.split()[1:] for line in script(project, code, env).splitlines()}
    assert answers.pop("page") == ["302", "/auth/login"]
    assert answers.pop("notes") == ["0", "-"]
    assert answers == {
        url: ["401", "-"]
        for url, option in (("/api/v1/notes/", "use_api"), ("/tasks/add", "use_celery"))
        if combo.values[option]
    }


@pytest.mark.services
@pytest.mark.xdist_group("bake-flask-celery")
def test_a_task_that_fails_once_is_retried_by_a_real_worker(bakery: Callable[[Combo], Path], tmp_path: Path) -> None:
    """The project's task class retries network errors with backoff: a task that fails once succeeds."""
    project = bakery(Combo("flask", "celery"))
    slug = project.name
    url = redis_url(CELERY_DB)
    flush(url)
    key, queue = f"flaky-{uuid.uuid4().hex[:8]}", f"framewise-{uuid.uuid4().hex[:8]}"
    # A task of the project's own Celery app, kept outside the bake, that fails on its first run.
    (tmp_path / "flaky_probe.py").write_text(
        textwrap.dedent(f"""
            import redis
            from celery import shared_task

            @shared_task(ignore_result=False)
            def flaky():
                if redis.Redis.from_url({url!r}).incr({key!r}) == 1:
                    raise ConnectionError("the mail server did not answer")
                return "sent"
        """),
        encoding="utf-8",
    )
    env = clean_env(production_env(tmp_path, CELERY_DB, TRUSTED_HOSTS="localhost", PYTHONPATH=str(tmp_path)))
    worker_log = tmp_path / "worker.log"
    try:
        with celery_worker(
            f"{slug}.wsgi:celery_app", project, env, worker_log, "--include", "flaky_probe", "--queues", queue
        ):
            client = f"""
                from {slug}.wsgi import app
                from flaky_probe import flaky
                print("result", flaky.apply_async(queue={queue!r}).get(timeout=90))
            """
            output = run(python("-c", textwrap.dedent(client)), project, env, timeout=150).stdout
            assert "result sent" in output
    finally:
        flush(url)
    log = worker_log.read_text()
    assert "Retry in" in log, log
    assert "ConnectionError" in log


@pytest.mark.parametrize("combo", combos("flask", lambda values: values["use_celery"] or values["use_login"]))
def test_sentry_starts_only_when_a_dsn_is_set(project: Path, combo: Combo) -> None:
    code = f"""
        import os, sentry_sdk
        from {project.name} import create_app

        create_app("development")
        print(sentry_sdk.get_client().is_active())
        os.environ["SENTRY_DSN"] = "https://public@127.0.0.1:9/1"
        create_app("development")
        client = sentry_sdk.get_client()
        print(client.is_active(), *sorted(client.integrations))
    """
    off, on = script(project, code, {"APP_ENV": "development", "REDIS_URL": ""}).splitlines()
    assert off == "False"
    assert on.split()[0] == "True"
    assert "flask" in on.split()
    if combo.values["use_celery"]:
        assert "celery" in on.split()


@pytest.mark.parametrize("combo", combos("flask"))
def test_mypy_finds_nothing(project: Path, combo: Combo) -> None:
    """The generated code type-checks strictly (the project's own [tool.mypy]) in every combination."""
    run(python("-m", "mypy", "--no-incremental", "."), project)
