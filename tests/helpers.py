"""Helpers shared by the test modules: running baked projects and reaching the real services."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import tomllib
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# The Flask template's extension switches, read from its cookiecutter.json (use_docker is tooling, not an extension).
FLASK_EXTENSIONS = tuple(
    name
    for name, value in json.loads((TEMPLATES / "flask" / "cookiecutter.json").read_text(encoding="utf-8")).items()
    if isinstance(value, bool) and name != "use_docker"
)
# Every option on, per template: the widest surface for input and security checks.
ALL_ON: dict[str, dict[str, object]] = {
    "django": {
        "database": "postgresql",
        "frontend": "html",
        "use_drf": True,
        "use_celery": True,
        "use_docker": True,
        "ci": "github",
    },
    "flask": dict.fromkeys(FLASK_EXTENSIONS, True) | {"use_docker": True, "ci": "github", "database": "postgresql"},
}
POSTGRES_HOST, POSTGRES_PORT = "127.0.0.1", 5432
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REQUIRE_SERVICES = os.environ.get("FRAMEWISE_REQUIRE_SERVICES") == "1"
# Our own pytest, xdist and settings variables must not leak into a baked project's run.
LEAKY_VARIABLES = re.compile(
    r"^(PYTEST_.*|PYTHONPATH|DJANGO_.*|FLASK_.*|APP_ENV|SECRET_KEY|DATABASE_URL|REDIS_URL|COV_.*|COVERAGE_.*)$"
)
UNRENDERED = re.compile(
    r"\{\{\s*cookiecutter|\{%-?\s*(if|endif|for|endfor|raw|endraw|else|elif)\b.*cookiecutter|cookiecutter\."
)


def bake_with_cookies(cookies: Any, framework: str, extra_context: Mapping[str, Any]) -> Any:
    """Bake a template with pytest-cookies, as plain cookiecutter would.

    pytest-cookies renders the context itself before cookiecutter puts the template on sys.path,
    so the template's local_extensions module would not import: put the template there first.
    """
    template = str(TEMPLATES / framework)
    sys.path.insert(0, template)
    try:
        return cookies.bake(extra_context=dict(extra_context), template=template)
    finally:
        sys.path.remove(template)


def generate_project(framework: str, values: Mapping[str, Any], output_dir: Path) -> Path:
    """Generate a project through framewise's library API, without prompts; return its folder."""
    from generator import generate

    return generate.generate(generate.plan(framework, values, output_dir), lock_dependencies=False).target


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a developer would have in a fresh shell, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not LEAKY_VARIABLES.match(k)}
    env.update(extra or {})
    return env


def run(
    args: Sequence[str | os.PathLike[str]],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run a command in a baked project; fail the test with its output when it fails."""
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, args))} failed in {cwd} (exit {result.returncode})\n"
            f"--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}"
        )
    return result


def run_project_tests(project: Path, env: Mapping[str, str] | None = None) -> str:
    """Run a baked project's own pytest suite with this interpreter and return its output.

    Coverage is always measured, as the project's CI does: `--cov` is added unless the project's
    pytest `addopts` already ask for it, so the project's own gate (`fail_under`) applies.
    """
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    if "--cov" not in _pytest_addopts(project):
        args.append("--cov")
    return run(args, project, env).stdout


def _pytest_addopts(project: Path) -> str:
    pyproject = project / "pyproject.toml"
    if not pyproject.is_file():
        return ""
    options = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("pytest", {})
    return str(options.get("ini_options", {}).get("addopts", ""))


def unrendered(project: Path) -> list[str]:
    """Files of a baked project that still hold cookiecutter template text."""
    found = []
    for path in sorted(project.rglob("*")):
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            if UNRENDERED.search(text):
                found.append(str(path.relative_to(project)))
    return found


def compile_all(project: Path) -> None:
    """Compile every .py file of a baked project, failing on the first syntax error."""
    for path in project.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def unavailable(message: str) -> NoReturn:
    """Skip for what this machine lacks, unless FRAMEWISE_REQUIRE_SERVICES=1 (CI) makes that a failure."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{message} and FRAMEWISE_REQUIRE_SERVICES=1")
    pytest.skip(message)


def require_service(name: str, host: str, port: int) -> None:
    """Skip when a service is down, unless FRAMEWISE_REQUIRE_SERVICES=1 makes that a failure."""
    if not _reachable(host, port):
        unavailable(f"{name} is not reachable on {host}:{port}")


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create a throwaway PostgreSQL database, yield its URL, and drop it afterwards."""
    require_service("PostgreSQL", POSTGRES_HOST, POSTGRES_PORT)
    import psycopg

    name = f"framewise_{uuid.uuid4().hex[:12]}"
    admin = f"postgresql://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_url(db: int = 0) -> str:
    """The real Redis on 127.0.0.1, skipping or failing per the services rule."""
    require_service("Redis", REDIS_HOST, REDIS_PORT)
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"


# For servers a test starts with a throwaway self-signed certificate.
UNVERIFIED_TLS = ssl.create_default_context()
UNVERIFIED_TLS.check_hostname = False
UNVERIFIED_TLS.verify_mode = ssl.CERT_NONE


def free_port() -> int:
    """A free TCP port on 127.0.0.1 for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# A test's Celery worker talks to nobody but its broker.
QUIET = ("--without-gossip", "--without-mingle", "--without-heartbeat")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop `process` as its supervisor would: SIGTERM, then SIGKILL after 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def celery_worker(app: str, cwd: Path, env: Mapping[str, str], log: Path, *options: str) -> Iterator[None]:
    """A real Celery worker for `app` (one process, no gossip, no mingle), logging to `log`, stopped afterwards."""
    with log.open("w") as sink:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", app, "worker", "--pool=solo", "--loglevel=INFO", *QUIET, *options],
            cwd=cwd,
            env=clean_env(env),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            yield
        finally:
            stop(worker)


@contextmanager
def served(
    args: Sequence[str], cwd: Path, env: Mapping[str, str], log: Path, probe: str = "/", tls: bool = False
) -> Iterator[int]:
    """Run a server ("{port}" in `args` becomes a free port on 127.0.0.1) until it answers; stop it afterwards.

    With `tls` the server speaks HTTPS (a self-signed certificate: the probe does not verify it).
    """
    port = free_port()
    with log.open("w") as sink:
        server = subprocess.Popen(
            [arg.format(port=port) for arg in args], cwd=cwd, env=clean_env(env), stdout=sink, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                connection = (
                    http.client.HTTPSConnection("127.0.0.1", port, timeout=2, context=UNVERIFIED_TLS)
                    if tls
                    else http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                )
                try:
                    connection.request("GET", probe)
                    connection.getresponse().read()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"{args[0]} did not start:\n{log.read_text()}")
                    time.sleep(0.2)
                finally:
                    connection.close()
            yield port
        finally:
            stop(server)


def interpreter(version: str) -> str:
    """A Python of the bake's version on this machine, as the developer would have it."""
    if version == f"{sys.version_info.major}.{sys.version_info.minor}":
        return sys.executable
    candidates = [
        shutil.which(f"python{version}"),
        *sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin/python3")),
    ]
    for candidate in filter(None, candidates):
        if subprocess.run([str(candidate), "-c", ""], capture_output=True, check=False).returncode == 0:
            return str(candidate)
    unavailable(f"Python {version} is not installed")


class ProxiedClient:
    """HTTP to a local server as a TLS-terminating proxy forwards it (X-Forwarded-Proto https), keeping
    cookies, Secure ones included, the way a browser behind that proxy would."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.port, self.host = port, host
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
    ) -> tuple[int, http.client.HTTPMessage, str]:
        from http.cookies import SimpleCookie
        from urllib.parse import urlencode

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        # A browser names the page a form came from; over HTTPS, Flask-WTF checks it.
        sent = {"Host": self.host, "X-Forwarded-Proto": "https", "Referer": f"https://{self.host}/"}
        sent.update({"Accept": "text/html", **(headers or {})})
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if json_body is not None:
            body = json.dumps(json_body)
            sent["Content-Type"] = "application/json"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
            for header in response.headers.get_all("Set-Cookie") or []:
                self.set_cookie_headers.append(header)
                for morsel in SimpleCookie(header).values():
                    self.cookies[morsel.key] = morsel.value
            return response.status, response.headers, text
        finally:
            connection.close()

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on the page at `path`."""
        status, _, page = self.request("GET", path)
        assert status == 200, page
        found = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', page)
        assert found is not None, page
        return found.group(1)
