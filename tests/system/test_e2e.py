"""framewise end to end: generate through the CLI, then run each generated project's own tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.helpers import compile_all, run_project_tests, unrendered

PROFILES = {
    # The assessment picks the framework and its options; framewise passes them on to the template.
    "content_site": {
        "size": "medium",
        "interface": "both",
        "admin": "yes",
        "accounts": "yes",
        "data": "simple",
        "style": "conventions",
        "project_name": 'Content "Site" {{ 7*7 }}',
        "project_slug": "content_site",
        "description": "Pages, an API {% and %} 'quotes' \\ ü",
    },
    "json_service": {
        "size": "small",
        "interface": "api",
        "architecture": "microservice",
        "style": "control",
        "project_name": "Ledger's API",
        "description": '{{ config }} "JSON" only',
    },
}
EXPECTED = {"content_site": "django", "json_service": "flask"}


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> dict[str, Path]:
    """Generate each profile once through the CLI; tests share the results."""
    root = tmp_path_factory.mktemp("e2e")
    projects = {}
    for name, answers in PROFILES.items():
        answers_file = root / f"{name}.json"
        answers_file.write_text(json.dumps(answers))
        result = CliRunner().invoke(
            cli, ["new-project", "--no-input", "--answers", str(answers_file), "-o", str(root / name)]
        )
        assert result.exit_code == 0, result.output
        assert f"Recommendation: {EXPECTED[name].capitalize()}" in result.output
        (project,) = (root / name).iterdir()
        projects[name] = project
    return projects


@pytest.mark.slow
@pytest.mark.parametrize("profile", PROFILES)
def test_generated_project_passes_its_own_tests(generated, profile) -> None:
    project = generated[profile]
    assert unrendered(project) == []
    compile_all(project)
    output = run_project_tests(project)
    assert " passed" in output and "failed" not in output


@pytest.mark.parametrize("profile", PROFILES)
def test_user_text_reaches_the_project_literally(generated, profile) -> None:
    project = generated[profile]
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert json.dumps(PROFILES[profile]["description"], ensure_ascii=False) in pyproject
    adr = (project / "docs/decisions/0001-web-framework.md").read_text(encoding="utf-8")
    assert "Scores: Django" in adr and "## When to revisit" in adr


def test_assessment_options_reach_the_template(generated) -> None:
    django = (generated["content_site"] / "pyproject.toml").read_text().lower()
    assert "djangorestframework" in django  # interface=both implies use_drf
    assert "celery" not in django  # no background jobs
    flask = (generated["json_service"] / "pyproject.toml").read_text().lower()
    assert "flask-smorest" in flask  # interface=api implies use_api
    assert "flask-login" not in flask and "flask-wtf" not in flask  # no accounts, no HTML forms
