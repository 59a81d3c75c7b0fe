"""templates/flask: bake a covering set of extension combinations and prove each one works.

Each combination is baked once per xdist worker (a session fixture) through pytest-cookies,
which runs cookiecutter and the real hooks as a direct cookiecutter user would. One test per
combination runs all of its checks, so xdist spreads the combinations over the workers.
Real services (PostgreSQL, Redis) and a real gunicorn server are exercised by the tests at
the end of the module.
"""

from __future__ import annotations

import fnmatch
import http.client
import itertools
import json
import re
import secrets
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest

from generator.catalog import hooks
from tests.helpers import (
    FLASK_EXTENSIONS,
    TEMPLATES,
    bake_with_cookies,
    clean_env,
    compile_all,
    postgres_database,
    redis_url,
    require_service,
    run,
    run_project_tests,
    served,
    unrendered,
)

TEMPLATE = TEMPLATES / "flask"
# pytest-cov's verdict when the project's fail_under (100) is met.
COVERAGE_REACHED = re.compile(r"Required test coverage of 100(\.0+)?% reached")
CONTRACT = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))
EXTENSIONS = FLASK_EXTENSIONS
OFF = dict.fromkeys(EXTENSIONS, False)

# Each alone with what it requires, all on, all off, the direct-cookiecutter defaults and two
# mixes whose interactions no other bake has (a stateless API with CSRF, tasks and a cache;
# accounts with a cache but plain HTML forms). Other variables vary across the bakes too.
COMBINATIONS: dict[str, dict[str, Any]] = {
    "all_on": {
        **dict.fromkeys(EXTENSIONS, True),
        "use_docker": True,
        "ci": "github",
        "license": "Apache-2.0",
        "python_version": "3.13",
    },
    "all_off": {**OFF, "license": "proprietary", "use_docker": True},
    "defaults": {},
    "sqlalchemy": {**OFF, "use_sqlalchemy": True, "ci": "github", "license": "BSD-3-Clause"},
    "login": {**OFF, "use_sqlalchemy": True, "use_login": True, "python_version": "3.12"},
    "wtf": {**OFF, "use_wtf": True, "ci": "github"},
    "admin": {
        **OFF,
        "use_sqlalchemy": True,
        "use_login": True,
        "use_admin": True,
        "database": "postgresql",
        "use_docker": True,
        "ci": "github",
    },
    "api": {**OFF, "use_api": True},
    "cors": {**OFF, "use_api": True, "use_cors": True, "license": "BSD-3-Clause"},
    "caching": {**OFF, "use_caching": True, "use_docker": True},
    "celery": {**OFF, "use_celery": True, "use_docker": True, "ci": "github"},
    "stateless_service": {
        **OFF,
        "use_wtf": True,
        "use_api": True,
        "use_cors": True,
        "use_caching": True,
        "use_celery": True,
        "database": "postgresql",
    },
    "accounts_cached": {
        **OFF,
        "use_sqlalchemy": True,
        "use_login": True,
        "use_caching": True,
        "database": "postgresql",
        "use_docker": True,
    },
}

# Names and descriptions: most bakes get a plain name; one gets text that must be quoted or escaped
# in every format (Python, TOML, YAML, JSON, Markdown, HTML).
AWKWARD_NAME = 'Ünïcode "Quoted" \\ back <script>alert(1)</script> #1 $HOME'
AWKWARD_DESCRIPTION = 'It\'s a "test" app: 100% \\ [link](x) *bold*'
TEXTS: dict[str, dict[str, str]] = {
    "defaults": {"project_name": AWKWARD_NAME, "description": AWKWARD_DESCRIPTION},
}

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

# Text that only an extension's code, configuration, dependencies or docs contain.
TRACES: dict[str, tuple[str, ...]] = {
    "use_sqlalchemy": ("sqlalchemy", "SQLAlchemy", "flask_migrate", "Flask-Migrate", "DATABASE_URL", "db upgrade"),
    "use_login": ("flask_login", "flask-login", "Flask-Login", "login_manager", "/auth/", "REMEMBER_COOKIE"),
    "use_wtf": ("flask_wtf", "flask-wtf", "Flask-WTF", "WTF_CSRF", "wtforms", "email-validator", "/contact"),
    "use_admin": ("flask_admin", "flask-admin", "Flask-Admin", "/admin", "create-admin", "is_admin"),
    "use_api": ("flask_smorest", "flask-smorest", "marshmallow", "/api", "OPENAPI", "openapi"),
    "use_cors": ("flask_cors", "flask-cors", "Flask-CORS", "CORS_ORIGINS", "CORS"),
    "use_caching": ("flask_caching", "flask-caching", "Flask-Caching", "CACHE_TYPE", "CACHE_REDIS_URL", "/stats"),
    "use_celery": ("celery", "Celery", "/tasks"),
}


def selection(name: str) -> dict[str, Any]:
    """The full answers of a combination: the template's defaults, then its overrides."""
    defaults = {k: (v[0] if isinstance(v, list) else v) for k, v in CONTRACT.items() if not k.startswith("_")}
    return {**defaults, "project_name": f"Flask {name.replace('_', ' ')}", **TEXTS.get(name, {}), **COMBINATIONS[name]}


def satisfies_requirements(answers: Mapping[str, Any]) -> bool:
    return all(
        all(answers[needed] for needed in needs) for option, needs in CONTRACT["_requires"].items() if answers[option]
    )


def expected_endpoints(answers: Mapping[str, Any]) -> set[str]:
    """The endpoints `flask routes` must list, derived from the selection alone."""
    endpoints = {"static", "main.index", "health.ready"}
    if answers["use_sqlalchemy"]:
        endpoints.add("main.new_note")
    if answers["use_wtf"]:
        endpoints.add("main.contact")
    if answers["use_caching"]:
        endpoints.add("main.stats")
    if answers["use_login"]:
        endpoints |= {"auth.register", "auth.login", "auth.logout", "auth.profile"}
    if answers["use_admin"]:
        endpoints |= {"admin.index", "admin.static"}
        endpoints |= {f"{model}.{view}" for model in ("note", "user") for view in ADMIN_VIEW_ENDPOINTS}
    if answers["use_api"]:
        endpoints |= {"api-docs.openapi_json", "api-docs.openapi_swagger_ui"}
        endpoints |= {"notes.Notes", "notes.NoteById"} if answers["use_sqlalchemy"] else {"greetings.greet"}
    if answers["use_celery"]:
        endpoints |= {"tasks.start_add", "tasks.task_result"}
    return endpoints


@pytest.fixture(scope="session")
def bake(cookies_session: Any) -> Callable[[str], Path]:
    """Bake a combination once per worker and return the project directory."""
    baked: dict[str, Path] = {}

    def bake_combination(name: str) -> Path:
        if name not in baked:
            context = {
                "project_name": f"Flask {name.replace('_', ' ')}",
                "project_slug": f"fw_{name}",
                **TEXTS.get(name, {}),
                **COMBINATIONS[name],
            }
            result = bake_with_cookies(cookies_session, "flask", context)
            assert result.exit_code == 0, result.exception
            assert result.exception is None
            baked[name] = Path(result.project_path)
        return baked[name]

    return bake_combination


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def text_files(project: Path) -> Iterator[tuple[Path, str]]:
    """Every text file git would track in the project (so not .env, .coverage or caches)."""
    skipped = {".env", ".coverage"}
    for path in sorted(project.rglob("*")):
        relative = path.relative_to(project)
        if not path.is_file() or path.name in skipped or relative.parts[0] in {"instance", "docs"}:
            continue
        if any(part in {"__pycache__", ".ruff_cache", ".pytest_cache"} for part in relative.parts):
            continue
        yield relative, path.read_text(encoding="utf-8")


def listed_endpoints(project: Path, slug: str) -> set[str]:
    output = run(python("-m", "flask", "--app", slug, "routes"), project).stdout
    lines = output.splitlines()
    rows = lines[lines.index(next(line for line in lines if line.startswith("---"))) + 1 :]
    return {row.split()[0] for row in rows if row.strip()}


# --- the covering set itself -------------------------------------------------------------------


def test_every_combination_is_valid() -> None:
    for name in COMBINATIONS:
        assert satisfies_requirements(selection(name)), name
        assert set(COMBINATIONS[name]) <= set(CONTRACT), name


def test_combinations_cover_all_on_all_off_and_each_alone() -> None:
    selections = [selection(name) for name in COMBINATIONS]
    assert any(all(s[e] for e in EXTENSIONS) for s in selections)
    assert any(not any(s[e] for e in EXTENSIONS) for s in selections)
    for extension in EXTENSIONS:
        # Alone: on, with only the options it requires (directly or through them) also on.
        needed = {extension}
        while True:
            more = {n for option in needed for n in CONTRACT["_requires"].get(option, [])} - needed
            if not more:
                break
            needed |= more
        assert any({e for e in EXTENSIONS if s[e]} == needed for s in selections), extension


def test_combinations_cover_every_pair_of_extension_values() -> None:
    """Every pair of extensions appears together, and every valid pair of on/off values too."""
    selections = [selection(name) for name in COMBINATIONS]
    for first, second in itertools.combinations(EXTENSIONS, 2):
        for values in itertools.product((True, False), repeat=2):
            wanted = dict(zip((first, second), values, strict=True))
            possible = any(
                satisfies_requirements({**dict(zip(EXTENSIONS, bits, strict=True)), **wanted})
                and all(dict(zip(EXTENSIONS, bits, strict=True))[k] == v for k, v in wanted.items())
                for bits in itertools.product((True, False), repeat=len(EXTENSIONS))
            )
            covered = any(all(s[k] == v for k, v in wanted.items()) for s in selections)
            assert covered or not possible, f"no bake has {wanted}"


def test_template_rules_name_real_variables_and_files() -> None:
    """A typo in _prune_unless, _copy_without_render or _next_steps would silently do nothing."""
    project_template = TEMPLATE / "{{cookiecutter.project_slug}}"
    variables = {k for k in CONTRACT if not k.startswith("_")}
    needs = [need for needed in CONTRACT["_requires"].values() for need in needed]
    steps = [step["when"] for step in CONTRACT["_next_steps"] if "when" in step]
    rules = [*CONTRACT["_prune_unless"], *CONTRACT["_requires"], *needs, *steps]
    for condition in rules:
        assert condition.lstrip("!").partition("=")[0] in variables, condition
    for paths in CONTRACT["_prune_unless"].values():
        for path in paths:
            assert (project_template / path.format(project_slug="{{cookiecutter.project_slug}}")).exists(), path
    # cookiecutter matches these globs against paths relative to the project template folder.
    rendered = [str(p.relative_to(project_template)) for p in project_template.rglob("*") if p.is_file()]
    for pattern in CONTRACT["_copy_without_render"]:
        assert any(fnmatch.fnmatch(path, pattern) for path in rendered), pattern
    assert "when" not in CONTRACT["_next_steps"][-1], "running the app comes last"


def test_expected_endpoints_follow_the_selection() -> None:
    """The oracle used below changes with every extension that adds routes (it can fail)."""
    everything = expected_endpoints(selection("all_on"))
    nothing = expected_endpoints(selection("all_off"))
    assert nothing == {"static", "main.index", "health.ready"}
    for extension in set(EXTENSIONS) - {"use_cors"}:
        assert expected_endpoints({**selection("all_on"), extension: False}) != everything, extension


# --- one test per combination: bake, then every check ----------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", list(COMBINATIONS))
def test_combination(bake: Callable[[str], Path], name: str, tmp_path: Path) -> None:
    project = bake(name)
    answers = selection(name)
    slug = project.name
    assert slug == f"fw_{name}"

    assert unrendered(project) == []
    compile_all(project)
    run(python("-m", "ruff", "check", "--no-cache", "."), project)
    run(python("-m", "ruff", "format", "--check", "--no-cache", "."), project)
    run(python("-m", "bandit", "-q", "-c", "pyproject.toml", "-r", slug, "--severity-level", "medium"), project)

    assert listed_endpoints(project, slug) == expected_endpoints(answers)

    output = run_project_tests(project)
    assert " passed" in output
    assert COVERAGE_REACHED.search(output), output[-2000:]

    files = dict(text_files(project))
    for extension in EXTENSIONS:
        if answers[extension]:
            continue
        for relative, text in files.items():
            for trace in TRACES[extension]:
                assert trace not in text, f"{relative} mentions {trace!r} although {extension} is off"
    if not (answers["use_sqlalchemy"] and answers["database"] == "postgresql"):
        assert [f for f, text in files.items() if re.search(r"postgres|psycopg", text, re.I)] == []
    if not (answers["use_caching"] or answers["use_celery"]):
        assert [f for f, text in files.items() if re.search(r"\bredis\b", text, re.I)] == []

    assert (project / "Dockerfile").exists() == answers["use_docker"]
    assert (project / "compose.yaml").exists() == answers["use_docker"]
    assert (project / ".github" / "workflows" / "ci.yml").exists() == (answers["ci"] == "github")
    assert (project / "migrations" / "versions").is_dir() == answers["use_sqlalchemy"]
    check_project_files(project, answers)
    check_wheel(project, tmp_path)
    check_git_tracks_no_secret(project)


def check_project_files(project: Path, answers: Mapping[str, Any]) -> None:
    """Packaging, user text, secrets, YAML files and ignore rules every project shares."""
    import tomllib

    import yaml

    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["description"] == answers["description"]
    assert pyproject["project"]["authors"] == [{"name": answers["author_name"], "email": answers["author_email"]}]
    assert pyproject["project"]["requires-python"] == f">={answers['python_version']}"
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {hooks().md(answers['project_name'])}\n")
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
    if answers["use_docker"]:
        postgres = answers["use_sqlalchemy"] and answers["database"] == "postgresql"
        services = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))["services"]
        expected = {"web"} | ({"db"} if postgres else set()) | ({"worker"} if answers["use_celery"] else set())
        expected |= {"redis"} if answers["use_caching"] or answers["use_celery"] else set()
        assert set(services) == expected
        assert "USER app" in (project / "Dockerfile").read_text(encoding="utf-8")
    assert any(dep.startswith("flask>=3.1,<3.2") for dep in pyproject["project"]["dependencies"])
    assert "pytest-cov>=6" in pyproject["project"]["optional-dependencies"]["dev"]
    # The 100% gate lives in coverage's own settings; `pytest --cov` (CI, run_project_tests) applies it.
    assert pyproject["tool"]["coverage"]["report"]["fail_under"] == 100
    assert "--cov" not in pyproject["tool"]["pytest"]["ini_options"]["addopts"]
    if answers["ci"] == "github":
        steps = (project / ".github/workflows/ci.yml").read_text(encoding="utf-8")
        assert "python -m pytest --cov\n" in steps
    assert "python -m pytest --cov\n" in (project / "README.md").read_text(encoding="utf-8")

    example = (project / ".env.example").read_text(encoding="utf-8")
    env = (project / ".env").read_text(encoding="utf-8")
    assert "\nSECRET_KEY=\n" in example
    key = re.search(r"^SECRET_KEY=(.+)$", env, re.MULTILINE)
    assert key is not None
    assert len(key.group(1)) >= 50
    assert key.group(1) not in example
    assert oct((project / ".env").stat().st_mode & 0o777) == oct(0o600)
    assert [line.partition("=")[0] for line in env.splitlines()] == [
        line.partition("=")[0] for line in example.splitlines()
    ]
    # Every variable the code reads is documented in .env.example.
    package = project / project.name
    read = set()
    for path in package.rglob("*.py"):
        read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', path.read_text(encoding="utf-8")))
        read |= set(re.findall(r'env_list\("([A-Z_]+)"', path.read_text(encoding="utf-8")))
    declared = {line.partition("=")[0] for line in example.splitlines() if "=" in line and not line.startswith("#")}
    assert read <= declared

    ignored = (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {".env", "instance/", "*.db", "*.sqlite", "__pycache__/", ".pytest_cache/"} <= set(ignored)

    license_text = (project / "LICENSE").read_text(encoding="utf-8")
    first_line = {
        "MIT": "MIT License",
        "BSD-3-Clause": "BSD 3-Clause License",
        "Apache-2.0": "Apache License",
        "proprietary": "All rights reserved.",
    }[answers["license"]]
    assert first_line in license_text


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
    assert {
        f"{slug}/__init__.py",
        f"{slug}/wsgi.py",
        f"{slug}/templates/base.html",
        f"{slug}/static/style.css",
    } <= names
    assert not any(n.startswith(("tests/", "migrations/")) for n in names)


def check_git_tracks_no_secret(project: Path) -> None:
    """After a test run, `git add -A` tracks neither .env, nor instance/, nor the secret key."""
    secret = re.search(r"^SECRET_KEY=(.+)$", (project / ".env").read_text(encoding="utf-8"), re.MULTILINE)
    assert secret is not None
    run(["git", "init", "-q"], project)
    run(["git", "add", "-A"], project)
    tracked = run(["git", "ls-files"], project).stdout.splitlines()
    assert ".env.example" in tracked
    assert [t for t in tracked if t == ".env" or t.startswith(("instance/", ".coverage")) or "__pycache__" in t] == []
    for name in tracked:
        assert secret.group(1) not in (project / name).read_text(encoding="utf-8", errors="replace"), name


# --- real services -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.services
def test_postgresql_migrations_and_tests(bake: Callable[[str], Path]) -> None:
    """`flask db upgrade` and the project's own tests on a real PostgreSQL database."""
    project = bake("admin")
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
        assert version == ("0001",)
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


@pytest.mark.slow
@pytest.mark.services
def test_celery_worker_round_trip_on_redis(bake: Callable[[str], Path]) -> None:
    """A real worker on the real Redis runs the sample task and returns its result."""
    project = bake("celery")
    slug = project.name
    queue = f"framewise-{uuid.uuid4().hex[:12]}"
    env = clean_env({"APP_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50), "REDIS_URL": redis_url(1)})
    worker = subprocess.Popen(
        python(
            *f"-m celery -A {slug}.wsgi:celery_app worker --queues {queue} --pool solo".split(),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ),
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        client = (
            f"from {slug}.wsgi import app\n"
            f"from {slug}.tasks import add\n"
            f"result = add.apply_async((20, 22), queue={queue!r})\n"
            "print('result', result.get(timeout=60))\n"
        )
        output = run(python("-c", client), project, env, timeout=120).stdout
        assert "result 42" in output
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)
    assert f"{slug}.tasks.add" in log
    assert "succeeded" in log


@pytest.mark.slow
@pytest.mark.services
def test_production_cache_lands_in_redis(bake: Callable[[str], Path]) -> None:
    """With APP_ENV=production the cached view is stored in Redis."""
    project = bake("caching")
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
        env = {"APP_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50), "REDIS_URL": url}
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


class Browser:
    """A minimal HTTP client that keeps cookies, including Secure ones, over plain HTTP."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        form: Mapping[str, str] | None = None,
        *,
        json_body: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Accept": "text/html", **(headers or {})}
        body = None
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
            for header in response.headers.get_all("Set-Cookie") or []:
                self.set_cookie_headers.append(header)
                for morsel in SimpleCookie(header).values():
                    self.cookies[morsel.key] = morsel.value
            return response.status, dict(response.headers.items()), text
        finally:
            connection.close()

    def csrf_token(self, path: str) -> str:
        status, _, page = self.request("GET", path)
        assert status == 200, page
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token is not None, page
        return token.group(1)


ADMIN_EMAIL, ADMIN_PASSWORD = "boss@example.com", secrets.token_urlsafe(16)


@pytest.fixture
def gunicorn_server(bake: Callable[[str], Path], tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """The all-extensions project in production configuration, served by gunicorn."""
    require_service("Redis", "127.0.0.1", 6379)
    project = bake("all_on")
    slug = project.name
    env = {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "REDIS_URL": redis_url(3),
        "CORS_ORIGINS": "https://app.example.com",
        "LOG_LEVEL": "INFO",
    }
    run(python("-m", "flask", "--app", slug, "db", "upgrade"), project, env)
    admin = ["create-admin", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD]
    run(python("-m", "flask", "--app", slug, *admin), project, env)
    gunicorn = python("-m", "gunicorn", "--bind", "127.0.0.1:{port}", "--workers", "1", f"{slug}.wsgi:app")
    with served(gunicorn, project, env, tmp_path / "gunicorn.log", probe="/health") as port:
        yield port, tmp_path / "gunicorn.log"


@pytest.mark.slow
@pytest.mark.services
def test_all_extensions_over_real_http(gunicorn_server: tuple[int, Path]) -> None:
    from openapi_spec_validator import validate

    port, _ = gunicorn_server
    browser = Browser(port)

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
    status, headers, body = Browser(port).request("POST", "/api/v1/notes/", json_body={"title": "x"}, headers=origin)
    assert status == 401
    assert json.loads(body) == {"code": 401, "status": "Unauthorized"}
    status, headers, body = browser.request("POST", "/api/v1/notes/", json_body={"title": "Over HTTP"}, headers=origin)
    assert status == 201, body
    assert json.loads(body)["title"] == "Over HTTP"
    assert headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    status, _, page = browser.request("GET", "/")
    assert "Over HTTP" in page

    # An admin (made with `flask create-admin`) uses the back-office; its forms carry CSRF tokens.
    staff = Browser(port)
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
