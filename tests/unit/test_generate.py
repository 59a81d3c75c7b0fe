"""The library entry point: plan settles every value (given > asked > implied > default, then the rules)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import catalog, generate
from generator.errors import FramewiseError, InvalidValueError, TargetExistsError, UnknownKeyError
from generator.variables import Variable
from tests.helpers import unavailable


class Scripted:
    """A prompter that answers from a script and records what it was asked and what it was refused."""

    def __init__(self, **answers: Any) -> None:
        self.answers = {name: list(value) if isinstance(value, list) else [value] for name, value in answers.items()}
        self.asked: list[tuple[str, Any]] = []
        self.refused: list[str] = []
        self.recommended: list[str] = []

    def ask(self, variable: Variable, default: Any, check: generate.Check) -> Any:
        self.asked.append((variable.name, default))
        for answer in self.answers.get(variable.name, []):
            try:
                value = variable.parse(answer)
                check(value)
            except FramewiseError as error:
                self.refused.append(str(error))
                continue
            return value
        return default

    def recommend(self, recommendation: Any) -> None:
        self.recommended.append(recommendation.framework)


def test_given_values_beat_implied_options_which_beat_defaults(tmp_path: Path) -> None:
    plan = generate.plan(None, {"data": "complex", "background_jobs": "yes", "database": "sqlite"}, tmp_path)
    assert plan.template.name == "django"
    assert plan.values["database"] == "sqlite"  # given
    assert plan.values["use_celery"] is True  # implied by background_jobs
    assert plan.values["use_docker"] is False  # the template's default
    assert plan.context["_assessment"]["answers"][4] == {
        "id": "data",
        "question": "How much relational data?",
        "answer": "complex",
    }


def test_one_flat_namespace_takes_assessment_answers_by_set_too(tmp_path: Path) -> None:
    plan = generate.plan(None, {"size": "large", "admin": "yes", "project_name": "Shop"}, tmp_path)
    assert plan.recommendation is not None and plan.recommendation.answers["size"] == "large"
    assert plan.target == tmp_path.resolve() / "shop"


def test_an_unknown_key_names_the_valid_ones(tmp_path: Path) -> None:
    with pytest.raises(UnknownKeyError, match=r"unknown key 'colour'; the assessment takes size, .* the templates"):
        generate.plan(None, {"colour": "red"}, tmp_path)


def test_a_bad_value_fails_before_any_question_is_asked(tmp_path: Path) -> None:
    asked = Scripted()
    with pytest.raises(InvalidValueError, match="'mysql' is not one of sqlite, postgresql"):
        generate.plan(None, {"database": "mysql"}, tmp_path, asked)
    assert asked.asked == []


def test_the_framework_is_taken_in_any_letter_case_and_skips_the_assessment(tmp_path: Path) -> None:
    plan = generate.plan("Flask", {"size": "large"}, tmp_path)
    assert plan.template.name == "flask" and plan.recommendation is None
    assert plan.context["_assessment"] == {}
    assert plan.notes == ("--framework skips the assessment; ignored size",)


def test_the_slug_derives_from_the_name_unless_given(tmp_path: Path) -> None:
    assert generate.plan("flask", {"project_name": "Café Menu"}, tmp_path).values["project_slug"] == "cafe_menu"
    given = generate.plan("flask", {"project_name": "X", "project_slug": "menu"}, tmp_path)
    assert given.values["project_slug"] == "menu"


def test_python_version_defaults_to_the_running_interpreter_when_supported(tmp_path: Path) -> None:
    values = generate.plan("django", {}, tmp_path).values
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    choices = catalog.load("django").variable("python_version").choices
    assert values["python_version"] == (running if running in choices else choices[0])


def test_implied_options_are_turned_on_where_the_rules_need_them_and_said(tmp_path: Path) -> None:
    plan = generate.plan(None, {"admin": "yes", "accounts": "no", "interface": "api", "experience": "flask"}, tmp_path)
    assert plan.template.name == "flask"
    assert plan.values["use_admin"] is True and plan.values["use_login"] is True
    assert "use_admin=yes needs use_login=yes: turned use_login on" in plan.notes


def test_a_default_gives_way_to_an_explicit_choice_and_says_so(tmp_path: Path) -> None:
    plan = generate.plan("flask", {"use_sqlalchemy": "no"}, tmp_path)
    assert plan.values["use_login"] is False and plan.values["use_admin"] is False
    assert any(
        "does not go with use_sqlalchemy=no: use_login=yes needs use_sqlalchemy=yes; set use_login=no" in note
        for note in plan.notes
    )


def test_an_explicit_value_is_never_flipped(tmp_path: Path) -> None:
    with pytest.raises(
        InvalidValueError, match="use_admin=yes does not go with use_login=no: use_admin=yes needs use_login=yes"
    ):
        generate.plan("flask", {"use_login": "no", "use_admin": "yes"}, tmp_path)
    with pytest.raises(
        InvalidValueError, match="use_drf=no does not go with frontend=api: frontend=api needs use_drf=yes"
    ):
        generate.plan("django", {"frontend": "api", "use_drf": "no"}, tmp_path)


def test_an_implied_option_gives_way_to_an_explicit_one(tmp_path: Path) -> None:
    plan = generate.plan(None, {"admin": "yes", "experience": "flask", "interface": "api", "use_login": "no"}, tmp_path)
    assert plan.template.name == "flask"
    assert plan.values["use_login"] is False and plan.values["use_admin"] is False


def test_questions_are_asked_in_order_with_defaults_from_the_assessment(tmp_path: Path) -> None:
    asking = Scripted(project_name="Ask Me", background_jobs="yes")
    plan = generate.plan(None, {"version": "2.0"}, tmp_path, asking)
    names = [name for name, _ in asking.asked]
    assert names[:9] == [
        "size",
        "interface",
        "admin",
        "accounts",
        "data",
        "architecture",
        "experience",
        "style",
        "background_jobs",
    ]
    assert names[9] == "framework" and asking.recommended == [plan.template.name]
    assert ("project_slug", "ask_me") in asking.asked
    assert ("use_celery", True) in asking.asked and "version" not in names
    assert plan.values["project_slug"] == "ask_me"


def test_an_existing_target_is_refused_when_the_name_is_given_and_asked_again(tmp_path: Path) -> None:
    (tmp_path / "blog").mkdir()
    with pytest.raises(TargetExistsError, match="already exists"):
        generate.plan("django", {"project_name": "Blog"}, tmp_path)
    asking = Scripted(project_name="Blog", project_slug=["blog", "blog_two"])
    plan = generate.plan("django", {}, tmp_path, asking)
    assert plan.values["project_slug"] == "blog_two"
    assert len(asking.refused) == 1 and "already exists" in asking.refused[0]
    assert [name for name, _ in asking.asked].index("project_slug") == 1  # asked right after the name


def test_a_conflicting_answer_at_a_prompt_is_refused_and_asked_again(tmp_path: Path) -> None:
    asking = Scripted(use_sqlalchemy="no", use_login=["yes", "no"])
    plan = generate.plan("flask", {}, tmp_path, asking)
    assert plan.values["use_login"] is False
    assert asking.refused == [
        "use_login=yes does not go with use_sqlalchemy=no: use_login=yes needs use_sqlalchemy=yes"
    ]
    assert ("use_login", False) in asking.asked  # the offered default already keeps to the rules


def test_the_plan_checks_what_the_hook_would_refuse(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="shadow the module 'json'"):
        generate.plan("flask", {"project_name": "json"}, tmp_path)
    with pytest.raises(InvalidValueError, match="project_name is empty"):
        generate.plan("flask", {"project_name": " ", "project_slug": "blank"}, tmp_path)


def test_next_steps_follow_the_options_and_name_the_project(tmp_path: Path) -> None:
    plain = generate.next_steps(generate.plan("django", {"project_name": "Blog"}, tmp_path))
    assert plain[0].run == "cd blog"
    assert not any("createdb" in step.run for step in plain)
    postgres = generate.next_steps(
        generate.plan("django", {"project_name": "Blog", "database": "postgresql"}, tmp_path)
    )
    assert any(step.run == "createdb blog" for step in postgres)


def test_a_new_project_is_a_repository_with_one_commit_unless_told_otherwise(tmp_path: Path) -> None:
    result = generate.generate(generate.plan("flask", {"project_name": "Blog"}, tmp_path), lock_dependencies=False)
    log = subprocess.run(["git", "log", "--format=%s"], cwd=result.target, capture_output=True, text=True, check=True)
    assert log.stdout == "Initial commit from framewise\n"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=result.target, capture_output=True, text=True)
    assert status.stdout == ""  # everything committed; .env ignored
    assert "created a git repository with one commit" in result.notes
    plain = generate.generate(
        generate.plan("flask", {"project_name": "Bare"}, tmp_path), git=False, lock_dependencies=False
    )
    assert not (plain.target / ".git").exists()


def test_locking_uses_uv_from_path_and_offline_generation_says_how_to_lock_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    plan = generate.plan("django", {"project_name": "Blog"}, tmp_path)
    result = generate.generate(plan, git=False)
    assert "uv is not on PATH: no uv.lock yet; run `uv lock` once uv is installed" in result.notes
    assert not (result.target / "uv.lock").exists()
    uv = shutil.which("uv", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if uv is None:
        unavailable("uv is not installed here")
    monkeypatch.setenv("PATH", str(Path(uv).parent))
    monkeypatch.setenv("UV_INDEX_URL", "http://127.0.0.1:9/simple")  # an index that never answers
    monkeypatch.setenv("UV_NO_CACHE", "1")
    offline = generate.generate(generate.plan("django", {"project_name": "Offline"}, tmp_path), git=False)
    assert any("run `uv lock` when the package index answers" in note for note in offline.notes), offline.notes
    assert offline.target.is_dir() and not (offline.target / "uv.lock").exists()
