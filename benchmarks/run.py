"""framewise's benchmarks: each figure a paired ratio, candidate / baseline, measured in the same run.

    python -m benchmarks.run [--only GROUP] [--rounds N] [--keep DIR]    (from the checkout's root)

Groups (the baselines are files in benchmarks/baselines/):
  generation  framewise new-project (Django defaults; Flask, every extension) vs django-admin startproject
  cli         framewise --help, templates, assess --no-input vs python -c "import click"
  apps        the generated apps under gunicorn vs the baseline apps, loaded by wrk
  tests       a generated project's first test run vs its framework's baseline with one test
  green       framewise new-project, then the printed next steps up to a passing test run,
              with uv on PATH (warm cache) vs without it (pip)

hyperfine times the commands and wrk loads the servers (apt-get install hyperfine wrk). Each round runs
every command once, the order rotated between rounds, after an untimed warm-up. A figure is the median
of the rounds' ratios, printed as `name: ratio (candidate X ms vs baseline Y ms)`; lower is better.
For HTTP, X and Y are milliseconds per request (1000 / requests per second, 4 connections).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from tests.helpers import FLASK_EXTENSIONS, ROOT, clean_env, run, served

BASELINES = Path(__file__).resolve().parent / "baselines"
BIN = Path(sys.executable).parent  # this venv's console scripts: framewise, django-admin, gunicorn, pytest, uv
FRAMEWISE = str(BIN / "framewise")
# framewise runs this checkout's code and hooks, ahead of whatever checkout the venv has installed.
CHECKOUT = {"PYTHONPATH": f"{ROOT}:{ROOT / 'hooks'}"}
FLASK_ALL = [f"{name}=yes" for name in FLASK_EXTENSIONS]
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
# Production Django redirects plain HTTP to HTTPS; its TLS proxy says the request came over HTTPS.
HTTPS = ("X-Forwarded-Proto", "https")


Runs = dict[str, list[float]]  # command or URL: seconds, one value a round


class BenchmarkError(Exception):
    """Raised when something a figure depends on does not work; the run stops with its message."""


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.0f}" if value >= 100 else f"{value:.3g}"


def paired(candidate: Sequence[float], baseline: Sequence[float]) -> float:
    return statistics.median(a / b for a, b in zip(candidate, baseline, strict=True))


def figure(name: str, a: str, b: str, times: Runs, cpu: Runs | None = None) -> float:
    """Print one figure: the median of the rounds' ratios a / b, both medians and, for commands, the same
    ratio of CPU time (user + system, children included), which the machine's load disturbs less."""
    median = statistics.median(times[a])
    extra = f"; CPU {paired(cpu[a], cpu[b]):.2f}x" if cpu else ""
    text = f"candidate {ms(median)} ms vs baseline {ms(statistics.median(times[b]))} ms{extra}"
    print(f"{name}: {paired(times[a], times[b]):.2f}x ({text})", flush=True)
    return median


def reset(folder: Path, source: Path | None = None) -> str:
    """A hyperfine --prepare command: an empty `folder`, or there a fresh copy of the project `source`
    (no bytecode, caches or database from an earlier run). hyperfine runs it without a shell."""
    target = shlex.quote(str(folder))
    fill = f"cp -r {shlex.quote(str(source))} {target}" if source else f"mkdir -p {target}"
    return shlex.join(["sh", "-c", f"rm -rf {target} && {fill}"])


def hyperfine(
    commands: Mapping[str, Sequence[str]], rounds: int, env: Mapping[str, str], prepare: Mapping[str, str] | None = None
) -> tuple[Runs, Runs]:
    """Wall and CPU times: one hyperfine call a round, one run of each command, in a rotated order."""
    names = list(commands)
    times: Runs = {name: [] for name in names}
    cpu: Runs = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "times.json"
        for index in range(rounds):
            order = names[index % len(names) :] + names[: index % len(names)]
            args = ["hyperfine", "-N", "--style=none", "--runs=1", f"--warmup={int(index == 0)}"]
            args.append(f"--export-json={export}")
            for name in order:
                args += [f"--command-name={name}", f"--prepare={(prepare or {}).get(name, 'true')}"]
            args += [shlex.join(commands[name]) for name in order]
            done = subprocess.run(args, env=dict(env), capture_output=True, text=True, check=False)
            if done.returncode:
                listed = "\n".join(f"  {name}: {shlex.join(commands[name])}" for name in order)
                raise BenchmarkError(f"hyperfine: {done.stderr.strip()}\n{listed}")
            for result in json.loads(export.read_text())["results"]:
                times[result["command"]] += result["times"]
                cpu[result["command"]].append(result["user"] + result["system"])
    return times, cpu


def generate(framework: str, parent: Path, sets: Sequence[str] = ()) -> Path:
    """A project generated by framewise into the empty folder parent/framework; the project's folder."""
    out = parent / framework
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    argv = [FRAMEWISE, "new-project", "--no-input", "--no-lock", "--framework", framework, "-o", str(out)]
    run(argv + [arg for value in sets for arg in ("--set", value)], out, CHECKOUT)
    return next(p for p in out.iterdir() if p.is_dir())


def django_baseline(parent: Path) -> Path:
    """`django-admin startproject baseline` with benchmarks/baselines/django laid over it."""
    shutil.rmtree(parent / "baseline", ignore_errors=True)
    parent.mkdir(parents=True, exist_ok=True)
    run([str(BIN / "django-admin"), "startproject", "baseline"], parent)
    shutil.copytree(BASELINES / "django", parent / "baseline", dirs_exist_ok=True)
    return parent / "baseline"


def flask_baseline(parent: Path) -> Path:
    shutil.rmtree(parent / "hello", ignore_errors=True)
    return Path(shutil.copytree(BASELINES / "flask", parent / "hello"))


# --- generation and cli ---------------------------------------------------------------------------


def bench_generation(work: Path, rounds: int) -> None:
    out = work / "generation"
    env = clean_env(CHECKOUT)
    # --no-lock: with uv on PATH framewise would also ask the package index (`uv lock`); the green group has that.
    new_project = [FRAMEWISE, "new-project", "--no-input", "--no-lock", "-o"]
    folder = {name: out / name.replace(" --", "-") for name in ("django", "django --no-git", "flask", "startproject")}
    commands = {
        "django": [*new_project, str(folder["django"]), "--framework", "django"],
        "django --no-git": [*new_project, str(folder["django --no-git"]), "--framework", "django", "--no-git"],
        "flask": [*new_project, str(folder["flask"]), "--framework", "flask", *(f"--set={s}" for s in FLASK_ALL)],
        "startproject": [str(BIN / "django-admin"), "startproject", "mysite", str(folder["startproject"])],
    }
    times, cpu = hyperfine(commands, rounds, env, {name: reset(path) for name, path in folder.items()})
    figure("generation, framewise django / startproject", "django", "startproject", times, cpu)
    figure("generation, framewise django --no-git / startproject", "django --no-git", "startproject", times, cpu)
    figure("generation, framewise flask (every extension) / startproject", "flask", "startproject", times, cpu)


def bench_cli(work: Path, rounds: int) -> None:
    commands = {
        "import click": [sys.executable, "-c", "import click"],
        "--help": [FRAMEWISE, "--help"],
        "templates": [FRAMEWISE, "templates"],
        "assess --no-input": [FRAMEWISE, "assess", "--no-input"],
    }
    times, cpu = hyperfine(commands, rounds, clean_env(CHECKOUT))
    for name in list(commands)[1:]:
        figure(f"cli, framewise {name} / import click", name, "import click", times, cpu)


# --- apps -----------------------------------------------------------------------------------------


def check_ok(url: str) -> None:
    """The endpoint answers 200 itself: a redirect or an error page would be measured instead of it."""
    host, _, path = url.removeprefix("http://").partition("/")
    connection = http.client.HTTPConnection(host, timeout=10)
    try:
        connection.request("GET", "/" + path, headers=dict([HTTPS]))
        response = connection.getresponse()
        body = response.read()[:300]
    finally:
        connection.close()
    if response.status != 200:
        raise BenchmarkError(f"GET {url} answered {response.status} {response.getheader('Location', '')}: {body!r}")


def wrk(url: str, seconds: int) -> float:
    """Seconds per request under wrk's load (one thread, 4 connections); any failed request stops the run."""
    argv = ["wrk", "-t1", "-c4", f"-d{seconds}s", "-H", ": ".join(HTTPS), url]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    failures = re.findall(r"(?:Non-2xx or 3xx responses|Socket errors):.*", done.stdout)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    if done.returncode or failures or not rate:
        raise BenchmarkError(f"wrk {url}: {'; '.join(failures) or done.stderr.strip() or done.stdout}")
    return 1 / float(rate[1])


def gunicorn(app: str) -> list[str]:
    return [str(BIN / "gunicorn"), "--workers", "2", "--bind", "127.0.0.1:{port}", app]


def bench_apps(work: Path, rounds: int) -> None:
    out = work / "apps"
    django, base = generate("django", out), django_baseline(out)
    flask, hello = generate("flask", out, FLASK_ALL), flask_baseline(out)
    key = secrets.token_urlsafe(50)
    django_env = {"DJANGO_SECRET_KEY": key, "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    gen_env = django_env | {"DJANGO_SETTINGS_MODULE": "config.settings.production"}
    base_env = django_env | {"DJANGO_SETTINGS_MODULE": "baseline.bench_settings"}
    # The deployment steps the generated README gives; production's manifest storage needs collectstatic.
    for project, env in ((django, gen_env), (base, base_env)):
        run([sys.executable, "manage.py", "migrate", "--noinput"], project, env)
    run([sys.executable, "manage.py", "collectstatic", "--noinput"], django, gen_env)
    package = next(p.parent.name for p in flask.glob("*/wsgi.py"))
    flask_env = {"APP_ENV": "production", "SECRET_KEY": key}
    with ExitStack() as stack:

        def serve(name: str, app: str, project: Path, env: Mapping[str, str], probe: str) -> str:
            port = stack.enter_context(served(gunicorn(app), project, env, out / f"{name}.log", probe))
            return f"http://127.0.0.1:{port}"

        generated_django = serve("django", "config.wsgi:application", django, gen_env, "/health/")
        baseline_django = serve("baseline", "baseline.wsgi:application", base, base_env, "/health/")
        generated_flask = serve("flask", f"{package}.wsgi:app", flask, flask_env, "/health")
        baseline_flask = serve("hello", "hello:app", hello, {}, "/health")
        pairs = {
            "apps, django home page / startproject's": (f"{generated_django}/", f"{baseline_django}/"),
            "apps, django /health/ / startproject's": (f"{generated_django}/health/", f"{baseline_django}/health/"),
            "apps, flask (every extension) /health / hello-world's": (
                f"{generated_flask}/health",
                f"{baseline_flask}/health",
            ),
        }
        urls = [url for pair in pairs.values() for url in pair]
        for url in urls:
            check_ok(url)
            wrk(url, 1)  # warm-up: lazy imports, template and connection caches
        times: Runs = {url: [] for url in urls}
        for index in range(rounds):  # each pair back to back, which of the two goes first alternating
            for pair in pairs.values():
                for url in pair[:: 1 if index % 2 else -1]:
                    times[url].append(wrk(url, 4))
    for name, (candidate, baseline) in pairs.items():
        figure(f"{name} (ms per request)", candidate, baseline, times)


# --- tests ----------------------------------------------------------------------------------------


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pytest_plugins(project: Path) -> list[str]:
    """-p for each pytest plugin the project declares: its own virtualenv would hold no other."""
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    groups = [*meta.get("project", {}).get("optional-dependencies", {}).values()]
    groups += meta.get("dependency-groups", {}).values()
    names = [re.split(r"[^A-Za-z0-9._-]", req, maxsplit=1)[0] for g in groups for req in g if isinstance(req, str)]
    declared = {canonical(name) for name in names}
    plugins = {canonical(ep.dist.name): ep.value for ep in entry_points(group="pytest11") if ep.dist}
    return [arg for dist, module in plugins.items() if dist in declared for arg in ("-p", module)]


def bench_tests(work: Path, rounds: int) -> None:
    out = work / "tests"
    sources = {
        "django": generate("django", out),
        "startproject": django_baseline(out),
        "flask": generate("flask", out, FLASK_ALL),
        "hello": flask_baseline(out),
    }
    copies = {name: out / "run" / name for name in sources}
    (out / "run").mkdir(exist_ok=True)
    commands = {
        name: ["env", "-C", str(copies[name]), str(BIN / "pytest"), *pytest_plugins(source)]
        for name, source in sources.items()
    }
    prepare = {name: reset(copies[name], source) for name, source in sources.items()}
    # This venv also holds plugins for framewise's own suite (xdist, hypothesis, pytest-cookies) that every
    # pytest start would import; a project's virtualenv has only the plugins it declares, passed with -p.
    times, cpu = hyperfine(commands, rounds, clean_env({"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}), prepare)
    figure("tests, django defaults / startproject + pytest-django", "django", "startproject", times, cpu)
    figure("tests, flask (every extension) / hello-world + pytest", "flask", "hello", times, cpu)


# --- green ----------------------------------------------------------------------------------------


def tools(folder: Path, with_uv: bool) -> dict[str, str]:
    """A new user's shell: framewise (this checkout), a plain Python 3 and, when asked, uv; nothing else."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    wrapper = folder / "framewise"
    path = shlex.quote(CHECKOUT["PYTHONPATH"])
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH={path} exec {shlex.quote(FRAMEWISE)} "$@"\n')
    wrapper.chmod(0o755)
    for name in ("python", "python3"):
        (folder / name).symlink_to(sys._base_executable)  # the interpreter this venv was made from
    if with_uv:
        uv = shutil.which("uv", path=f"{BIN}:{os.environ['PATH']}")
        if not uv:
            raise BenchmarkError("uv not found: pip install uv (framewise's test environment has it)")
        (folder / "uv").symlink_to(uv)
    env = {k: v for k, v in clean_env().items() if k != "VIRTUAL_ENV"}
    return env | {"PATH": f"{folder}:{SYSTEM_PATH}"}


def printed_steps(framework: str, parent: Path, env: Mapping[str, str]) -> tuple[str, list[str]]:
    """The project's folder name and the next steps framewise prints after generating it."""
    shutil.rmtree(parent, ignore_errors=True)
    parent.mkdir(parents=True)
    output = run(["framewise", "new-project", "--no-input", "--framework", framework, "-o", "."], parent, env).stdout
    lines = output.partition("Next steps:")[2].splitlines()[1:]
    steps = [line.strip() for line in lines[: next((i for i, s in enumerate(lines) if not s[:1].isspace()), None)]]
    return next(p for p in parent.iterdir() if p.is_dir()).name, steps


def until_green(framework: str, slug: str, printed: Sequence[str]) -> list[str]:
    """The printed steps up to the test run, each in its batch form where the template gives one
    (a step that would prompt); steps that start a server are left out (they would serve forever)."""
    rules = json.loads((ROOT / "templates" / framework / "cookiecutter.json").read_text()).get("_next_steps", [])
    forms: dict[str, str | None] = {}
    for rule in rules if isinstance(rules, list) else []:
        for key in ("run", "uv"):
            if key in rule:
                shown = rule[key].replace("{project_slug}", slug)
                forms[shown] = None if "serve" in rule else rule.get("batch", shown).replace("{project_slug}", slug)
    steps = []
    for line in printed:
        form = forms.get(line, line)
        if form is not None:
            steps.append(form)
        if re.search(r"(?<![\w-])pytest(?![\w-])", line):
            return steps
    raise BenchmarkError(f"the next steps framewise prints for {framework} never run the tests: {printed}")


def bench_green(work: Path, rounds: int) -> None:
    for framework in ("django", "flask"):
        out = work / "green" / framework
        uv_env, pip_env = tools(out / "uv-tools", with_uv=True), tools(out / "pip-tools", with_uv=False)
        slug, pip_printed = printed_steps(framework, out / "probe", pip_env)
        uv_printed = printed_steps(framework, out / "probe", uv_env)[1]
        if uv_printed == pip_printed:
            raise BenchmarkError(f"framewise prints the same {framework} steps with and without uv on PATH")
        paths = {"uv": until_green(framework, slug, uv_printed), "pip": until_green(framework, slug, pip_printed)}
        commands, prepare = {}, {}
        for name, steps in paths.items():
            folder = out / name
            script = out / f"{name}.sh"
            new_project = f"framewise new-project --no-input --framework {framework} -o ."
            script.write_text("set -e\n" + "\n".join([new_project, *steps]) + "\n")
            print(f"  {framework}, {name}: " + " ; ".join(steps), flush=True)
            env_path = (uv_env if name != "pip" else pip_env)["PATH"]
            commands[name] = ["env", "-C", str(folder), f"PATH={env_path}", "bash", str(script)]
            prepare[name] = reset(folder)
        times, cpu = hyperfine(commands, rounds, pip_env, prepare)
        median = figure(f"green, {framework} defaults, uv on PATH / without uv (pip)", "uv", "pip", times, cpu)
        if framework == "django":
            print(f"  goal, under 6 s with uv on PATH: {'met' if median < 6 else 'not met'}", flush=True)


# --- main -----------------------------------------------------------------------------------------

GROUPS = {  # group: its function and default rounds
    "generation": (bench_generation, 10),
    "cli": (bench_cli, 20),
    "apps": (bench_apps, 5),
    "tests": (bench_tests, 5),
    "green": (bench_green, 3),
}


def machine() -> str:
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    commit = run(["git", "rev-parse", "--short", "HEAD"], ROOT).stdout.strip()
    hyperfine = run(["hyperfine", "--version"], ROOT).stdout.strip()
    return f"commit {commit}, {os.cpu_count()} CPUs, load {load}, Python {sys.version.split()[0]}, {hyperfine}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=GROUPS, action="append", help="run this group (repeatable; default: all)")
    defaults = ", ".join(f"{group} {rounds}" for group, (_, rounds) in GROUPS.items())
    parser.add_argument("--rounds", type=int, help=f"rounds per group (default: {defaults})")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep the projects and logs")
    args = parser.parse_args(argv)
    groups = args.only or list(GROUPS)
    needed = {"hyperfine"} | ({"wrk"} if "apps" in groups else set())
    missing = sorted(tool for tool in needed if not shutil.which(tool))
    if missing:
        sys.exit(f"error: {' and '.join(missing)} not found: install with `apt-get install {' '.join(missing)}`")
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"):  # a user's shell has Python's defaults
        os.environ.pop(name, None)
    work = args.keep or Path(tempfile.mkdtemp(prefix="framewise-bench."))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(machine(), flush=True)
        for group in groups:
            bench, rounds = GROUPS[group]
            print(f"== {group}, {args.rounds or rounds} rounds", flush=True)
            bench(work, args.rounds or rounds)
    except (BenchmarkError, pytest.fail.Exception) as error:
        sys.exit(f"error: {error}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
