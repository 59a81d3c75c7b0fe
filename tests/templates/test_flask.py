"""templates/flask: what only Flask bakes have to prove (routes, packaging, configuration), and the
real services: PostgreSQL, a Celery worker and the cache on Redis, and every extension over gunicorn."""

from __future__ import annotations

import json
import re
import secrets
import sys
import tomllib
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import (
    ProxiedClient,
    celery_worker,
    clean_env,
    postgres_database,
    redis_url,
    require_service,
    run,
    run_project_tests,
    served,
)
from tests.templates.combinations import FLASK_EXTENSIONS, Combo, combos
from tests.templates.test_common import COVERAGE_REACHED

pytestmark = pytest.mark.slow
FLASK = combos("flask")


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def bake(bakery: Callable[[Combo], Path], name: str) -> Path:
    return bakery(Combo("flask", name))


ADMIN_VIEW_ENDPOINTS = (
    "action_view",
    "ajax_lookup",
    "ajax_update",
    "create_view",
    "delete_view",
    "details_view",
    "edit_view",
    "export",
    "index_view",
)


def expected_endpoints(answers: Mapping[str, Any]) -> set[str]:
    """The endpoints `flask routes` must list, derived from the selection alone."""
    endpoints = {"static", "health.live", "health.ready"}
    html = answers["frontend"] == "html"
    endpoints |= {"pages.index"} if html else {"home"}
    if html and answers["use_sqlalchemy"]:
        endpoints |= {"notes.index", "notes.new"}
    if html and answers["use_wtf"]:
        endpoints.add("contact.contact")
    if answers["use_caching"]:
        endpoints.add("caching.stats")
    if answers["use_login"]:
        endpoints |= {"auth.register", "auth.login", "auth.logout", "auth.profile"}
    if answers["use_admin"]:
        endpoints |= {"admin.index", "admin.static"}
        endpoints |= {f"{model}.{view}" for model in ("note", "user") for view in ADMIN_VIEW_ENDPOINTS}
    if answers["use_api"]:
        endpoints |= {"api-docs.openapi_json", "api_index.overview", "docs.index", "docs.init_script", "docs.static"}
        endpoints |= {"api-notes.Notes", "api-notes.NoteById"} if answers["use_sqlalchemy"] else {"api-greetings.greet"}
    if answers["use_celery"]:
        endpoints |= {"tasks.start_add", "tasks.task_result"}
    return endpoints


def listed_endpoints(project: Path, slug: str) -> set[str]:
    output = run(python("-m", "flask", "--app", slug, "routes"), project).stdout
    lines = output.splitlines()
    rows = lines[lines.index(next(line for line in lines if line.startswith("---"))) + 1 :]
    return {row.split()[0] for row in rows if row.strip()}


def check_wheel(project: Path, tmp_path: Path) -> None:
    """The project builds as a wheel holding its package, templates and static files."""
    import zipfile

    run(
        python(
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--ignore-requires-python",
            "-w",
            str(tmp_path),
            ".",
        ),
        project,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    slug = project.name
    assert {f"{slug}/__init__.py", f"{slug}/wsgi.py"} <= names
    if (project / slug / "templates").is_dir():
        assert {f"{slug}/templates/base.html", f"{slug}/static/style.css"} <= names
    if (project / slug / "apidocs").is_dir():
        assert {f"{slug}/apidocs/index.html", f"{slug}/apidocs/swagger-init.js"} <= names
    assert not any(n.startswith(("tests/", "migrations/")) for n in names)


def test_expected_endpoints_follow_the_selection() -> None:
    """The oracle used below changes with every extension that adds routes (it can fail)."""
    everything = expected_endpoints(Combo("flask", "all_on").values)
    nothing = expected_endpoints(Combo("flask", "all_off").values)
    assert nothing == {"static", "pages.index", "health.live", "health.ready"}
    for extension in set(FLASK_EXTENSIONS) - {"use_cors"}:
        assert expected_endpoints({**Combo("flask", "all_on").values, extension: False}) != everything, extension


@pytest.mark.parametrize("combo", FLASK)
def test_flask_routes_lists_exactly_what_the_selection_implies(project: Path, combo: Combo) -> None:
    assert listed_endpoints(project, project.name) == expected_endpoints(combo.values)


@pytest.mark.parametrize("combo", FLASK)
def test_files_follow_the_selection(project: Path, combo: Combo) -> None:
    answers = combo.values
    assert (project / "Dockerfile").exists() == answers["use_docker"]
    assert (project / "compose.yaml").exists() == answers["use_docker"]
    assert (project / ".github" / "workflows" / "ci.yml").exists() == (answers["ci"] == "github")
    assert (project / "migrations" / "versions").is_dir() == answers["use_sqlalchemy"]
    # User text reaches the app's Jinja templates only through config.PROJECT_NAME.
    for template in (project / project.name / "templates").rglob("*.html"):
        assert answers["project_name"] not in template.read_text(encoding="utf-8"), template
    for name in (".pre-commit-config.yaml", "compose.yaml", ".github/workflows/ci.yml"):
        if (project / name).exists():
            assert isinstance(yaml.safe_load((project / name).read_text(encoding="utf-8")), dict), name
    if answers["ci"] == "github":
        workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
        versions = workflow["jobs"]["test"]["strategy"]["matrix"]["python-version"]
        assert versions == [v for v in ("3.11", "3.12", "3.13") if v >= answers["python_version"]]
        assert "python -m pytest --cov\n" in (project / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    if answers["use_docker"]:
        postgres = answers["use_sqlalchemy"] and answers["database"] == "postgresql"
        services = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))["services"]
        expected = {"web"} | ({"db"} if postgres else set()) | ({"worker", "beat"} if answers["use_celery"] else set())
        expected |= {"redis"} if answers["use_caching"] or answers["use_celery"] or answers["use_login"] else set()
        expected |= {"migrate"} if answers["use_sqlalchemy"] else set()
        assert set(services) == expected
        assert "\nUSER 10001:10001\n" in (project / "Dockerfile").read_text(encoding="utf-8")
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(dep.startswith("flask>=3.1,<3.2") for dep in pyproject["project"]["dependencies"])
    assert "python -m pytest --cov\n" in (project / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("combo", FLASK)
def test_every_variable_the_code_reads_is_documented_in_env_example(project: Path, combo: Combo) -> None:
    example = (project / ".env.example").read_text(encoding="utf-8")
    assert "\nSECRET_KEY=\n" in example
    read = set()
    for path in (project / project.name).rglob("*.py"):
        read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', path.read_text(encoding="utf-8")))
        read |= set(re.findall(r'env_list\("([A-Z_]+)"', path.read_text(encoding="utf-8")))
    declared = {line.partition("=")[0] for line in example.splitlines() if "=" in line and not line.startswith("#")}
    assert read <= declared


@pytest.mark.parametrize("combo", FLASK)
def test_the_project_builds_a_wheel_with_its_package_templates_and_static_files(
    project: Path, combo: Combo, tmp_path: Path
) -> None:
    check_wheel(project, tmp_path)


# --- real services -----------------------------------------------------------------------------


@pytest.mark.services
@pytest.mark.xdist_group("bake-flask-admin")
def test_postgresql_migrations_and_tests(bakery: Callable[[Combo], Path]) -> None:
    """`flask db upgrade` and the project's own tests on a real PostgreSQL database."""
    project = bake(bakery, "admin")
    slug = project.name
    with postgres_database() as url:
        output = run_project_tests(project, {"TEST_DATABASE_URL": url})
        assert COVERAGE_REACHED.search(output), output[-2000:]
        env = {"APP_ENV": "development", "DATABASE_URL": url}
        run(python("-m", "flask", "--app", slug, "db", "upgrade"), project, env)
        run(python("-m", "flask", "--app", slug, "db", "check"), project, env)
        import psycopg

        with psycopg.connect(url) as conn:
            tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        assert {"note", "user", "alembic_version"} <= tables
        assert version == ("0002",)
        # The admin command works against PostgreSQL too.
        run(
            python("-m", "flask", "--app", slug, "create-admin", "--email", "boss@example.com", "--password", "x" * 12),
            project,
            env,
        )
        with psycopg.connect(url) as conn:
            is_admin, password_hash = conn.execute('SELECT is_admin, password_hash FROM "user"').fetchone()
        assert is_admin is True
        # Outside the test suite passwords get werkzeug's strong scrypt hash.
        assert password_hash.startswith("scrypt:")


@pytest.mark.services
@pytest.mark.xdist_group("bake-flask-celery")
def test_celery_worker_round_trip_on_redis(bakery: Callable[[Combo], Path]) -> None:
    """A real worker on the real Redis runs the sample task and returns its result."""
    project = bake(bakery, "celery")
    slug = project.name
    queue = f"framewise-{uuid.uuid4().hex[:12]}"
    env = clean_env(
        {
            "APP_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "REDIS_URL": redis_url(1),
            "TRUSTED_HOSTS": "localhost",
        }
    )
    worker_log = project.parent / f"{queue}.log"
    with celery_worker(f"{slug}.wsgi:celery_app", project, env, worker_log, "--queues", queue):
        client = (
            f"from {slug}.wsgi import app\n"
            f"from {slug}.tasks import add\n"
            f"result = add.apply_async((20, 22), queue={queue!r})\n"
            "print('result', result.get(timeout=60))\n"
        )
        output = run(python("-c", client), project, env, timeout=120).stdout
        assert "result 42" in output
    log = worker_log.read_text()
    assert f"{slug}.tasks.add" in log
    assert "succeeded" in log


@pytest.mark.services
@pytest.mark.xdist_group("bake-flask-caching")
def test_production_cache_lands_in_redis(bakery: Callable[[Combo], Path]) -> None:
    """With APP_ENV=production the cached view is stored in Redis."""
    project = bake(bakery, "caching")
    slug = project.name
    url = redis_url(2)
    prefix = f"framewise_{uuid.uuid4().hex[:8]}_"
    script = (
        f"from {slug} import create_app\n"
        "app = create_app()\n"
        f"assert app.config['CACHE_KEY_PREFIX'] == {prefix!r}\n"
        "assert app.config['CACHE_TYPE'] == 'RedisCache'\n"
        "client = app.test_client()\n"
        "first = client.get('/stats').json\n"
        "assert client.get('/stats').json == first\n"
        "print('ok')\n"
    )
    # The prefix is applied before the cache is created: pass it through the instance config.
    instance = project / "instance"
    instance.mkdir(exist_ok=True)
    (instance / "config.py").write_text(f"CACHE_KEY_PREFIX = {prefix!r}\n", encoding="utf-8")
    try:
        env = {
            "APP_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "REDIS_URL": url,
            "TRUSTED_HOSTS": "localhost",
        }
        assert "ok" in run(python("-c", script), project, env).stdout
    finally:
        (instance / "config.py").unlink()
    import redis

    connection = redis.Redis.from_url(url)
    try:
        keys = connection.keys(f"{prefix}*")
        assert [key.decode() for key in keys] == [f"{prefix}view//stats"]
        assert 0 < connection.ttl(keys[0]) <= 60
    finally:
        for key in connection.keys(f"{prefix}*"):
            connection.delete(key)
        connection.close()


# --- real HTTP through gunicorn ----------------------------------------------------------------


ADMIN_EMAIL, ADMIN_PASSWORD = "boss@example.com", secrets.token_urlsafe(16)


@pytest.fixture
def gunicorn_server(bakery: Callable[[Combo], Path], tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """The all-extensions project in production configuration, served by gunicorn."""
    require_service("Redis", "127.0.0.1", 6379)
    project = bake(bakery, "all_on")
    slug = project.name
    env = {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "REDIS_URL": redis_url(3),
        "CORS_ORIGINS": "https://app.example.com",
        "LOG_LEVEL": "INFO",
        "TRUSTED_HOSTS": "127.0.0.1",
        "PROXY_COUNT": "1",
    }
    run(python("-m", "flask", "--app", slug, "db", "upgrade"), project, env)
    admin = ["create-admin", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD]
    run(python("-m", "flask", "--app", slug, *admin), project, env)
    gunicorn = python("-m", "gunicorn", "--bind", "127.0.0.1:{port}", "--workers", "1", f"{slug}.wsgi:app")
    with served(gunicorn, project, env, tmp_path / "gunicorn.log", probe="/health") as port:
        yield port, tmp_path / "gunicorn.log"


@pytest.mark.services
@pytest.mark.xdist_group("bake-flask-all_on")
def test_all_extensions_over_real_http(gunicorn_server: tuple[int, Path]) -> None:
    from openapi_spec_validator import validate

    port, _ = gunicorn_server
    browser = ProxiedClient(port)

    status, headers, page = browser.request("GET", "/")
    assert status == 200
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "Flask all on" in page

    status, headers, body = browser.request("GET", "/health")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert json.loads(body) == {"status": "ok"}
    status, headers, body = browser.request("GET", "/health/ready")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok"}

    # CSRF: a form posted without its token is refused.
    status, _, page = browser.request("POST", "/contact", {"name": "Eve", "email": "eve@example.com", "message": "hi"})
    assert status == 400
    assert "CSRF" in page

    status, headers, body = browser.request("GET", "/api/openapi.json")
    assert status == 200
    spec = json.loads(body)
    validate(spec)
    assert {"/api/v1/notes/", "/api/v1/notes/{note_id}"} <= spec["paths"].keys()

    status, headers, _ = browser.request("GET", "/admin/")
    assert status == 302
    assert "/auth/login" in headers["Location"]

    # Register, log in and see the profile, all through real requests carrying cookies.
    email, password = "ada@example.com", "correct horse battery staple"
    token = browser.csrf_token("/auth/register")
    form = {"csrf_token": token, "email": email, "password": password, "confirm": password}
    status, headers, page = browser.request("POST", "/auth/register", form)
    assert status == 302, page
    assert headers["Location"].endswith("/auth/login")
    token = browser.csrf_token("/auth/login")
    form = {"csrf_token": token, "email": email, "password": password}
    status, headers, page = browser.request("POST", "/auth/login", form)
    assert status == 302, page
    assert headers["Location"].endswith("/auth/profile")
    session_cookies = [h for h in browser.set_cookie_headers if h.startswith("session=")]
    assert session_cookies
    assert all("Secure" in h and "HttpOnly" in h and "SameSite=Lax" in h for h in session_cookies)
    status, _, page = browser.request("GET", "/auth/profile")
    assert status == 200
    assert email in page
    # Logged in but not an admin: still refused.
    status, _, _ = browser.request("GET", "/admin/")
    assert status == 403

    # The API: writing needs the logged-in session; CORS answers the configured origin.
    origin = {"Origin": "https://app.example.com", "Accept": "application/json"}
    status, headers, body = ProxiedClient(port).request(
        "POST", "/api/v1/notes/", json_body={"title": "x"}, headers=origin
    )
    assert status == 401
    assert json.loads(body)["status"] == "Unauthorized"
    status, headers, body = browser.request("POST", "/api/v1/notes/", json_body={"title": "Over HTTP"}, headers=origin)
    assert status == 201, body
    assert json.loads(body)["title"] == "Over HTTP"
    assert headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    status, _, page = browser.request("GET", "/notes/")
    assert "Over HTTP" in page

    # An admin (made with `flask create-admin`) uses the back-office; its forms carry CSRF tokens.
    staff = ProxiedClient(port)
    form = {"csrf_token": staff.csrf_token("/auth/login"), "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    assert staff.request("POST", "/auth/login", form)[0] == 302
    assert staff.request("GET", "/admin/")[0] == 200
    status, _, page = staff.request("POST", "/admin/note/new/", {"title": "No token", "body": ""})
    assert status == 400
    form = {"csrf_token": staff.csrf_token("/admin/note/new/"), "title": "From the back-office", "body": ""}
    status, headers, page = staff.request("POST", "/admin/note/new/", form)
    assert status == 302, page
    status, _, page = staff.request("GET", "/admin/note/")
    assert status == 200
    assert "From the back-office" in page
    status, _, page = staff.request("GET", "/admin/user/")
    assert email in page
    assert "scrypt:" not in page
    # A user saved through the admin, email unchanged: no "already exists" error.
    # The admin made by create-admin is user 1, the account registered above user 2.
    edit_url = "/admin/user/edit/?id=2"
    assert email in staff.request("GET", edit_url)[2]
    form = {"csrf_token": staff.csrf_token(edit_url), "email": email, "is_admin": "y"}
    status, _, page = staff.request("POST", edit_url, form)
    assert status == 302, page
