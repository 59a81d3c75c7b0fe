"""templates/django: what only Django bakes have to prove (migrations, deploy checks, Docker, CI),
and the real services: PostgreSQL, a Celery worker on Redis, and gunicorn over HTTP."""

from __future__ import annotations

import fnmatch
import http.client
import json
import os
import re
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import celery_worker, postgres_database, redis_url, run, run_project_tests, served
from tests.templates.combinations import Combo, combos
from tests.templates.test_common import COVERAGE_REACHED

pytestmark = pytest.mark.slow
PY = sys.executable
DJANGO = combos("django")


def bake(bakery: Callable[[Combo], Path], name: str) -> Path:
    return bakery(Combo("django", name))


def assert_user_text_is_data(project: Path, values: dict[str, Any]) -> None:
    """Names and descriptions reach the settings as Python literals, never evaluated."""
    import ast

    base = ast.parse((project / "config" / "settings" / "base.py").read_text(encoding="utf-8"))
    literals = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in base.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
    }
    assert literals["PROJECT_NAME"] == values["project_name"]
    assert literals["PROJECT_DESCRIPTION"] == values["description"]
    assert literals["TIME_ZONE"] == values["timezone"]


def docker_build_context(project: Path, context: Path) -> None:
    """Copy what `docker build` would send: every file that .dockerignore does not exclude."""
    patterns = [
        line.removeprefix("**/")
        for line in (project / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]

    def ignored(relative: str) -> bool:
        verdict = False
        for pattern in patterns:
            keep = pattern.startswith("!")
            glob = pattern.removeprefix("!")
            if fnmatch.fnmatch(relative, glob) or any(fnmatch.fnmatch(part, glob) for part in relative.split("/")):
                verdict = not keep
        return verdict

    for path in sorted(project.rglob("*")):
        relative = path.relative_to(project).as_posix()
        if path.is_file() and not ignored(relative):
            (context / relative).parent.mkdir(parents=True, exist_ok=True)
            (context / relative).write_bytes(path.read_bytes())


def assert_docker_build_stage(project: Path, dockerfile: str, context: Path) -> None:
    """Run the build stage's Django step (collectstatic) as docker would: in the build context,
    without .env, with only the variables the Dockerfile sets."""
    docker_build_context(project, context)
    assert not (context / ".env").exists() and (context / ".env.example").exists()
    build_stage = dockerfile.split(" AS runtime")[0]
    commands = [
        line.removeprefix("RUN ")
        for line in re.sub(r"\\\n\s*", " ", build_stage).splitlines()
        if line.startswith("RUN ") and "manage.py" in line
    ]
    assert len(commands) == 1, commands
    path = f"{Path(PY).parent}{os.pathsep}{os.environ['PATH']}"
    run(["sh", "-c", commands[0]], context, {"PATH": path})
    assert (context / "staticfiles" / "staticfiles.json").is_file()
    assert (context / "staticfiles" / "admin" / "css" / "base.css").is_file()


def assert_docker_and_ci(project: Path, values: dict[str, Any], tmp_path: Path) -> None:
    if values["use_docker"]:
        dockerfile = (project / "Dockerfile").read_text(encoding="utf-8")
        assert_docker_build_stage(project, dockerfile, tmp_path / "docker-context")
        assert dockerfile.count("FROM python:${PYTHON_VERSION}-slim") == 2
        assert f"ARG PYTHON_VERSION={values['python_version']}" in dockerfile
        assert "\nUSER 10001:10001\n" in dockerfile
        # The build stage installs the runtime dependencies uv.lock pins (see test_infrastructure.py).
        assert "uv sync --locked --no-dev --no-install-project" in dockerfile
        assert ".env\n" in (project / ".dockerignore").read_text(encoding="utf-8")
        compose = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))
        expected = {"migrate", "web", "redis"}
        expected |= {"db"} if values["database"] == "postgresql" else set()
        expected |= {"worker", "beat"} if values["use_celery"] else set()
        assert set(compose["services"]) == expected
        env = dict(line.split("=", 1) for line in (project / ".env").read_text().splitlines() if "=" in line)
        if values["database"] == "postgresql":
            assert len(env["POSTGRES_PASSWORD"]) >= 50
    if values["ci"] == "github":
        workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
        job = workflow["jobs"]["test"]
        commands = "\n".join(step.get("run", "") for step in job["steps"])
        for command in ("ruff check", "ruff format --check", "pytest --cov", "check --deploy"):
            assert command in commands
        assert ("services" in job) == (values["database"] == "postgresql")
        assert ("docker" in workflow["jobs"]) == values["use_docker"]


def assert_gunicorn_conf(project: Path) -> None:
    """No worker restarts and no access log unless the environment asks for them."""
    show = (
        "import runpy; c = runpy.run_path('gunicorn.conf.py'); "
        "print(c['max_requests'], c['max_requests_jitter'], c['accesslog'])"
    )
    for extra, expected in (
        ({}, "0 0 None"),
        ({"GUNICORN_MAX_REQUESTS": "10000", "GUNICORN_ACCESSLOG": "-"}, "10000 1000 -"),
    ):
        unset = {"GUNICORN_MAX_REQUESTS": "", "GUNICORN_ACCESSLOG": ""}
        assert run([PY, "-c", show], project, unset | extra).stdout.strip() == expected


@pytest.mark.parametrize("combo", DJANGO)
def test_settings_hold_user_text_as_literals(project: Path, combo: Combo) -> None:
    assert_user_text_is_data(project, combo.values)


@pytest.mark.parametrize("combo", DJANGO)
def test_the_frontend_choice_shapes_the_project(project: Path, combo: Combo) -> None:
    slug, values = project.name, combo.values
    templates = sorted(str(p.relative_to(project / "templates")) for p in (project / "templates").rglob("*.html"))
    if values["frontend"] == "api":
        # One template is left: the API docs page, which drops an inline style the CSP refuses.
        assert templates == ["api/docs.html"]
        assert not (project / "static").exists() and not (project / slug / "pages").exists()
    else:
        assert not (project / "config" / "errors.py").exists()
        assert {"base.html", "nav.html", "403_csrf.html", "404.html", "500.html", "forms/field.html"} <= set(templates)
        assert ("registration/login.html" in templates) == values["use_accounts"]
        assert (project / "static" / "favicon.svg").is_file()


@pytest.mark.parametrize("combo", DJANGO)
def test_docker_and_ci_files_follow_the_options(project: Path, combo: Combo, tmp_path: Path) -> None:
    assert_docker_and_ci(project, combo.values, tmp_path)


@pytest.mark.parametrize("combo", DJANGO)
def test_mypy_finds_no_type_errors(project: Path, combo: Combo, tmp_path: Path) -> None:
    """The generated code type-checks as the project's own [tool.mypy] asks: strict, with django-stubs."""
    run([PY, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache"), "."], project)


@pytest.mark.parametrize("combo", DJANGO)
def test_gunicorn_restarts_and_logs_only_on_request(project: Path, combo: Combo) -> None:
    assert_gunicorn_conf(project)


@pytest.mark.parametrize("combo", DJANGO)
def test_migrations_are_complete_and_deploy_checks_pass(project: Path, combo: Combo, tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    run([PY, "manage.py", "makemigrations", "--check", "--dry-run", "--settings=config.settings.test"], project, env)
    deploy = run(
        [PY, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        project,
        {
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "example.com",
        },
    )
    assert "System check identified no issues" in deploy.stdout + deploy.stderr
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "python -m pytest --cov" in readme


@pytest.mark.services
@pytest.mark.xdist_group("bake-django-everything")
def test_postgresql_migrate_and_tests(bakery: Callable[[Combo], Path]) -> None:
    """The PostgreSQL bake migrates a real database (psycopg 3) and passes its tests on it."""
    project = bake(bakery, "everything")
    with postgres_database() as url:
        env = {"DATABASE_URL": url}
        migrate = run([PY, "manage.py", "migrate", "--noinput"], project, env)
        assert "Applying users.0001_initial... OK" in migrate.stdout
        run([PY, "manage.py", "makemigrations", "--check", "--dry-run"], project, env)
        engine = run(
            [PY, "manage.py", "shell", "-c", "from django.db import connection; print(connection.vendor)"],
            project,
            env,
        )
        assert engine.stdout.strip().splitlines()[-1] == "postgresql"
        output = run_project_tests(project, env)
        assert COVERAGE_REACHED.search(output), output[-2000:]


@pytest.mark.services
@pytest.mark.xdist_group("bake-django-sqlite-html-drf-celery")
def test_celery_worker_round_trip(bakery: Callable[[Combo], Path], tmp_path: Path) -> None:
    """A real worker on the real Redis runs the welcome email task and returns its result."""
    # A database number of its own keeps this worker apart from other suites' workers.
    env = {"REDIS_URL": redis_url(db=11), "DATABASE_URL": f"sqlite:///{tmp_path / 'celery.sqlite3'}"}
    project = bake(bakery, "sqlite-html-drf-celery")
    slug = project.name
    run([PY, "manage.py", "migrate", "--noinput"], project, env)
    log = tmp_path / "worker.log"
    with celery_worker("config", project, env, log):
        code = (
            f"from {slug}.users.models import User\n"
            f"from {slug}.users.tasks import send_welcome_email_task\n"
            "user = User.objects.create_user('ada', 'ada@example.com', 'a-long-password')\n"
            "print('round-trip:', send_welcome_email_task.delay(user.pk).get(timeout=60))\n"
        )
        result = run([PY, "manage.py", "shell", "-c", code], project, env, timeout=120)
    assert "round-trip: 1" in result.stdout
    output = log.read_text()
    assert "send_welcome_email_task" in output and "succeeded" in output
    assert "To: ada@example.com" in output  # the console email backend, in the worker


def http_get(port: int, path: str, https: bool = True) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "127.0.0.1", **({"X-Forwarded-Proto": "https"} if https else {})}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.xdist_group("bake-django-sqlite-html-drf-celery")
def test_gunicorn_serves_the_production_settings(bakery: Callable[[Combo], Path], tmp_path: Path) -> None:
    """gunicorn with the production settings answers the pages, the schema, static files and health checks."""
    project = bake(bakery, "sqlite-html-drf-celery")
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/4",  # the shared cache; these requests do not reach it
        "WEB_CONCURRENCY": "1",
    }
    run([PY, "manage.py", "migrate", "--noinput"], project, env)
    run([PY, "manage.py", "collectstatic", "--noinput"], project, env)
    gunicorn = [PY, "-m", "gunicorn", "--bind", "127.0.0.1:{port}"]
    with served(gunicorn, project, env, tmp_path / "gunicorn.log") as port:
        status, headers, body = http_get(port, "/")
        assert status == 200
        assert b"Fjord Market" in body
        assert headers["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"  # short, no preload
        for path in ("/accounts/login/", "/admin/login/", "/api/v1/schema/"):
            assert http_get(port, path)[0] == 200, path
        status, headers, body = http_get(port, "/static/css/site.css")
        assert status == 200 and b"--accent" in body
        status, headers, _ = http_get(port, "/static/admin/css/base.css")
        assert status == 200 and "max-age" in headers["Cache-Control"]
        status, headers, _ = http_get(port, "/", https=False)
        assert status == 301 and headers["Location"].startswith("https://")
        # The health checks answer plain HTTP probes (load balancer, container) without the redirect.
        status, _, body = http_get(port, "/health/", https=False)
        assert status == 200 and json.loads(body) == {"status": "ok"}
        status, _, body = http_get(port, "/health/ready/", https=False)
        assert status == 200 and json.loads(body) == {"status": "ok", "database": "ok"}
