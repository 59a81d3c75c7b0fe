"""Atomic rendering: a project appears whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter

from generator import catalog, project, render
from generator.errors import GenerationError, OutputError, TargetExistsError
from tests.helpers import ALL_ON


def _values(name: str = "Blog", framework: str = "django"):
    values, _ = project.resolve(catalog.load(framework), {"project_name": name}, {})
    return values


def _leftovers(directory):
    return sorted(p.name for p in directory.iterdir())


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_render_creates_the_project_with_secrets_and_decision_record(tmp_path, framework) -> None:
    target, files = render.render(catalog.load(framework), _values(framework=framework), tmp_path)
    assert target == tmp_path / "blog"
    assert _leftovers(tmp_path) == ["blog"]
    assert "docs/decisions/0001-web-framework.md" in files and ".env" in files
    assert "chosen by hand" in (target / "docs/decisions/0001-web-framework.md").read_text()


def test_dry_run_lists_files_and_writes_nothing(tmp_path) -> None:
    target, files = render.render(catalog.load("django"), _values(), tmp_path, dry_run=True)
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
        render.render(catalog.load("django"), _values(), tmp_path)
    if kind == "full dir":
        assert (target / "notes.txt").read_text() == "mine"
    assert _leftovers(tmp_path) == ["blog"]


def test_an_output_path_holding_template_syntax_is_taken_literally(tmp_path) -> None:
    out = tmp_path / "{{ 7*7 }}" / "{% if 1 %}x{% endif %}"
    target, _ = render.render(catalog.load("flask"), _values(framework="flask"), out)
    assert target == out / "blog" and target.is_dir()
    assert _leftovers(tmp_path) == ["{{ 7*7 }}"]


def test_an_output_dir_that_is_a_file_is_an_output_error(tmp_path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    with pytest.raises(OutputError, match="cannot write to"):
        render.render(catalog.load("django"), _values(), blocker / "out")


def test_a_failing_post_generation_step_leaves_nothing(tmp_path, monkeypatch) -> None:
    hooks = catalog.hooks()

    def broken(values, project_dir):
        raise hooks.HookError("disk on fire")

    monkeypatch.setattr(hooks, "post_gen", broken)
    with pytest.raises(GenerationError, match="post-generation of the django template failed: disk on fire"):
        render.render(catalog.load("django"), _values(), tmp_path)
    assert _leftovers(tmp_path) == []


def test_a_failed_run_removes_only_empty_folders_it_created(tmp_path, monkeypatch) -> None:
    hooks = catalog.hooks()
    out = tmp_path / "new" / "out"

    def someone_else_writes(values, project_dir):
        (tmp_path / "new" / "theirs.txt").write_text("not ours")
        raise hooks.HookError("failed")

    monkeypatch.setattr(hooks, "post_gen", someone_else_writes)
    with pytest.raises(GenerationError):
        render.render(catalog.load("django"), _values(), out)
    assert _leftovers(tmp_path / "new") == ["theirs.txt"]  # "out" (ours, empty) is gone; their file stays


def test_an_interrupt_while_rendering_leaves_nothing(tmp_path, monkeypatch) -> None:
    hooks = catalog.hooks()

    def interrupted(values, project_dir):
        raise KeyboardInterrupt

    monkeypatch.setattr(hooks, "post_gen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render.render(catalog.load("flask"), _values(framework="flask"), tmp_path)
    assert _leftovers(tmp_path) == []


def test_a_template_error_names_the_step_and_leaves_nothing(tmp_path) -> None:
    broken = tmp_path / "tpl"
    (broken / "{{cookiecutter.project_slug}}").mkdir(parents=True)
    (broken / "{{cookiecutter.project_slug}}" / "x.py").write_text("{{ cookiecutter.missing }}")
    template = catalog.Template("broken", "Broken", "", broken, (), {})
    out = tmp_path / "out"
    with pytest.raises(GenerationError, match="rendering of the broken template failed"):
        render.render(template, {"project_slug": "blog", "project_name": "Blog"}, out)
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
    values, _ = project.resolve(template, {"project_name": "Blog", **options}, {})
    target, _ = render.render(template, values, tmp_path / "framewise")
    plain = cookiecutter(
        str(template.path), no_input=True, output_dir=str(tmp_path / "plain"), extra_context=dict(values)
    )
    assert _tree(target) == _tree(Path(plain))
