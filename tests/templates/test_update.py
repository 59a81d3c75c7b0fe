"""Options turned on after generation: the updated project equals a fresh one (but for its owner's work) and
passes its own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import framewise_hooks as rules
from generator import generate, update
from tests.helpers import run, run_project_tests
from tests.templates.test_common import COVERAGE_REACHED

pytestmark = pytest.mark.slow

LATER = [
    ("django", {}, {"use_celery": "yes"}),
    ("django", {}, {"use_drf": "yes"}),
    ("flask", {"use_sqlalchemy": "no", "use_login": "no"}, {"use_sqlalchemy": "yes", "use_login": "yes"}),
    ("flask", {}, {"use_api": "yes"}),
    ("flask", {}, {"use_celery": "yes"}),
]


def _generate(framework: str, values: dict[str, str], out: Path) -> Path:
    plan = generate.plan(framework, {"project_name": "Later", **values}, out)
    return generate.generate(plan, lock_dependencies=False).target


@pytest.mark.parametrize(
    ("framework", "first", "later"),
    [pytest.param(*case, id=f"{case[0]}-{'+'.join(case[2])}") for case in LATER],
)
def test_an_option_turned_on_later_matches_a_fresh_project_and_passes_its_tests(
    tmp_path: Path, framework: str, first: dict[str, str], later: dict[str, str]
) -> None:
    project = _generate(framework, first, tmp_path / "grown")
    # The owner's own work, committed before the update.
    (project / "README.md").write_text((project / "README.md").read_text() + "\nOur deployment notes.\n")
    (project / "NOTES.md").write_text("ours\n")
    run(["git", "add", "-A"], project)
    run(["git", "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "-qm", "our work"], project)

    outcome = update.update(project, later)
    assert outcome.conflicts == [], outcome.changes

    fresh = _generate(framework, {**first, **later}, tmp_path / "fresh")
    grown, expected = rules.recorded_files(project), rules.recorded_files(fresh)
    assert grown.pop("NOTES.md") == b"ours\n"
    assert grown.pop("README.md") == expected.pop("README.md") + b"\nOur deployment notes.\n"
    assert sorted(grown) == sorted(expected)
    assert [name for name in grown if grown[name] != expected[name]] == []
    assert (project / rules.BASE).read_bytes() == (fresh / rules.BASE).read_bytes()

    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"} if framework == "django" else {}
    assert COVERAGE_REACHED.search(run_project_tests(project, env))
