"""What every bake of either template must be: complete, free of unselected options, clean and tested.

One test per aspect and bake; the bakes are shared (see conftest.py).
"""

from __future__ import annotations

import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

import framewise_hooks
from tests.helpers import compile_all, run, run_project_tests, unrendered
from tests.templates.combinations import CONTRACTS, TRACES, Combo, combos, holds
from tests.templates.conftest import PRISTINE

pytestmark = pytest.mark.slow
PY = sys.executable
# pytest-cov's verdict when the project's fail_under (100) is met: run_project_tests passes --cov.
COVERAGE_REACHED = re.compile(r"Required test coverage of 100(\.0+)?% reached")
LICENSE_FIRST_LINES = {
    "MIT": "MIT License",
    "BSD-3-Clause": "BSD 3-Clause License",
    "Apache-2.0": "Apache License",
    "proprietary": "All rights reserved.",
}


def tracked_text(project: Path) -> dict[str, str]:
    """Every text file git would track, by relative path (not .env, caches, the decision record or framewise's
    record, which names every variable)."""
    files = {}
    for path in sorted(project.rglob("*")):
        relative = path.relative_to(project)
        if (
            not path.is_file()
            or path.name in {".env", ".coverage"}
            or relative.parts[0] in {"instance", "docs", ".framewise"}
        ):
            continue
        if any(
            part in {"__pycache__", ".ruff_cache", ".pytest_cache", ".mypy_cache", ".git"} for part in relative.parts
        ):
            continue
        try:
            files[str(relative)] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
    return files


def secret_of(project: Path, framework: str) -> str:
    variable = CONTRACTS[framework]["_secrets"][0]
    match = re.search(rf"^{variable}=(.+)$", (project / ".env").read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{variable} missing from .env"
    return match.group(1)


@pytest.mark.parametrize("combo", combos())
def test_every_file_is_rendered_valid_and_free_of_byte_code(project: Path, combo: Combo) -> None:
    assert unrendered(project) == []
    compile_all(project)
    assert [p for p in PRISTINE[combo] if "__pycache__" in p or p.endswith((".pyc", ".pyo"))] == []


@pytest.mark.parametrize("combo", combos())
def test_no_trace_of_unselected_options(project: Path, combo: Combo) -> None:
    values = combo.values
    for conditions, pattern in TRACES[combo.framework]:
        if all(holds(condition, values) for condition in conditions):
            continue
        found = [
            f"{relative}: {match.group(0)!r}"
            for relative, text in tracked_text(project).items()
            if (match := pattern.search(f"{relative}\n{text}"))
        ]
        assert found == [], f"{' and '.join(conditions)} not selected, yet traces remain: {found}"


@pytest.mark.parametrize("combo", combos())
def test_user_text_reaches_packaging_and_docs_literally(project: Path, combo: Combo) -> None:
    values = combo.values
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["description"] == values["description"]
    assert meta["version"] == values["version"]
    assert meta["authors"] == [{"name": values["author_name"], "email": values["author_email"]}]
    assert meta["requires-python"] == f">={values['python_version']}"
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {framewise_hooks.md(values['project_name'])}\n")
    license_text = (project / "LICENSE").read_text(encoding="utf-8")
    assert LICENSE_FIRST_LINES[values["license"]] in license_text


@pytest.mark.parametrize("combo", combos())
def test_the_secret_is_fresh_private_and_never_tracked(project: Path, combo: Combo, tmp_path: Path) -> None:
    env = project / ".env"
    assert env.stat().st_mode & 0o777 == 0o600
    secret = secret_of(project, combo.framework)
    assert len(secret) >= 50 and secret not in (project / ".env.example").read_text(encoding="utf-8")
    example = (project / ".env.example").read_text(encoding="utf-8").splitlines()
    assert [line.partition("=")[0] for line in env.read_text().splitlines()] == [
        line.partition("=")[0] for line in example
    ]
    repo = tmp_path / "repo"
    shutil.copytree(project, repo)
    run(["git", "init", "-q"], repo)
    run(["git", "add", "-A"], repo)
    tracked = run(["git", "ls-files"], repo).stdout.splitlines()
    assert ".env" not in tracked and ".env.example" in tracked
    assert [t for t in tracked if t.startswith(("instance/", ".coverage")) or "__pycache__" in t] == []
    assert [name for name in tracked if secret in (repo / name).read_text(errors="replace")] == []


@pytest.mark.parametrize("combo", combos())
def test_gitignore_covers_secrets_databases_and_caches(project: Path, combo: Combo) -> None:
    ignored = set((project / ".gitignore").read_text(encoding="utf-8").splitlines())
    assert {".env", "__pycache__/", ".pytest_cache/", ".coverage"} <= ignored
    assert {"db.sqlite3", "*.sqlite3"} & ignored or {"*.db", "*.sqlite"} & ignored
    if combo.framework == "flask":
        assert "instance/" in ignored


@pytest.mark.parametrize("combo", combos())
def test_ruff_lint_and_format_are_clean(project: Path, combo: Combo) -> None:
    run([PY, "-m", "ruff", "check", "--no-cache", "."], project)
    run([PY, "-m", "ruff", "format", "--check", "--no-cache", "."], project)


@pytest.mark.parametrize("combo", combos())
def test_bandit_finds_nothing_of_medium_or_high_severity(project: Path, combo: Combo) -> None:
    run([PY, "-m", "bandit", "-q", "-c", "pyproject.toml", "-r", ".", "--severity-level", "medium"], project)


@pytest.mark.parametrize("combo", combos())
def test_the_project_passes_its_own_tests_with_full_coverage(project: Path, combo: Combo, tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"} if combo.framework == "django" else {}
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert pyproject["coverage"]["report"]["fail_under"] == 100
    assert "--cov" not in pyproject["pytest"]["ini_options"]["addopts"]  # measured on request, as CI asks
    output = run_project_tests(project, env)
    assert COVERAGE_REACHED.search(output), output[-2000:]
    assert re.search(r"\b\d+ passed\b", output) and " failed" not in output
