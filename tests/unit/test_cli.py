"""The command line: every command, option and error path."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator.cli import cli
from generator.questions import QUESTIONS


def _files(directory):
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*"))


def _new_project(runner, out, *args: str):
    """Run `framewise new-project --no-input -o OUT ARGS...`."""
    return runner.invoke(cli, ["new-project", "--no-input", "-o", str(out), *args])


def _refused(result, *fragments: str) -> None:
    """A user mistake: exit 2, one 'Error:' line naming the problem, no traceback."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [[], ["new-project"], ["assess"], ["templates"]])
def test_every_command_has_help(runner, command) -> None:
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--version"], capture_output=True, text=True, check=True
    )
    assert "framewise" in result.stdout


def test_templates_lists_both_with_their_variables(runner) -> None:
    result = runner.invoke(cli, ["templates"])
    assert result.exit_code == 0
    assert result.output.startswith("django: ") and "\nflask: " in result.output
    for variable in ("use_drf", "frontend", "use_sqlalchemy", "use_caching", "project_slug"):
        assert f"  {variable} " in result.output


def test_assess_json_from_an_answers_file(runner, tmp_path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("size: large\nadmin: yes\naccounts: true\ndata: complex\nproject_name: Ignored here\n")
    result = runner.invoke(cli, ["assess", "--answers", str(answers), "--no-input", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["framework"] == "django" and data["close_call"] is False
    assert data["options"]["database"] == "postgresql"
    assert {r["question"] for r in data["reasons"]} >= {"size", "admin", "accounts", "data"}


def test_assess_asks_each_question_on_a_terminal_and_reasks_a_bad_answer(runner, terminal) -> None:
    given = "huge\nsmall\napi\n\n\n\nmicroservice\n\ncontrol\n\n"
    result = runner.invoke(cli, ["assess"], input=given)
    assert result.exit_code == 0, result.output
    assert "How large will it be a year from now? (small, medium, large) [small]:" in result.output
    assert "'huge' is not one of small, medium, large" in result.output
    assert "Recommendation: Flask" in result.output
    assert result.output.count("?") >= len(QUESTIONS)


def test_without_a_terminal_and_without_no_input_nothing_hangs(runner, tmp_path) -> None:
    _refused(runner.invoke(cli, ["new-project", "-o", str(tmp_path)]), "--no-input")
    _refused(runner.invoke(cli, ["assess"]), "--no-input")
    assert _files(tmp_path) == []


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_new_project_no_input_with_a_framework(runner, tmp_path, framework) -> None:
    result = _new_project(runner, tmp_path, "--framework", framework)
    assert result.exit_code == 0, result.output
    slug = {"django": "my_django_project", "flask": "my_flask_app"}[framework]
    assert f"Created {tmp_path / slug}" in result.output
    assert f"cd {slug}" in result.output and "pip install -e . --group dev" in result.output
    assert "chosen by hand" in (tmp_path / slug / "docs/decisions/0001-web-framework.md").read_text()


def test_new_project_runs_the_assessment_and_records_it(runner, tmp_path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "size": "small",
                "interface": "api",
                "architecture": "microservice",
                "style": "control",
                "project_name": "Ledger API",
            }
        )
    )
    out = tmp_path / "out"
    result = runner.invoke(cli, ["new-project", "--answers", str(answers), "--no-input", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Recommendation: Flask" in result.output
    adr = (out / "ledger_api/docs/decisions/0001-web-framework.md").read_text()
    assert "# 1. Web framework: Flask" in adr and "| What will it serve? | api |" in adr
    assert "Scores: Django" in adr


def test_interactive_new_project_can_take_the_other_framework(runner, tmp_path, terminal) -> None:
    assessment = "large\nhtml\nyes\nyes\ncomplex\n\n\n\n\n"
    template = "Team Site\n" + "\n" * 20
    result = runner.invoke(cli, ["new-project", "-o", str(tmp_path)], input=assessment + "flask\n" + template)
    assert result.exit_code == 0, result.output
    assert "Recommendation: Django" in result.output
    assert "Framework to generate (django = Django, recommended; flask = Flask) [django]:" in result.output
    assert "Project name [My Flask App]:" in result.output
    assert "Python package name [team_site]:" in result.output
    adr = (tmp_path / "team_site/docs/decisions/0001-web-framework.md").read_text()
    assert "The team chose Flask over the recommendation." in adr


def test_interactive_template_questions_default_to_the_assessment(runner, tmp_path, terminal) -> None:
    assessment = "large\nboth\nyes\nyes\ncomplex\n\n\n\nyes\n"
    result = runner.invoke(cli, ["new-project", "-o", str(tmp_path), "--dry-run"], input=assessment + "\n" * 30)
    assert result.exit_code == 0, result.output
    assert "Database (sqlite = SQLite (a file, nothing to run); postgresql = PostgreSQL (psycopg 3)) [postgresql]:" in (
        result.output
    )
    assert "Django REST Framework API under /api/v1/? (yes/no) [yes]:" in result.output
    assert "Celery for background jobs? (yes/no) [yes]:" in result.output


def test_dry_run_prints_context_and_files_and_writes_nothing(runner, tmp_path) -> None:
    result = _new_project(runner, tmp_path, "--dry-run", "--framework", "django", "--set", "project_name=Dry Run")
    assert result.exit_code == 0, result.output
    assert '"project_slug": "dry_run"' in result.output
    assert f"Would create {tmp_path / 'dry_run'}" in result.output
    assert "  docs/decisions/0001-web-framework.md" in result.output
    assert _files(tmp_path) == []


def test_the_cli_turns_implied_options_on_and_says_so(runner, tmp_path) -> None:
    result = _new_project(
        runner,
        tmp_path,
        "--dry-run",
        "--set",
        "admin=yes",
        "--set",
        "experience=flask",
        "--set",
        "interface=api",
        "--set",
        "accounts=no",
    )
    assert result.exit_code == 0, result.output
    assert "Note: use_admin=yes needs use_login=yes: turned use_login on." in result.output
    assert '"use_login": true' in result.output


def test_an_explicit_conflict_is_one_line_naming_both(runner, tmp_path) -> None:
    result = _new_project(runner, tmp_path, "--framework", "DJANGO", "--set", "frontend=api", "--set", "use_drf=no")
    _refused(result, "frontend=api needs use_drf=yes", "use_drf=no")


def test_values_are_data_not_template_code(runner, tmp_path) -> None:
    result = _new_project(
        runner,
        tmp_path,
        "--framework",
        "flask",
        "--dry-run",
        "--set",
        "project_name={{ 7*7 }} {% if 1 %}x{% endif %}",
        "--set",
        "project_slug=shop",
    )
    assert result.exit_code == 0, result.output
    assert '"project_name": "{{ 7*7 }} {% if 1 %}x{% endif %}"' in result.output


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--framework", "rails"], ["'rails' is not one of", "'django', 'flask'"]),
        (["--framework", "django", "--set", "colour=red"], ["unknown key 'colour'", "size", "use_drf"]),
        (["--set", "database=mysql"], ["'mysql' is not one of sqlite, postgresql"]),
        (["--set", "use_drf=maybe"], ["'maybe' is not one of yes, no"]),
        (["--set", "novalue"], ["--set takes KEY=VALUE"]),
        (["--framework", "flask", "--set", "project_slug=class"], ["keyword"]),
        (["--framework", "flask", "--set", "project_name=json"], ["shadow the module 'json'"]),
        (["--framework", "django", "--set", "project_name=Bad\tName"], ["control character"]),
        (["--answers", "missing.yaml"], ["cannot read answers file"]),
        # A NUL byte cannot reach a real process's arguments, but it can reach the library's callers.
        (["--framework", "django", "--set", "project_name=a\0b"], ["an argument holds a NUL byte"]),
        (["--framework", "django", "--answers", "a\0b.yaml"], ["an argument holds a NUL byte"]),
        (["--framework", "django", "-o", "a\0b"], ["an argument holds a NUL byte"]),
    ],
)
def test_user_mistakes_are_one_line_exit_2_and_write_nothing(runner, tmp_path, args, fragments) -> None:
    out = tmp_path / "out"
    result = _new_project(runner, out, *args)
    _refused(result, *fragments)
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("size: huge\n", "'huge' is not one of small, medium, large"),
        ("colour: red\n", "unknown key 'colour'"),
        ("[1, 2]\n", "must be a mapping"),
        ("", "is empty"),
        ("size: [\n", "not valid YAML"),
    ],
)
def test_bad_answers_files_are_refused(runner, tmp_path, content, fragment) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(content)
    out = tmp_path / "out"
    _refused(_new_project(runner, out, "--answers", str(answers)), fragment)
    _refused(runner.invoke(cli, ["assess", "--no-input", "--answers", str(answers)]), fragment)
    assert not out.exists()


def test_an_existing_project_is_never_overwritten(runner, tmp_path) -> None:
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "precious.txt").write_text("keep me")
    result = runner.invoke(
        cli, ["new-project", "--no-input", "--framework", "django", "--set", "project_name=Blog", "-o", str(tmp_path)]
    )
    _refused(result, "already exists")
    assert _files(tmp_path) == ["blog", "blog/precious.txt"]
    assert (tmp_path / "blog" / "precious.txt").read_text() == "keep me"


def test_assessment_answers_may_be_set_and_other_templates_variables_are_noted(runner, tmp_path) -> None:
    result = _new_project(runner, tmp_path, "--dry-run", "--set", "size=large", "--set", "use_sqlalchemy=yes")
    assert result.exit_code == 0, result.output
    assert "Recommendation: Django" in result.output
    assert "Note: ignored use_sqlalchemy: not variables of the django template." in result.output


def test_framework_with_assessment_answers_says_they_are_ignored(runner, tmp_path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("size: large\n")
    result = _new_project(runner, tmp_path / "out", "--dry-run", "--framework", "flask", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert "Note: --framework skips the assessment; ignored size." in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["new-project", "--frmework", "django"], "Did you mean '--framework'?"),
        (["new-project", "--no-input", "--set"], "'--set' requires an argument"),
        (["new-project", "--no-input", "--answers", "."], "is a directory"),
        (["bogus"], "No such command 'bogus'"),
        (["--bogus"], "No such option '--bogus'"),
    ],
)
def test_half_typed_flags_are_one_line_too(runner, tmp_path, monkeypatch, args, fragment) -> None:
    monkeypatch.chdir(tmp_path)
    _refused(runner.invoke(cli, args), fragment, "--help')")
    assert _files(tmp_path) == []


def test_an_output_dir_that_is_a_file_is_refused(runner, tmp_path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("mine")
    _refused(_new_project(runner, blocker), "is a file")
    assert blocker.read_text() == "mine"
