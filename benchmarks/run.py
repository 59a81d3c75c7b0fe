"""framewise's performance budget, measured: `python benchmarks/run.py [--quick] [--groups ...]`.

Each group measures framewise (A) against a baseline (B) in the same run, alternating A B A B ...
after an untimed warm-up, and prints medians with the min-max of the runs, the ratio A/B of the
medians and the issue's target for it, PASS or FAIL:

  generation  framewise new-project (Django; Flask with every extension) vs django-admin startproject
  cli         framewise --help / templates / assess --no-input vs python -c "import click"
  apps        generated Django (production settings) and Flask (every extension) under gunicorn,
              sync, 2 workers, vs a bare startproject / a Flask hello-world: requests/s, CPU per request
  tests       a generated project's first `python -m pytest` vs startproject + pytest-django, one test
  profile     where the time goes: -X importtime and cProfile of framewise (no targets)

Run it with the Python that has framewise installed (e.g. /work/venv/bin/python benchmarks/run.py).
Exit status: 0 when every target passes, 1 when one fails, 2 when a group could not be measured.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import _load
import _projects as proj
from _timing import (
    BenchmarkError,
    Command,
    Outcome,
    Sample,
    Target,
    alternate,
    compare,
    fmt_rate,
    fmt_seconds,
    fresh_dir,
    table,
)

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ("generation", "cli", "apps", "tests", "profile")
SSL_HEADERS = {"X-Forwarded-Proto": "https"}  # the generated Django project honours SECURE_PROXY_SSL_HEADER


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Report:
    """Everything measured, printed as tables at the end and optionally saved as JSON."""

    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []
        self.notes: list[str] = []
        self.errors: list[str] = []
        self.raw: dict[str, Any] = {}

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        print(
            f"  {outcome.target.label}: {outcome.a_text} vs {outcome.b_text} -> {outcome.ratio:.2f}x "
            f"(target {outcome.target.limit_text}) {outcome.verdict}; CPU ratio {outcome.cpu_text}",
            flush=True,
        )

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)


# --- generation ---------------------------------------------------------------------------------


def bench_generation(work: Path, reps: int, report: Report) -> None:
    out = work / "generation"

    def slot(name: str) -> Callable[[int], Path]:
        return lambda i: out / f"{name}-{i}"

    def make(name: str) -> Callable[[int], object]:
        return lambda i: fresh_dir(out / f"{name}-{i}") and None

    def remove(name: str) -> Callable[[int], object]:
        return lambda i: shutil.rmtree(out / f"{name}-{i}", ignore_errors=True)

    # The templates keep compiled templates in $XDG_CACHE_HOME/framewise: a cache of this run's own,
    # filled by the warm-up, and for the cold rows an empty one each time (a user's very first run).
    env = proj.clean_env(XDG_CACHE_HOME=str(out / "cache"))

    cold_env = {**env, "XDG_CACHE_HOME": str(out / "cold-cache")}

    def cold(name: str) -> Callable[[int], object]:
        return lambda i: fresh_dir(out / "cold-cache") and fresh_dir(out / f"{name}-{i}") and None

    commands = [
        Command(
            "framewise django",
            proj.new_project_argv("django", Path(".")),
            slot("fw-django"),
            env,
            make("fw-django"),
            remove("fw-django"),
        ),
        Command(
            "startproject",
            [proj.tool("django-admin"), "startproject", "mysite"],
            slot("sp"),
            env,
            make("sp"),
            remove("sp"),
        ),
        Command(
            "framewise flask (all extensions)",
            proj.new_project_argv("flask", Path("."), proj.flask_all_sets()),
            slot("fw-flask"),
            env,
            make("fw-flask"),
            remove("fw-flask"),
        ),
        Command(
            "framewise django, cold cache",
            proj.new_project_argv("django", Path(".")),
            slot("fw-django-cold"),
            cold_env,
            cold("fw-django-cold"),
            remove("fw-django-cold"),
        ),
        Command(
            "plain cookiecutter django",
            [proj.tool("cookiecutter"), "--no-input", str(ROOT / "templates/django")],
            slot("cc-django"),
            env,
            make("cc-django"),
            remove("cc-django"),
            optional=True,
        ),
    ]
    commands.append(
        Command(
            "import floor",
            [sys.executable, "-c", "import click, cookiecutter.generate, cookiecutter.extensions, generator.cli"],
            work,
            env,
        )
    )
    samples = alternate(commands, reps, warmup=1, progress=log)
    report.raw["generation"] = {k: v.__dict__ for k, v in samples.items()}
    targets = [
        Target("generation: framewise django / startproject", "framewise django", "startproject", 1.0),
        Target(
            "generation: framewise flask (all) / startproject", "framewise flask (all extensions)", "startproject", 1.0
        ),
        Target(
            "generation: framewise django, empty compile cache / startproject",
            "framewise django, cold cache",
            "startproject",
            None,
        ),
        Target(
            "generation: import floor (click, cookiecutter.generate + extensions, generator.cli) / startproject",
            "import floor",
            "startproject",
            None,
        ),
        Target(
            "generation: plain cookiecutter django / startproject", "plain cookiecutter django", "startproject", None
        ),
    ]
    for target in targets:
        if target.a in samples:
            report.add(compare("generation", target, samples, fmt_seconds))
    for name, sample in samples.items():
        report.note(f"{name}: child CPU {statistics.median(sample.cpu) * 1000:.0f} ms median")
    counts = {
        "framewise django": proj.count_files(proj.generate("django", out / "count-django")),
        "framewise flask (all extensions)": proj.count_files(
            proj.generate("flask", out / "count-flask", proj.flask_all_sets())
        ),
        "startproject": _startproject_count(out),
    }
    report.raw["file_counts"] = counts
    report.note("files written: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def _startproject_count(out: Path) -> int:
    target = fresh_dir(out / "count-sp")
    proj.run([proj.tool("django-admin"), "startproject", "mysite"], target)
    return proj.count_files(target)


# --- cli ----------------------------------------------------------------------------------------


def bench_cli(work: Path, reps: int, report: Report) -> None:
    env = proj.clean_env()
    framewise = proj.tool("framewise")
    commands = [
        Command('python -c "import click"', [sys.executable, "-c", "import click"], work, env),
        Command("framewise --help", [framewise, "--help"], work, env),
        Command("framewise templates", [framewise, "templates"], work, env),
        Command("framewise assess --no-input", [framewise, "assess", "--no-input"], work, env),
    ]
    samples = alternate(commands, reps, warmup=2, progress=log if reps >= 10 else None)
    report.raw["cli"] = {k: v.__dict__ for k, v in samples.items()}
    for command in commands[1:]:
        report.add(
            compare(
                "cli",
                Target(f"cli: {command.name} / import click", command.name, commands[0].name, 1.5),
                samples,
                fmt_seconds,
            )
        )


# --- apps ---------------------------------------------------------------------------------------


class Endpoint:
    """One server and path to load, with the numbers measured on it."""

    def __init__(self, key: str, server: _load.Server, path: str, headers: dict[str, str]) -> None:
        self.key = key
        self.server = server
        self.path = path
        self.headers = headers
        self.rate = Sample()
        self.cpu_ms = Sample()  # server CPU per request, milliseconds
        self.bad = 0  # failed requests under load (timeouts, resets, non-2xx), reported with the results
        self.details: list[str] = []


def _check(endpoint: Endpoint, json_expected: bool) -> None:
    status, headers, body = _load.fetch(endpoint.server.url(endpoint.path), endpoint.headers)
    if status != 200:
        where = headers.get("Location", "")
        raise BenchmarkError(
            f"{endpoint.key}: GET {endpoint.path} answered {status} {where} instead of 200"
            f"{' (an HTTPS redirect: is X-Forwarded-Proto honoured?)' if status in (301, 302) else ''}; "
            f"body: {body[:300]!r}\nserver log:\n{endpoint.server.log_tail()}"
        )
    kind = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if json_expected and "json" not in kind:
        raise BenchmarkError(f"{endpoint.key}: GET {endpoint.path} is {kind}, not JSON")


def _load_rounds(endpoints: Sequence[Endpoint], rounds: int, seconds: float, connections: int, generator: str) -> None:
    runner = _load.run_wrk if generator == "wrk" else _load.run_python_load
    for endpoint in endpoints:  # warm-up: template caches, lazy imports, database connections
        runner(endpoint.server.url(endpoint.path), endpoint.headers, 1, connections)
    for round_ in range(rounds):
        shift = round_ % len(endpoints)
        for endpoint in list(endpoints[shift:]) + list(endpoints[:shift]):
            before = endpoint.server.tree_cpu()
            result = runner(endpoint.server.url(endpoint.path), endpoint.headers, seconds, connections)
            cpu = endpoint.server.tree_cpu() - before
            if result.bad:
                endpoint.bad += result.bad
                endpoint.details.append(result.detail)
            if result.bad > 0.5 * result.requests:  # a broken endpoint; fewer failures are results, reported
                raise BenchmarkError(
                    f"{endpoint.key}: {result.bad} of {result.requests} responses were errors or "
                    f"not 2xx under load\nserver log:\n{endpoint.server.log_tail()}"
                )
            endpoint.rate.values.append(result.rate)
            endpoint.cpu_ms.values.append(cpu / max(result.requests, 1) * 1000)
            endpoint.rate.cpu.append(endpoint.cpu_ms.values[-1])  # so the table's CPU column is per request
        log(f"load round {round_ + 1}/{rounds}")


def _report_endpoints(
    report: Report, group: str, pairs: Sequence[tuple[str, Endpoint, Endpoint, float | None]], generator: str
) -> None:
    for label, a, b, limit in pairs:
        samples = {a.key: a.rate, b.key: b.rate}
        report.add(compare(group, Target(label, a.key, b.key, limit, at_most=False), samples, fmt_rate))
    seen: set[str] = set()
    for _, a, b, _ in pairs:
        for e in (a, b):
            if e.key not in seen:
                seen.add(e.key)
                if e.bad:
                    report.note(f"{e.key}: {e.bad} failed requests under load ({'; '.join(e.details)})")
                report.note(
                    f"{e.key}: {e.rate.median:.0f} req/s, server CPU {e.cpu_ms.median:.2f} ms/request "
                    f"({e.cpu_ms.low:.2f}-{e.cpu_ms.high:.2f}), load by {generator}"
                )
    report.raw.setdefault("apps", {}).update(
        {e.key: {"rate": e.rate.values, "cpu_ms": e.cpu_ms.values} for _, a, b, _ in pairs for e in (a, b)}
    )


def _diagnose(report: Report, name: str, project: Path, env: dict[str, str], argv: list[str]) -> None:
    """In-process CPU per request and what each production setting costs (benchmarks/_diagnose.py)."""
    log(f"in-process profile: {name}")
    output = proj.run(
        [sys.executable, str(Path(__file__).resolve().parent / "_diagnose.py"), *argv],
        project,
        env,
        what=f"in-process diagnosis of {name}",
    )
    text = f"{name}: " + output.strip()
    report.raw.setdefault("diagnosis", []).append(text)
    print("  " + text.replace("\n", "\n  "), flush=True)


def bench_apps(
    work: Path,
    rounds: int,
    seconds: float,
    connections: int,
    generator: str,
    django_sets: Sequence[str],
    which: Sequence[str],
    report: Report,
) -> None:
    for framework in which:
        try:
            if framework == "django":
                _bench_django_app(work, rounds, seconds, connections, generator, django_sets, report)
            elif framework == "flask":
                _bench_flask_app(work, rounds, seconds, connections, generator, report)
        except BenchmarkError as error:  # the other framework's servers still get measured
            report.errors.append(f"apps ({framework}): {error}")
            print(f"  ERROR: {error}", flush=True)


# (server key, label, --config, extra gunicorn arguments); the first is the project as shipped.
DJANGO_SERVERS = (
    ("shipped", "shipped conf", None, ()),
    ("plain", "gunicorn defaults", "/dev/null", ()),
)


def _bench_django_app(
    work: Path,
    rounds: int,
    seconds: float,
    connections: int,
    generator: str,
    django_sets: Sequence[str],
    report: Report,
) -> None:
    base = work / "apps-django"
    generated = proj.generate("django", base / "generated", django_sets)
    baseline = proj.django_baseline(base)
    gen_env = proj.django_server_env("config.settings.production")
    base_env = proj.django_server_env("baseline.settings")
    log("migrate + collectstatic (generated), migrate (baseline)")
    proj.prepare_django(generated, gen_env, collectstatic=True)
    proj.prepare_django(baseline, base_env, collectstatic=False)
    has_api = (generated / "config" / "api.py").exists()
    token = proj.api_token(generated, gen_env) if has_api else None
    gunicorn = proj.tool("gunicorn")
    has_conf = (generated / "gunicorn.conf.py").exists()
    variants = DJANGO_SERVERS if has_conf else DJANGO_SERVERS[1:2]
    servers: dict[str, _load.Server] = {}
    try:
        for key, label, config, extra in variants:
            servers[key] = _load.start_gunicorn(
                f"django generated ({label})",
                "config.wsgi:application",
                generated,
                gen_env,
                base / f"logs/{key}.log",
                config=config,
                extra=extra,
                gunicorn=gunicorn,
            )
        servers["base"] = _load.start_gunicorn(
            "django startproject",
            "baseline.wsgi:application",
            baseline,
            base_env,
            base / "logs/baseline.log",
            config="/dev/null",
            gunicorn=gunicorn,
        )
        report.note(
            "generated Django (options: " + (", ".join(django_sets) or "defaults") + ") with "
            "config.settings.production under gunicorn, "
            + (
                "as shipped (its gunicorn.conf.py; the command line's --workers 2 --worker-class sync --bind win) "
                "and with --config /dev/null (gunicorn defaults, like the baseline)"
                if has_conf
                else "with gunicorn defaults (the project has no gunicorn.conf.py)"
            )
            + "; requests carry X-Forwarded-Proto: https because production settings set "
            "SECURE_PROXY_SSL_HEADER and SECURE_SSL_REDIRECT; the JSON endpoint is the project's own liveness "
            "check /health/, against the baseline's JsonResponse view at /health/ (the same body, {'status': 'ok'})"
        )
        endpoints: dict[str, Endpoint] = {}
        for key, label, _, _ in variants:
            server = servers[key]
            endpoints[f"home {key}"] = Endpoint(f"django generated, {label}: GET /", server, "/", SSL_HEADERS)
            endpoints[f"json {key}"] = Endpoint(
                f"django generated, {label}: GET /health/", server, "/health/", SSL_HEADERS
            )
        endpoints["home base"] = Endpoint("django startproject: GET /", servers["base"], "/", SSL_HEADERS)
        endpoints["json base"] = Endpoint("django startproject: GET /health/", servers["base"], "/health/", SSL_HEADERS)
        first = variants[0][0]
        if token:
            endpoints["api"] = Endpoint(
                f"django generated, {variants[0][1]}: GET /api/v1/users/me/ (DRF, token)",
                servers[first],
                "/api/v1/users/me/",
                {**SSL_HEADERS, "Authorization": f"Token {token}"},
            )
        for key, endpoint in endpoints.items():
            _check(endpoint, json_expected=not key.startswith("home"))
        _load_rounds(list(endpoints.values()), rounds, seconds, connections, generator)
        pairs = []
        for page, what in (("home", "home"), ("json", "JSON")):
            for key, label, _, _ in variants:
                pairs.append(
                    (
                        f"apps: django {what}, generated ({label}) / startproject",
                        endpoints[f"{page} {key}"],
                        endpoints[f"{page} base"],
                        0.95 if key == first else None,
                    )
                )
        if token:
            pairs.append(
                (
                    f"apps: django DRF /api/v1/users/me/ ({variants[0][1]}) / startproject JSON",
                    endpoints["api"],
                    endpoints["json base"],
                    None,
                )
            )
        _report_endpoints(report, "apps", pairs, generator)
        _diagnose(report, "django generated", generated, gen_env, ["django", "/", "/health/"])
        _diagnose(report, "django startproject", baseline, base_env, ["django", "/", "/health/"])
        for key, label, _, _ in variants:
            restarts = servers[key].log.read_text(errors="replace").count("Booting worker") - 2
            if restarts > 0:
                report.note(f"django generated, {label}: gunicorn restarted workers {restarts} times (max_requests)")
    finally:
        for server in servers.values():
            _load.stop(server)


def _bench_flask_app(work: Path, rounds: int, seconds: float, connections: int, generator: str, report: Report) -> None:
    base = work / "apps-flask"
    generated = proj.generate("flask", base / "generated", proj.flask_all_sets())
    hello = proj.flask_baseline(base)
    package = proj.flask_package(generated)
    gen_env = proj.flask_server_env()
    if (generated / "migrations").is_dir():  # the README's first step: create the tables
        proj.run(
            [sys.executable, "-m", "flask", "--app", package, "db", "upgrade"],
            generated,
            gen_env,
            what="flask db upgrade",
        )
    gunicorn = proj.tool("gunicorn")
    servers: list[_load.Server] = []
    try:
        app = proj.add_flask_bench(generated, package)
        shipped = _load.start_gunicorn(
            "flask generated", app, generated, gen_env, base / "logs/generated.log", gunicorn=gunicorn
        )
        servers.append(shipped)
        bare = _load.start_gunicorn(
            "flask hello-world",
            "hello:app",
            hello,
            proj.clean_env(),
            base / "logs/hello.log",
            config="/dev/null",
            gunicorn=gunicorn,
        )
        servers.append(bare)
        has_conf = (generated / "gunicorn.conf.py").exists()
        report.note(
            "generated Flask (every extension, APP_ENV=production) under gunicorn "
            + ("with its own gunicorn.conf.py" if has_conf else "(no gunicorn.conf.py in the project)")
            + "; baseline: a hello-world whose /health returns {'status': 'ok'}; the generated /health "
            "is its liveness check, answered by health.LivenessCheck in front of the Flask app (no database, no "
            "per-request hooks); /bench/json is the hello-world's view added to the generated app (bench_wsgi.py), "
            "a request that pays every extension's per-request hooks"
        )
        a = Endpoint("flask generated (all extensions): GET /health", shipped, "/health", {})
        b = Endpoint("flask hello-world: GET /health", bare, "/health", {})
        c = Endpoint("flask generated (all extensions): GET /bench/json (hello's view)", shipped, "/bench/json", {})
        for endpoint in (a, b, c):
            _check(endpoint, json_expected=True)
        _load_rounds([a, b, c], rounds, seconds, connections, generator)
        _report_endpoints(
            report,
            "apps",
            [
                ("apps: flask /health, generated / hello-world", a, b, 0.9),
                ("apps: flask, hello's view inside the generated app / hello-world", c, b, None),
            ],
            generator,
        )
        _diagnose(report, "flask generated", generated, gen_env, ["flask", app, "/health", "/bench/json"])
        _diagnose(report, "flask hello-world", hello, proj.clean_env(), ["flask", "hello:app", "/health"])
    finally:
        for server in servers:
            _load.stop(server)


# --- tests --------------------------------------------------------------------------------------


# pytest plugins a project gets from its own dev dependencies, by the distribution that provides them.
PYTEST_PLUGINS = {"pytest-django": "pytest_django.plugin", "pytest-cov": "pytest_cov.plugin"}


def _project_plugins(project: Path) -> list[str]:
    """The pytest plugins the project declares (pyproject.toml), loaded with -p when autoloading is off."""
    text = (project / "pyproject.toml").read_text(encoding="utf-8") if (project / "pyproject.toml").exists() else ""
    if project.name == "testbase":  # the startproject baseline: pytest-django only, by definition
        text = "pytest-django"
    return [module for dist, module in PYTEST_PLUGINS.items() if dist in text]


def bench_tests(work: Path, reps: int, report: Report, which: Sequence[str], django_sets: Sequence[str]) -> None:
    base = work / "tests"
    sources = {
        "django generated": proj.generate("django", base / "src-django"),
        "django generated " + " ".join(django_sets): proj.generate("django", base / "src-django-set", django_sets),
        "django baseline": proj.django_test_baseline(base / "src-baseline"),
        "flask generated": proj.generate("flask", base / "src-flask", proj.flask_all_sets()),
        "flask hello": proj.flask_baseline(base / "src-hello"),
    }
    if not django_sets:
        del sources["django generated "]
    if "django" not in which:
        sources = {k: v for k, v in sources.items() if not k.startswith("django generated")}
    if "flask" not in which:
        del sources["flask generated"], sources["flask hello"]
    # As in the project's own virtualenv: only the plugins it declares. This venv also has hypothesis,
    # pytest-cookies and xdist installed for framewise's suite, which every pytest start would import.
    isolated = proj.clean_env(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONPATH=str(Path(__file__).resolve().parent))
    autoload = proj.clean_env()

    def copier(name: str, source: Path) -> Callable[[int], object]:
        return lambda i: proj.copy_project(source, base / "run" / name) and None

    def command(name: str, source: Path, extra: Sequence[str] = (), venv_plugins: bool = False) -> Command:
        folder = name.replace(" ", "-").replace("=", "-").replace(",", "").replace("(", "").replace(")", "")
        plugins = [] if venv_plugins else [w for m in _project_plugins(source) for w in ("-p", m)]
        return Command(
            f"pytest {name}",
            [sys.executable, "-m", "pytest", *plugins, *extra],
            base / "run" / folder,
            autoload if venv_plugins else isolated,
            prepare=copier(folder, source),
            timeout=600,
        )

    commands = [command(name, source) for name, source in sources.items()]
    if "flask generated" in sources:
        commands.append(command("flask generated, with --cov (as its CI runs)", sources["flask generated"], ("--cov",)))
    if "django generated" in sources:
        commands.append(
            command("django generated, with --cov (as its CI runs)", sources["django generated"], ("--cov",))
        )
        commands.append(command("django generated, venv plugins", sources["django generated"], venv_plugins=True))
        commands.append(command("django baseline, venv plugins", sources["django baseline"], venv_plugins=True))
    samples = alternate(commands, reps, warmup=1, progress=log)
    report.raw["tests"] = {k: v.__dict__ for k, v in samples.items()}
    drf = " ".join(django_sets)
    targets = [
        Target(
            "tests: django generated / startproject + pytest-django",
            "pytest django generated",
            "pytest django baseline",
            1.5,
        ),
        Target(
            f"tests: django generated ({drf}) / startproject + pytest-django",
            f"pytest django generated {drf}",
            "pytest django baseline",
            1.5,
        ),
        Target(
            "tests: flask generated (all) / startproject + pytest-django",
            "pytest flask generated",
            "pytest django baseline",
            1.5,
        ),
        Target(
            "tests: flask generated (all) / flask hello + one test",
            "pytest flask generated",
            "pytest flask hello",
            None,
        ),
        Target(
            "tests: flask generated (all), with --cov (as its CI runs) / startproject + pytest-django",
            "pytest flask generated, with --cov (as its CI runs)",
            "pytest django baseline",
            None,
        ),
        Target(
            "tests: django generated, with --cov (as its CI runs) / startproject + pytest-django",
            "pytest django generated, with --cov (as its CI runs)",
            "pytest django baseline",
            None,
        ),
        Target(
            "tests: django generated / startproject + pytest-django, every plugin of this venv autoloaded",
            "pytest django generated, venv plugins",
            "pytest django baseline, venv plugins",
            None,
        ),
        Target(
            "tests: startproject + pytest-django, venv plugins / project plugins only",
            "pytest django baseline, venv plugins",
            "pytest django baseline",
            None,
        ),
    ]
    for target in targets:
        if target.a in samples and target.b in samples:
            report.add(compare("tests", target, samples, fmt_seconds))
    report.note(
        "test runs: a fresh copy of the project each time (no bytecode, caches or database), `python -m pytest` "
        "with the project's own configuration (coverage gate included), PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 and "
        "-p for the plugins the project declares (pytest-django, pytest-cov), as in its own virtualenv; "
        "'venv plugins' rows autoload every plugin installed here"
    )
    for name, source in sources.items():
        tests = sum(1 for _ in (source / "tests").rglob("test_*.py"))
        report.note(f"{name}: {tests} test modules, plugins {' '.join(_project_plugins(source)) or 'none'}")


# --- profile ------------------------------------------------------------------------------------


def bench_profile(work: Path, report: Report) -> None:
    import _profile

    text = _profile.summary(work / "profile", proj.clean_env())
    report.raw["profile"] = text
    print(text, flush=True)


# --- main ---------------------------------------------------------------------------------------


def environment() -> dict[str, str]:
    from importlib import metadata

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        ram = "unknown"
    import os

    packages = {}
    for name in (
        "framewise",
        "click",
        "cookiecutter",
        "jinja2",
        "django",
        "flask",
        "gunicorn",
        "pytest",
        "pytest-django",
        "whitenoise",
        "django-environ",
        "sqlalchemy",
        "werkzeug",
    ):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = "missing"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "python": f"{platform.python_version()} ({sys.executable})",
        "os": platform.platform(),
        "load generator": "wrk " + (_load.wrk_path() or "missing"),
        "packages": ", ".join(f"{k} {v}" for k, v in packages.items()),
    }


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--groups",
        default=",".join(GROUPS),
        help=f"comma-separated groups to run, of: {', '.join(GROUPS)} (default: all)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer repetitions and shorter loads: a smoke run, not numbers to publish"
    )
    parser.add_argument("--reps", type=int, help="repetitions of each timed command (default 10; cli 2x; quick 3)")
    parser.add_argument("--test-reps", type=int, help="first test runs of each project (default 3, quick 2)")
    parser.add_argument("--rounds", type=int, help="load rounds per endpoint (default 5, quick 2)")
    parser.add_argument("--duration", type=float, help="seconds per load run (default 4, quick 2)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections of the load (default 4)")
    parser.add_argument(
        "--loadgen",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="wrk when installed (auto), or the built-in Python load generator",
    )
    parser.add_argument("--frameworks", default="django,flask", help="apps/tests: django, flask or both")
    parser.add_argument(
        "--django-set",
        action="append",
        metavar="KEY=VALUE",
        help="template variables of the generated Django project in apps and tests "
        "(default: use_drf=yes, so its token-authenticated JSON API is measured too)",
    )
    parser.add_argument("--workdir", type=Path, help="keep projects and logs here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every measurement to FILE")
    args = parser.parse_args(argv)
    groups = [g.strip() for g in args.groups.split(",") if g.strip()]
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    args.groups = groups
    args.frameworks = [f.strip() for f in args.frameworks.split(",") if f.strip()]
    args.django_set = args.django_set if args.django_set is not None else ["use_drf=yes"]
    if args.loadgen == "auto":
        args.loadgen = "wrk" if _load.wrk_path() else "python"
    elif args.loadgen == "wrk" and not _load.wrk_path():
        parser.error("wrk is not installed (apt-get install wrk), use --loadgen python")
    quick = args.quick
    args.reps = args.reps or (3 if quick else 10)
    args.rounds = args.rounds or (2 if quick else 5)
    args.test_reps = args.test_reps or (2 if quick else 3)
    args.duration = args.duration or (2.0 if quick else 4.0)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = Report()
    env = environment()
    print("framewise benchmarks: " + " ".join(sys.argv[1:] if argv is None else argv))
    for key, value in env.items():
        print(f"  {key}: {value}")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="framewise-bench."))
    work.mkdir(parents=True, exist_ok=True)
    print(f"  work folder: {work}", flush=True)
    started = time.monotonic()
    for group in args.groups:
        print(f"\n== {group} == (load average {_loadavg()})", flush=True)
        try:
            if group == "generation":
                bench_generation(work, args.reps, report)
            elif group == "cli":
                bench_cli(work, args.reps * 2, report)
            elif group == "apps":
                bench_apps(
                    work,
                    args.rounds,
                    args.duration,
                    args.connections,
                    args.loadgen,
                    args.django_set,
                    args.frameworks,
                    report,
                )
            elif group == "tests":
                bench_tests(work, args.test_reps, report, args.frameworks, args.django_set)
            elif group == "profile":
                bench_profile(work, report)
        except BenchmarkError as error:
            report.errors.append(f"{group}: {error}")
            print(f"  ERROR: {error}", flush=True)
    elapsed = time.monotonic() - started
    report.note(f"load average at the end: {_loadavg()} (1, 5, 15 min; {env['cpus']} CPUs)")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\n== results ({elapsed:.0f} s) ==")
    rows = [
        (o.target.label, o.a_text, o.b_text, f"{o.ratio:.2f}x", o.target.limit_text, o.verdict, o.cpu_text)
        for o in report.outcomes
    ]
    if rows:
        print(
            table(
                rows,
                (
                    "comparison (A / B)",
                    "A median (min-max)",
                    "B median (min-max)",
                    "A/B",
                    "target",
                    "verdict",
                    "CPU A/B",
                ),
            )
        )
    for note in report.notes:
        print(f"- {note}")
    for problem in report.errors:
        print(f"ERROR {problem.splitlines()[0]}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "environment": env,
                    "arguments": vars(args) | {"workdir": str(args.workdir), "json": str(args.json)},
                    "outcomes": [
                        {
                            "label": o.target.label,
                            "ratio": o.ratio,
                            "target": o.target.limit_text,
                            "verdict": o.verdict,
                            "a": o.a_text,
                            "b": o.b_text,
                            "cpu_ratio": o.cpu_ratio,
                        }
                        for o in report.outcomes
                    ],
                    "notes": report.notes,
                    "errors": report.errors,
                    "raw": report.raw,
                },
                indent=2,
                default=str,
            )
        )
    if report.errors:
        return 2
    return 1 if any(o.verdict == "FAIL" for o in report.outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
