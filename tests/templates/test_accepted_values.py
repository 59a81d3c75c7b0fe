"""What framewise accepts, the generated project can use: its own lint, format, build, git and Docker.

Property-based: hypothesis draws names, slugs, authors, emails, versions and time zones (quotes,
typographic dashes, scripts, lengths up to the limits); every value framewise accepts must give a
project whose `ruff check` and `ruff format --check` pass, whose wheel hatchling builds with the
package inside (`pip install -e .` writes the same metadata), and whose package git commits and
Docker copies.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import framewise_hooks as rules
from generator import generate
from generator.errors import InvalidValueError
from tests.templates.combinations import COMBINATIONS

# Text people type: any script, quotes, dashes and spaces; not the characters framewise refuses outright.
TYPED = st.characters(blacklist_categories=tuple(sorted(rules.REFUSED_CATEGORIES)))
AWKWARD = st.sampled_from(
    ["O’Brien", "Café – Crème", '"quoted" \\ back', "{{ 7*7 }}", "漢字", "Αθήνα", "a\u00a0b", "×"]  # noqa: RUF001 (typographic quotes and dashes are typed)
)
TEXT = st.one_of(st.text(TYPED, min_size=1, max_size=40), AWKWARD, st.text(TYPED, min_size=150, max_size=200))
SLUGS = st.one_of(
    st.from_regex(r"[a-z_][a-z0-9_]{0,23}", fullmatch=True),
    st.sampled_from(sorted(rules.IGNORED_SLUGS | {"_private", "shop_", "a__b", "a" * rules.SLUG_MAX_LENGTH})),
)
VERSIONS = st.one_of(
    st.from_regex(rules.PEP440, fullmatch=True).filter(lambda version: len(version) <= 80),
    st.sampled_from(["1.0", "2024.1.post2", "1!2.0.dev3", "0.1.0+local.7", "v1.2", "1.0-beta"]),
)
EMAILS = st.one_of(st.emails(), st.sampled_from(["o'brien@example.com", "you@exämple.com", "a+b@c.io"]))
ZONES = st.sampled_from(["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Asia/Kolkata"])
EXAMPLES = int(os.environ.get("FRAMEWISE_PROPERTY_EXAMPLES", "10"))


def _values(framework: str, draw: Any) -> dict[str, Any]:
    values = {
        "project_name": draw(TEXT),
        "description": draw(TEXT),
        "author_name": draw(TEXT),
        "author_email": draw(EMAILS),
        "version": draw(VERSIONS),
        **draw(st.sampled_from(list(COMBINATIONS[framework].values()))),
    }
    if draw(st.integers(0, 3)):  # mostly given: a name's derived slug is often refused
        values["project_slug"] = draw(SLUGS)
    if framework == "django":
        values["timezone"] = draw(ZONES)
    return values


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def _ignored_by_docker(project: Path, slug: str) -> list[str]:
    """The .dockerignore patterns matching the package folder (Docker anchors each at the context root)."""
    ignore = project / ".dockerignore"
    if not ignore.is_file():
        return []
    patterns = [line.strip().removeprefix("/") for line in ignore.read_text().splitlines()]
    return [p for p in patterns if p and not p.startswith(("#", "!")) and fnmatch.fnmatchcase(slug, p.rstrip("/"))]


def check_project_tools_accept(project: Path, slug: str) -> None:
    """The generated project's own tools, run the way its README and CI run them."""
    for tool in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = _run([sys.executable, "-m", "ruff", *tool, "."], project)
        assert result.returncode == 0, f"ruff {tool[0]}: {result.stdout[-3000:]}"
    listed = _run([sys.executable, "-m", "ruff", "check", "--no-cache", "--show-files", "."], project)
    assert f"/{slug}/__init__.py" in listed.stdout, "ruff skips the package"
    build = _run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(project.parent / "dist"), "."],
        project,
    )
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-3000:]
    (wheel,) = (project.parent / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert f"{slug}/__init__.py" in archive.namelist(), "the wheel lacks the package"
    _run(["git", "init", "-q"], project)
    ignored = _run(["git", "check-ignore", "-v", f"{slug}/__init__.py"], project)
    assert ignored.returncode == 1, f"git ignores the package: {ignored.stdout}"
    assert _ignored_by_docker(project, slug) == [], "Docker leaves the package out of the image"


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(framework=st.sampled_from(["django", "flask"]), data=st.data())
def test_every_value_framewise_accepts_gives_a_project_its_own_tools_accept(tmp_path_factory, framework, data) -> None:
    values = _values(framework, data.draw)
    out = tmp_path_factory.mktemp("accepted")
    try:
        plan = generate.plan(framework, values, out)
    except InvalidValueError as error:
        assert "\n" not in str(error)
        assume(False)  # refused in one line: not an example of what framewise accepts
    project = generate.generate(plan, git=False, lock_dependencies=False).target
    check_project_tools_accept(project, plan.values["project_slug"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("framework", "combination"), [(fw, name) for fw, combos in COMBINATIONS.items() for name in combos]
)
def test_the_longest_slug_fits_every_combination(tmp_path, framework, combination) -> None:
    """SLUG_MAX_LENGTH is what every line of every template holds within the project's line length."""
    slug = "s" * rules.SLUG_MAX_LENGTH
    values = {**COMBINATIONS[framework][combination], "project_slug": slug}
    project = generate.generate(generate.plan(framework, values, tmp_path), git=False, lock_dependencies=False).target
    for tool in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = _run([sys.executable, "-m", "ruff", *tool, "."], project)
        assert result.returncode == 0, f"ruff {tool[0]}: {result.stdout[-3000:]}"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("framework", "slug", "problem"),
    [
        ("django", "media", "the wheel lacks the package"),  # hatchling leaves out what .gitignore names
        ("flask", "instance", "the wheel lacks the package"),
        ("django", "dist", "ruff skips the package"),
        ("flask", "private_", "project.name"),
    ],
)
def test_the_check_above_fails_for_a_slug_framewise_refuses(tmp_path, monkeypatch, framework, slug, problem) -> None:
    """The oracle is not blind: let a refused slug through, and the project's own tools show why it was refused."""
    monkeypatch.setitem(rules.FIELD_CHECKS, "project_slug", lambda value: None)
    values = {**COMBINATIONS[framework]["everything" if framework == "django" else "all_on"], "project_slug": slug}
    project = generate.generate(generate.plan(framework, values, tmp_path), git=False, lock_dependencies=False).target
    with pytest.raises(AssertionError, match=problem):
        check_project_tools_accept(project, slug)
