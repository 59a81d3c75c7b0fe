"""Where framewise's time goes: import times (-X importtime) and a cProfile of one generation."""

from __future__ import annotations

import pstats
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from _projects import flask_all_sets
from _timing import BenchmarkError, fresh_dir

ROOT = str(Path(__file__).resolve().parent.parent) + "/"


def import_times(argv: Sequence[str], cwd: Path, env: Mapping[str, str], top: int = 15) -> tuple[float, list[str]]:
    """Run `python -X importtime ...`; return the total import time (ms) and the slowest top-level imports."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", *argv],
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchmarkError(f"`python -X importtime {' '.join(argv)}` failed:\n{completed.stderr[-2000:]}")
    rows = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, raw = line[len("import time:") :].split("|")
        name = raw[1:]  # one space, then two more per level of nesting
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((int(cumulative), depth, name.strip()))
    total = sum(c for c, depth, _ in rows if depth == 0) / 1000
    # Packages imported directly by the program or its direct imports, heaviest first.
    shallow = sorted((r for r in rows if r[1] <= 1), reverse=True)[:top]
    return total, [f"{c / 1000:7.1f} ms  {'  ' * d}{n}" for c, d, n in shallow]


def profile_generation(
    work: Path, env: Mapping[str, str], framework: str, sets: Sequence[str], top: int = 20
) -> list[str]:
    """cProfile of `python -m generator new-project ...` in one process; the top functions by cumulative time."""
    out = fresh_dir(work / f"cprofile-{framework}")
    stats_file = work / f"cprofile-{framework}.pstats"
    argv = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(stats_file),
        "-m",
        "generator",
        "new-project",
        "--no-input",
        "--framework",
        framework,
        "-o",
        str(out),
    ]
    for item in sets:
        argv += ["--set", item]
    completed = subprocess.run(argv, cwd=work, env=dict(env), capture_output=True, text=True, timeout=120, check=False)
    if completed.returncode != 0:
        raise BenchmarkError(f"profiling new-project failed:\n{completed.stdout[-1500:]}{completed.stderr[-1500:]}")
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (filename, line, function), (_, calls, _tt, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((cumulative, calls, _short(filename), line, function))
    rows.sort(reverse=True)
    lines = [f"total {total * 1000:.0f} ms in-process (profiler overhead included); own time by package:"]
    by_package: dict[str, float] = {}
    for (filename, _line, _function), (_, _calls, own, _cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        package = _package(filename)
        by_package[package] = by_package.get(package, 0.0) + own
    shares = sorted(by_package.items(), key=lambda kv: -kv[1])[:10]
    lines.append("  " + ", ".join(f"{name} {own * 1000:.0f} ms ({own / total:.0%})" for name, own in shares))
    lines.append("functions by cumulative time (below new_project; the import machinery's frames left out):")
    ceiling = max((r[0] for r in rows if r[4] == "new_project"), default=total)
    machinery = ("<frozen importlib", "~")
    shown = [r for r in rows if r[0] < ceiling and not r[2].startswith(machinery)][:top]
    for cumulative, calls, filename, line, function in shown:
        lines.append(f"{cumulative * 1000:7.1f} ms {calls:6d}x  {function}  {filename}:{line}")
    return lines


def _package(filename: str) -> str:
    """The top-level package a profiled function belongs to (builtins and import machinery by name)."""
    if filename == "~":
        return "builtins (compile, exec, I/O)"
    if filename.startswith("<frozen importlib"):
        return "import machinery"
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    stdlib = re.search(r"/lib/python3\.\d+/([^/]+)", filename)
    if stdlib:
        return "stdlib " + stdlib.group(1).removesuffix(".py")
    if filename.startswith("<frozen"):
        return "stdlib (frozen)"
    if filename.startswith(ROOT):
        return "framewise " + filename[len(ROOT) :].split("/", 1)[0]
    return filename


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/lib/python", ROOT):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def summary(work: Path, env: Mapping[str, str]) -> str:
    work.mkdir(parents=True, exist_ok=True)
    parts = []
    for title, argv in (
        ('import click (python -c "import click")', ["-c", "import click"]),
        ("framewise --help (python -m generator --help)", ["-m", "generator", "--help"]),
        (
            "framewise new-project --framework django",
            [
                "-m",
                "generator",
                "new-project",
                "--no-input",
                "--framework",
                "django",
                "-o",
                str(fresh_dir(work / "it")),
            ],
        ),
    ):
        total, rows = import_times(argv, work, env)
        parts.append(f"-X importtime: {title}: {total:.0f} ms of imports; heaviest top-level imports:")
        parts += [f"  {row}" for row in rows]
    for framework, sets in (("django", ()), ("flask", flask_all_sets())):
        parts.append(
            f"cProfile: framewise new-project --framework {framework}"
            f"{' (every extension)' if sets else ''}, by cumulative time:"
        )
        parts += [f"  {row}" for row in profile_generation(work, env, framework, sets)]
    parts.append("cProfile: the generated Flask project's (every extension) `python -m pytest --no-cov`, the project's")
    parts.append("  own functions and the heaviest library calls by cumulative time:")
    parts += [f"  {row}" for row in profile_tests(work, env, "flask", flask_all_sets())]
    return "\n".join(parts)


def profile_tests(work: Path, env: Mapping[str, str], framework: str, sets: Sequence[str], top: int = 14) -> list[str]:
    """cProfile of a generated project's test run (coverage off, only its own plugins, as in the tests group)."""
    out = fresh_dir(work / f"cprofile-tests-{framework}")
    argv = [sys.executable, "-m", "generator", "new-project", "--no-input", "--framework", framework, "-o", str(out)]
    for item in sets:
        argv += ["--set", item]
    subprocess.run(argv, cwd=work, env=dict(env), capture_output=True, check=True, timeout=120)
    (project,) = out.iterdir()
    stats_file = work / f"cprofile-tests-{framework}.pstats"
    plugins = ["-p", "pytest_cov.plugin"] + (["-p", "pytest_django.plugin"] if framework == "django" else [])
    completed = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "pytest", "-q", "--no-cov", *plugins],
        cwd=project,
        env={**env, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchmarkError(f"profiling the {framework} project's tests failed:\n{completed.stdout[-1500:]}")
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt  # type: ignore[attr-defined]
    interesting = (
        str(project),
        "werkzeug/security.py",
        "jinja2/environment.py",
        "flask_admin/base.py",
        "flask_smorest/__init__.py",
        "sqlalchemy/sql/schema.py",
    )
    rows = []
    for (filename, line, function), (_, calls, _tt, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if filename.startswith(str(project)) and "/tests/" in filename:
            continue  # the tests themselves: their cost is what they call
        if any(part in filename for part in interesting):
            rows.append((cumulative, calls, filename.replace(str(project) + "/", ""), line, function))
    rows.sort(reverse=True)
    lines = [f"total {total * 1000:.0f} ms in-process (profiler overhead included)"]
    for cumulative, calls, filename, line, function in rows[:top]:
        lines.append(f"{cumulative * 1000:7.1f} ms {calls:6d}x  {function}  {_short(filename)}:{line}")
    return lines
