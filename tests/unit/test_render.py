"""Atomic rendering: a project appears whole or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter

import framewise_hooks
from generator import catalog, generate, render
from generator.errors import GenerationError, OutputError, TargetExistsError
from tests.helpers import ALL_ON
from tests.system.processes import give_away


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


def _dead_pid() -> str:
    code = "import os; print(os.getpid())"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def temp_folder(tmp_path, monkeypatch) -> Path:
    """A TMPDIR of the test's own, so the holders a run makes and sweeps can be seen."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return folder


def test_a_killed_runs_holder_leads_the_next_run_to_its_staging_folder_anywhere(tmp_path, temp_folder) -> None:
    pid = _dead_pid().strip()
    elsewhere = tmp_path / "elsewhere"
    staging = elsewhere / f".blog.{render._HOST}.{pid}.framewise-0a1b2c"
    (staging / "blog").mkdir(parents=True)
    (staging / "blog" / ".env").write_text("SECRET_KEY=live\n")
    filled = tmp_path / "filled"
    (filled / "theirs").mkdir(parents=True)
    holder = temp_folder / f"framewise-{render._HOST}.{pid}-x1y2z3"
    holder.mkdir()
    (holder / "out").symlink_to(staging, target_is_directory=True)
    for index, made in enumerate([filled, elsewhere]):  # output folders the killed run had made
        (holder / f"made-{index}").symlink_to(made, target_is_directory=True)
    _render("flask", _values(framework="flask"), tmp_path / "out")  # another output folder altogether
    assert not elsewhere.exists() and _leftovers(temp_folder) == []
    assert _leftovers(filled) == ["theirs"]  # made by that run, but someone has put something in it since


def test_a_dry_run_and_a_real_run_leave_nothing_in_the_temporary_folder(tmp_path, temp_folder) -> None:
    _render("django", _values(), tmp_path / "dry", dry_run=True)
    _render("django", _values(), tmp_path / "real")
    assert _leftovers(temp_folder) == [] and _leftovers(tmp_path / "real") == ["blog"]


@pytest.mark.parametrize("kind", ["link to a folder", "holder naming a folder that is not a staging folder"])
def test_debris_lookalikes_are_never_followed(tmp_path, temp_folder, kind) -> None:
    pid = _dead_pid().strip()
    victim = tmp_path / "victim"
    (victim / "blog").mkdir(parents=True)
    (victim / "blog" / "keep.txt").write_text("mine")
    if kind == "link to a folder":
        (temp_folder / f"framewise-{render._HOST}.{pid}-abc").symlink_to(victim, target_is_directory=True)
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / f".blog.{render._HOST}.{pid}.framewise-abc").symlink_to(victim, target_is_directory=True)
    else:
        holder = temp_folder / f"framewise-{render._HOST}.{pid}-abc"
        holder.mkdir()
        (holder / "out").symlink_to(victim, target_is_directory=True)
    _render("django", _values(name="Other"), tmp_path / "out")
    assert (victim / "blog" / "keep.txt").read_text() == "mine"


def test_debris_lookalikes_of_another_user_are_left_alone(tmp_path, temp_folder) -> None:
    pid = _dead_pid().strip()
    theirs = [
        temp_folder / f"framewise-{render._HOST}.{pid}-abc",
        tmp_path / "out" / f".blog.{render._HOST}.{pid}.framewise-abc",
    ]
    for folder in theirs:
        folder.mkdir(parents=True)
    give_away(*theirs)
    _render("django", _values(name="Other"), tmp_path / "out")
    assert all(folder.is_dir() for folder in theirs)


@pytest.mark.parametrize("placing", ["renameat2", "claim then rename"])
def test_placing_never_replaces_a_folder_that_appeared(tmp_path, monkeypatch, placing) -> None:
    if placing == "claim then rename":
        monkeypatch.setattr(render, "_rename_no_replace", lambda source, target: False)
    elif render._renameat2() is None:
        pytest.skip("this system has no renameat2")
    target, files = _render("flask", _values(framework="flask"), tmp_path / "ok")
    assert (target / ".env").is_file() and len(files) > 10
    real = framewise_hooks.post_gen

    def someone_else_creates_the_target(values, project_dir):
        real(values, project_dir)
        (tmp_path / "blog").mkdir()
        (tmp_path / "blog" / "theirs.txt").write_text("theirs")

    monkeypatch.setattr(framewise_hooks, "post_gen", someone_else_creates_the_target)
    with pytest.raises(TargetExistsError, match="appeared while the project was being generated"):
        _render("django", _values(), tmp_path)
    assert _leftovers(tmp_path) == ["blog", "ok"] and _leftovers(tmp_path / "blog") == ["theirs.txt"]


def test_finishing_happens_staged_and_a_stop_there_leaves_nothing(tmp_path) -> None:
    seen = []

    def finish(project: Path) -> None:
        staged = project.parent.name.startswith(".blog.")
        seen.append((staged, (tmp_path / "blog").exists(), (project / ".env").is_file()))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        render.render(catalog.load("django"), _values(), tmp_path / "blog", finish=finish)
    assert seen == [(True, False, True)]
    assert _leftovers(tmp_path) == []


def test_the_first_stop_signal_stops_a_run_and_later_ones_cannot_cut_its_clean_up(tmp_path) -> None:
    before = {signum: signal.getsignal(signum) for signum in render.STOP_SIGNALS}
    cleaned = []
    with pytest.raises(KeyboardInterrupt), render.stoppable():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the signal arrives here
        finally:
            os.kill(os.getpid(), signal.SIGHUP)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
            cleaned.append(True)  # reached: neither second signal interrupted the clean-up
    assert cleaned == [True]
    assert {signum: signal.getsignal(signum) for signum in render.STOP_SIGNALS} == before


def test_an_output_folder_that_cannot_be_examined_is_an_output_error(tmp_path, monkeypatch) -> None:
    with pytest.raises(OutputError, match="cannot examine"):
        render.resolve_output(Path("a\0b"))
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(OutputError, match="cannot examine"):
        render.resolve_output(tmp_path / "loop" / "x")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    with pytest.raises(OutputError, match="the current folder no longer exists"):
        render.resolve_output(Path("out"))


def test_a_link_another_user_planted_in_a_shared_folder_is_not_followed(tmp_path) -> None:
    shared, mine = tmp_path / "shared", tmp_path / "mine"
    shared.mkdir()
    shared.chmod(0o1777)
    mine.mkdir()
    (shared / "projects").symlink_to(mine, target_is_directory=True)
    assert render.resolve_output(shared / "projects") == mine  # my own link: followed
    give_away(shared / "projects")
    with pytest.raises(OutputError, match="is a link another user made in the shared folder"):
        render.resolve_output(shared / "projects" / "sub")


def test_an_output_path_through_a_link_and_dotdot_goes_where_the_kernel_would(tmp_path, monkeypatch) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "a" / "b", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    assert render.resolve_output(Path("link/../out")) == tmp_path / "a" / "out"
    assert render.resolve_output(Path("fresh/../keep_me")) == tmp_path / "keep_me"
