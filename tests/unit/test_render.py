"""Atomic rendering: a project appears whole or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter

import framewise_hooks
from generator import catalog, generate, render
from generator.errors import GenerationError, OutputError, TargetExistsError
from tests.helpers import ALL_ON


def _values(name: str = "Blog", framework: str = "django", **options):
    """The full cookiecutter context framewise would render with."""
    return generate.plan(framework, {"project_name": name, **options}, Path("/nonexistent")).context


def _render(framework, context, out, dry_run=False):
    target = out / context["project_slug"]
    return target, render.render(catalog.load(framework), context, target, dry_run=dry_run)


def _leftovers(directory):
    return sorted(p.name for p in directory.iterdir())


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_render_creates_the_project_with_secrets_and_decision_record(tmp_path, framework) -> None:
    target, files = _render(framework, _values(framework=framework), tmp_path)
    assert target == tmp_path / "blog"
    assert _leftovers(tmp_path) == ["blog"]
    assert "docs/decisions/0001-web-framework.md" in files and ".env" in files
    assert "chosen by hand" in (target / "docs/decisions/0001-web-framework.md").read_text()


def test_dry_run_lists_files_and_writes_nothing(tmp_path) -> None:
    target, files = _render("django", _values(), tmp_path, dry_run=True)
    assert target == tmp_path / "blog"
    assert ".env" in files
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["empty dir", "full dir", "file", "symlink"])
def test_an_existing_target_is_refused_and_left_untouched(tmp_path, kind) -> None:
    target = tmp_path / "blog"
    if kind == "file":
        target.write_text("mine")
    elif kind == "symlink":
        target.symlink_to(tmp_path / "elsewhere")
    else:
        target.mkdir()
        if kind == "full dir":
            (target / "notes.txt").write_text("mine")
    with pytest.raises(TargetExistsError, match="already exists"):
        _render("django", _values(), tmp_path)
    if kind == "full dir":
        assert (target / "notes.txt").read_text() == "mine"
    assert _leftovers(tmp_path) == ["blog"]


def test_an_output_path_holding_template_syntax_is_taken_literally(tmp_path) -> None:
    out = tmp_path / "{{ 7*7 }}" / "{% if 1 %}x{% endif %}"
    target, _ = _render("flask", _values(framework="flask"), out)
    assert target == out / "blog" and target.is_dir()
    assert _leftovers(tmp_path) == ["{{ 7*7 }}"]


def test_an_output_dir_that_is_a_file_is_an_output_error(tmp_path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    with pytest.raises(OutputError, match="cannot write to"):
        _render("django", _values(), blocker / "out")


def test_a_failing_post_generation_step_leaves_nothing(tmp_path, monkeypatch) -> None:
    hooks = framewise_hooks

    def broken(values, project_dir):
        raise hooks.HookError("disk on fire")

    monkeypatch.setattr(hooks, "post_gen", broken)
    with pytest.raises(GenerationError, match="post-generation of the django template failed: disk on fire"):
        _render("django", _values(), tmp_path)
    assert _leftovers(tmp_path) == []


def test_a_failed_run_removes_only_empty_folders_it_created(tmp_path, monkeypatch) -> None:
    hooks = framewise_hooks
    out = tmp_path / "new" / "out"

    def someone_else_writes(values, project_dir):
        (tmp_path / "new" / "theirs.txt").write_text("not ours")
        raise hooks.HookError("failed")

    monkeypatch.setattr(hooks, "post_gen", someone_else_writes)
    with pytest.raises(GenerationError):
        _render("django", _values(), out)
    assert _leftovers(tmp_path / "new") == ["theirs.txt"]  # "out" (ours, empty) is gone; their file stays


def test_an_interrupt_while_rendering_leaves_nothing(tmp_path, monkeypatch) -> None:
    hooks = framewise_hooks

    def interrupted(values, project_dir):
        raise KeyboardInterrupt

    monkeypatch.setattr(hooks, "post_gen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _render("flask", _values(framework="flask"), tmp_path)
    assert _leftovers(tmp_path) == []


def test_a_template_error_names_the_step_and_leaves_nothing(tmp_path) -> None:
    broken = tmp_path / "tpl"
    (broken / "{{cookiecutter.project_slug}}").mkdir(parents=True)
    (broken / "{{cookiecutter.project_slug}}" / "x.py").write_text("{{ cookiecutter.missing }}")
    template = catalog.Template("broken", "Broken", "", broken, (), {}, {}, ())
    out = tmp_path / "out"
    with pytest.raises(GenerationError, match="rendering of the broken template failed"):
        render.render(template, {"project_slug": "blog", "project_name": "Blog"}, out / "blog")
    assert not out.exists()  # the output folder was made by this run, so it goes too


def _tree(root):
    """Every file's bytes but .env's, whose secrets are fresh each time."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != ".env"}


@pytest.mark.parametrize(
    ("framework", "options"), [("django", {}), ("django", ALL_ON["django"]), ("flask", {}), ("flask", ALL_ON["flask"])]
)
def test_copying_plain_and_pruned_files_writes_what_plain_cookiecutter_writes(tmp_path, framework, options) -> None:
    # framewise copies files without Jinja and files the hook prunes instead of rendering them.
    template = catalog.load(framework)
    plan = generate.plan(framework, {"project_name": "Blog", **options}, tmp_path / "framewise")
    target = generate.generate(plan, git=False, lock_dependencies=False).target
    given = {k: v for k, v in plan.context.items() if k in plan.values or k == "_date"}
    plain = cookiecutter(str(template.path), no_input=True, output_dir=str(tmp_path / "plain"), extra_context=given)
    assert _tree(target) == _tree(Path(plain))


def test_a_temporary_folder_holding_template_syntax_is_never_rendered(tmp_path, monkeypatch) -> None:
    hostile = tmp_path / "{{ 7*7 }}{% if 1 %}x{% endif %}"
    hostile.mkdir()
    monkeypatch.setenv("TMPDIR", str(hostile))
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    target, _ = _render("flask", _values(framework="flask"), tmp_path / "out")
    assert target.is_dir() and _leftovers(hostile) == []
    assert not any("49" in p.name for p in tmp_path.rglob("*"))


def test_clean_up_after_a_failure_keeps_a_folder_that_was_there_before(tmp_path, monkeypatch) -> None:
    (tmp_path / "keep_me").mkdir()
    monkeypatch.chdir(tmp_path)

    def failing(values, project_dir):
        raise framewise_hooks.HookError("failed")

    monkeypatch.setattr(framewise_hooks, "post_gen", failing)
    plan = generate.plan("django", {"project_name": "Blog"}, Path("fresh/../keep_me"))
    with pytest.raises(GenerationError):
        generate.generate(plan)
    assert _leftovers(tmp_path) == ["keep_me"] and _leftovers(tmp_path / "keep_me") == []


def test_a_folder_that_appears_at_the_target_before_placing_is_never_replaced(tmp_path, monkeypatch) -> None:
    real = framewise_hooks.post_gen

    def someone_else_creates_the_target(values, project_dir):
        real(values, project_dir)
        (tmp_path / "blog").mkdir()

    monkeypatch.setattr(framewise_hooks, "post_gen", someone_else_creates_the_target)
    with pytest.raises(TargetExistsError, match="appeared while the project was being generated"):
        _render("django", _values(), tmp_path)
    assert _leftovers(tmp_path) == ["blog"] and _leftovers(tmp_path / "blog") == []


def test_debris_of_a_killed_run_is_removed_by_the_next_and_a_live_run_is_left_alone(tmp_path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host = render._HOST
    debris = tmp_path / f".blog.{host}.{dead.stdout.strip()}.framewise-abc123"
    live = tmp_path / f".blog.{host}.{os.getpid()}.framewise-def456"
    foreign = tmp_path / ".blog.notours"
    for folder in (debris, live, foreign):
        (folder / "blog").mkdir(parents=True)
        (folder / "blog" / ".env").write_text("SECRET=x\n")
    _render("django", _values(name="Other"), tmp_path)
    assert _leftovers(tmp_path) == sorted([live.name, foreign.name, "other"])
