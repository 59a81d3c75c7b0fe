"""templates/django: bake a covering set of option combinations and prove that each project works.

Every combination is baked once per worker with pytest-cookies (direct cookiecutter use, real hooks)
and checked by one test, so pytest-xdist spreads the combinations over the workers. Three more tests
run a bake against the real services: PostgreSQL, a Celery worker on Redis, and gunicorn over HTTP.
"""

from __future__ import annotations

import ast
import fnmatch
import http.client
import itertools
import json
import os
import re
import secrets
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import (
    TEMPLATES,
    bake_with_cookies,
    clean_env,
    compile_all,
    postgres_database,
    redis_url,
    run,
    run_project_tests,
    served,
    unrendered,
)

pytestmark = pytest.mark.slow

TEMPLATE = TEMPLATES / "django"
CONTRACT = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))
PY = sys.executable
# The options whose every pair of values must meet in at least one bake.
PAIRWISE = ("database", "frontend", "use_drf", "use_celery", "use_docker", "ci")
# Text a user may type: quotes, backslashes, Markdown, HTML, shell and unicode. (Jinja syntax is
# left out: plain cookiecutter renders extra context as Jinja; framewise's own tests cover that.)
ODD_NAME = 'Ünïcode "Quoted" \\Back #1 $HOME & <b>bold</b>'
ODD_TEXT = 'It\'s "odd": \\n `code` *stars* [link](x) % 100'

# One bake per combination: the defaults, everything at once, and a pairwise covering set.
COMBINATIONS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "everything": {
        "project_name": "Atlas",
        "database": "postgresql",
        "use_drf": True,
        "use_celery": True,
        "use_docker": True,
        "ci": "github",
        "python_version": "3.12",
        "license": "Apache-2.0",
    },
    "pg-html-celery-docker": {
        "project_name": "Birch Notes",
        "database": "postgresql",
        "use_celery": True,
        "use_docker": True,
        "python_version": "3.13",
        "license": "BSD-3-Clause",
    },
    "sqlite-html-github": {
        "project_name": ODD_NAME,
        "description": ODD_TEXT,
        "author_name": 'O\'Brien "Bob" \\ Ünïcode',
        "ci": "github",
        "license": "proprietary",
    },
    "pg-api-github": {
        "project_name": "Cobalt",
        "database": "postgresql",
        "frontend": "api",
        "use_drf": True,
        "ci": "github",
        "python_version": "3.12",
    },
    "pg-api-docker": {
        "project_name": "Dune Ledger",
        "database": "postgresql",
        "frontend": "api",
        "use_drf": True,
        "use_docker": True,
        "license": "Apache-2.0",
    },
    "sqlite-api-celery-docker-github": {
        "project_name": "Ember",
        "frontend": "api",
        "use_drf": True,
        "use_celery": True,
        "use_docker": True,
        "ci": "github",
        "python_version": "3.13",
        "license": "BSD-3-Clause",
    },
    "sqlite-html-drf-celery": {
        "project_name": "Fjord Market",
        "use_drf": True,
        "use_celery": True,
        "timezone": "Europe/Paris",
        "version": "1.2.3",
    },
}

# What an unselected option must not leave anywhere in the project (paths and text).
TRACES: dict[str, re.Pattern[str]] = {
    "use_drf": re.compile(r"rest_framework|djangorestframework|drf|spectacular|api/v1", re.I),
    "use_celery": re.compile(r"celery|redis(?![a-z])", re.I),
    "use_docker": re.compile(r"docker|compose", re.I),
    "database=postgresql": re.compile(r"postgres|psycopg", re.I),
    "ci=github": re.compile(r"github actions|\.github|workflow", re.I),
    "frontend=html": re.compile(r"\.html\b|signup\.html|pages\.urls|context_processors\.project"),
}


def choices(name: str) -> list[Any]:
    """Every value a template variable can take."""
    default = CONTRACT[name]
    if isinstance(default, bool):
        return [False, True]
    return default if isinstance(default, list) else [default]


def effective(name: str) -> dict[str, Any]:
    """The values a combination bakes with: its own, then the template's defaults."""
    values = {key: choices(key)[0] for key in CONTRACT if not key.startswith("_")}
    values.update(COMBINATIONS[name])
    return values


def selected(condition: str, values: dict[str, Any]) -> bool:
    key, _, expected = condition.partition("=")
    return values[key] == expected if expected else bool(values[key])


def valid(assignment: dict[str, Any]) -> bool:
    """Whether options can be chosen together (the template's _requires rules)."""
    for condition, needs in CONTRACT["_requires"].items():
        key, _, expected = condition.partition("=")
        chosen = key in assignment and assignment[key] == expected
        if chosen and any(assignment.get(need, True) is False for need in needs):
            return False
    return True


def text_files(project: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(project.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(project).parts:
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


_BAKES: dict[str, Path] = {}


@pytest.fixture(scope="session")
def bake(cookies_session: Any) -> Callable[[str], Path]:
    """Bake a combination once per worker session and return the project directory."""

    def _bake(name: str) -> Path:
        if name not in _BAKES:
            result = bake_with_cookies(cookies_session, "django", COMBINATIONS[name])
            assert result.exit_code == 0, f"{name}: {result.exception}"
            assert result.exception is None
            _BAKES[name] = Path(result.project_path)
        return _BAKES[name]

    return _bake


def test_combinations_cover_every_value_and_every_pair() -> None:
    baked = [effective(name) for name in COMBINATIONS]
    for name in CONTRACT:
        if not name.startswith("_") and name not in {"project_slug"}:
            seen = {values[name] for values in baked}
            assert set(map(str, choices(name))) <= set(map(str, seen)), name
    for values in baked:
        assert valid(values), values
    for first, second in itertools.combinations(PAIRWISE, 2):
        for a, b in itertools.product(choices(first), choices(second)):
            if not valid({first: a, second: b}):
                continue
            assert any(v[first] == a and v[second] == b for v in baked), (first, a, second, b)


def test_every_pruned_path_exists_in_the_template() -> None:
    root = TEMPLATE / "{{cookiecutter.project_slug}}"
    for condition, paths in CONTRACT["_prune_unless"].items():
        for path in paths:
            assert (root / path.format(project_slug=root.name)).exists(), (condition, path)


def test_an_invalid_combination_is_refused(cookies_session: Any) -> None:
    result = bake_with_cookies(cookies_session, "django", {"frontend": "api", "use_drf": False})
    assert result.exit_code != 0
    assert result.project_path is None or not Path(result.project_path).exists()


def assert_no_trace(project: Path, values: dict[str, Any]) -> None:
    for condition, pattern in TRACES.items():
        if selected(condition, values):
            continue
        found = [
            f"{path.relative_to(project)}: {match.group(0)!r}"
            for path, text in text_files(project)
            for match in [pattern.search(f"{path.relative_to(project)}\n{text}")]
            if match
        ]
        assert found == [], f"{condition} not selected, yet traces remain: {found}"
    slug = project.name
    if values["frontend"] == "api":
        assert not (project / "templates").exists()
        assert not (project / "static").exists()
        assert not (project / slug / "pages").exists()
    else:
        assert not (project / "config" / "errors.py").exists()
        assert (project / "templates" / "registration" / "login.html").exists()


def assert_user_text_is_data(project: Path, values: dict[str, Any]) -> None:
    """Names and descriptions reach Python and TOML literally, never evaluated."""
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
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["description"] == values["description"]
    assert meta["version"] == values["version"]
    assert meta["authors"] == [{"name": values["author_name"], "email": values["author_email"]}]
    assert meta["requires-python"] == f">={values['python_version']}"


def assert_secret_stays_in_env(project: Path) -> None:
    env_file = project / ".env"
    assert env_file.stat().st_mode & 0o777 == 0o600
    secret = re.search(r"^DJANGO_SECRET_KEY=(.+)$", env_file.read_text(), re.M).group(1)
    assert len(secret) >= 50
    run(["git", "init", "-q"], project)
    run(["git", "add", "-A"], project)
    tracked = run(["git", "ls-files"], project).stdout.split()
    assert ".env" not in tracked and ".env.example" in tracked
    leaks = [name for name in tracked if secret in (project / name).read_text(errors="replace")]
    assert leaks == []


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
        assert "\nUSER app\n" in dockerfile
        # The build stage installs exactly the runtime dependencies that pyproject.toml lists.
        snippet = re.search(r'RUN python -c "(.+?)" > requirements.txt', dockerfile).group(1)
        listed = run([PY, "-c", snippet], project).stdout.splitlines()
        meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert listed == meta["dependencies"]
        assert ".env\n" in (project / ".dockerignore").read_text(encoding="utf-8")
        compose = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))
        expected = {"web"}
        expected |= {"db"} if values["database"] == "postgresql" else set()
        expected |= {"redis", "worker"} if values["use_celery"] else set()
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


# pytest-cov's verdict when the project's fail_under (100) is met: run_project_tests passes --cov.
COVERAGE_REACHED = re.compile(r"Required test coverage of 100(\.0+)?% reached")


def assert_coverage_gate(project: Path) -> None:
    """Coverage is measured on request (`pytest --cov`, as CI does), and then must reach 100%."""
    pytest_options = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert pytest_options["coverage"]["report"]["fail_under"] == 100
    assert "--cov" not in pytest_options["pytest"]["ini_options"]["addopts"]
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "python -m pytest --cov" in readme


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


@pytest.mark.parametrize("name", COMBINATIONS)
def test_combination(bake: Callable[[str], Path], name: str, tmp_path: Path) -> None:
    """Bake one combination and run every check on it: files, tools, Django checks and its tests."""
    values = effective(name)
    project = bake(name)
    assert unrendered(project) == []
    compile_all(project)
    assert_no_trace(project, values)
    assert_user_text_is_data(project, values)
    assert_docker_and_ci(project, values, tmp_path)
    assert_secret_stays_in_env(project)
    assert_gunicorn_conf(project)

    run([PY, "-m", "ruff", "check", "--no-cache", "."], project)
    run([PY, "-m", "ruff", "format", "--check", "--no-cache", "."], project)
    run([PY, "-m", "bandit", "-q", "-c", "pyproject.toml", "-r", ".", "-ll"], project)

    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    run(
        [PY, "manage.py", "makemigrations", "--check", "--dry-run", "--settings=config.settings.test"],
        project,
        env,
    )
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
    assert_coverage_gate(project)
    output = run_project_tests(project, env)
    assert COVERAGE_REACHED.search(output), output[-2000:]
    assert re.search(r"\b\d+ passed\b", output) and " failed" not in output


@pytest.mark.services
def test_postgresql_migrate_and_tests(bake: Callable[[str], Path]) -> None:
    """The PostgreSQL bake migrates a real database (psycopg 3) and passes its tests on it."""
    project = bake("everything")
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
def test_celery_worker_round_trip(bake: Callable[[str], Path], tmp_path: Path) -> None:
    """A real worker on the real Redis runs the welcome email task and returns its result."""
    # A database number of its own keeps this worker apart from other suites' workers.
    env = {"REDIS_URL": redis_url(db=11), "DATABASE_URL": f"sqlite:///{tmp_path / 'celery.sqlite3'}"}
    project = bake("sqlite-html-drf-celery")
    slug = project.name
    run([PY, "manage.py", "migrate", "--noinput"], project, env)
    log = tmp_path / "worker.log"
    with log.open("w") as sink:
        worker = subprocess.Popen(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=project,
            env=clean_env(env),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            code = (
                f"from {slug}.users.models import User\n"
                f"from {slug}.users.tasks import send_welcome_email_task\n"
                "user = User.objects.create_user('ada', 'ada@example.com', 'a-long-password')\n"
                "print('round-trip:', send_welcome_email_task.delay(user.pk).get(timeout=60))\n"
            )
            result = run([PY, "manage.py", "shell", "-c", code], project, env, timeout=120)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
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


def test_gunicorn_serves_the_production_settings(bake: Callable[[str], Path], tmp_path: Path) -> None:
    """gunicorn with the production settings answers the pages, the schema, static files and health checks."""
    project = bake("sqlite-html-drf-celery")
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        "WEB_CONCURRENCY": "1",
    }
    run([PY, "manage.py", "migrate", "--noinput"], project, env)
    run([PY, "manage.py", "collectstatic", "--noinput"], project, env)
    gunicorn = [PY, "-m", "gunicorn", "--bind", "127.0.0.1:{port}"]
    with served(gunicorn, project, env, tmp_path / "gunicorn.log") as port:
        status, headers, body = http_get(port, "/")
        assert status == 200
        assert b"Fjord Market" in body
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
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
