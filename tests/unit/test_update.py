"""framewise update: template changes arrive, the user's changes stay, clashes are marked, nothing else moves."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import framewise_hooks as rules
from generator import catalog, generate, update
from generator.cli import cli
from generator.errors import NotAProjectError, UncommittedChangesError
from tests.helpers import ROOT


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout


def new_project(out: Path, framework: str = "django", git_repo: bool = True, **values: object) -> Path:
    plan = generate.plan(framework, {"project_name": "Shop", **values}, out)
    return generate.generate(plan, git=git_repo, lock_dependencies=False).target


def commit(project: Path, message: str = "work") -> None:
    git(project, "add", "-A")
    git(
        project,
        "-c",
        "user.name=Dev",
        "-c",
        "user.email=dev@example.com",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        message,
    )


def snapshot(folder: Path, skip: Path) -> dict[str, bytes]:
    """Every file under `folder` outside `skip`, to prove an update touched nothing else."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_relative_to(skip)
    }


@pytest.fixture
def changed_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the bundled templates that framewise uses instead of its own, for the test to change."""
    root = tmp_path / "framewise-next"
    for name in ("templates", "hooks"):
        shutil.copytree(ROOT / name, root / name, symlinks=True)
    shutil.copy(ROOT / "cookiecutter.json", root)
    monkeypatch.setattr(catalog, "resources_root", lambda: root)
    catalog.load.cache_clear()
    yield root / "templates"
    catalog.load.cache_clear()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


DJANGO_TEMPLATE = Path("django") / "{{cookiecutter.project_slug}}"


def test_template_changes_arrive_and_every_user_line_survives(tmp_path: Path, changed_templates: Path) -> None:
    project = new_project(tmp_path / "out")
    # The user's work, committed: a line far from the template's change, one on the same line, a new file,
    # a deleted file.
    edit(project / "manage.py", "import sys\n", "import sys  # ours: manage\n")
    edit(project / "gunicorn.conf.py", "import os\n", "import os  # ours: clash\n")
    (project / "NOTES.md").write_text("ours: notes\n")
    (project / "config" / "asgi.py").unlink()
    commit(project)
    (tmp_path / "out" / "neighbour.txt").write_text("not the project's")
    outside = snapshot(tmp_path / "out", project)

    # The next template version: changes a line far from the user's, the user's own line, adds and removes files.
    template = changed_templates / DJANGO_TEMPLATE
    edit(
        template / "manage.py",
        '"""',
        '"""Template v2. ',
    )
    edit(template / "gunicorn.conf.py", "import os\n", "import os  # template: clash\n")
    edit(template / "config" / "asgi.py", "import os", "import os  # template v2")
    (template / "CHANGELOG.md").write_text("# Changes\n")
    (template / "config" / "wsgi.py").unlink()

    outcome = update.update(project, {})

    assert outcome.changes["merged"] == ["manage.py"]
    manage = (project / "manage.py").read_text()
    assert "Template v2." in manage and "import sys  # ours: manage" in manage
    assert outcome.conflicts == ["gunicorn.conf.py"]
    clash = (project / "gunicorn.conf.py").read_text()
    assert "<<<<<<< yours\nimport os  # ours: clash\n=======\nimport os  # template: clash\n>>>>>>> framewise" in clash
    assert "config/asgi.py" in outcome.changes["left deleted"] and not (project / "config" / "asgi.py").exists()
    assert outcome.changes["added"] == ["CHANGELOG.md"] and (project / "CHANGELOG.md").read_text() == "# Changes\n"
    assert outcome.changes["deleted"] == ["config/wsgi.py"] and not (project / "config" / "wsgi.py").exists()
    assert (project / "NOTES.md").read_text() == "ours: notes\n"
    assert snapshot(tmp_path / "out", project) == outside
    # The record moved to the new base: once the clash is resolved and committed, there is nothing left to do.
    (project / "gunicorn.conf.py").write_text(
        clash.split("<<<<<<<")[0]
        + "import os  # both\n"
        + clash.split(">>>>>>> framewise " + rules.__version__ + "\n")[1]
    )
    commit(project, "resolve")
    assert update.update(project, {}).changes == {}
    assert update.behind(project) == []


def test_the_cli_lists_conflicts_and_exits_3(tmp_path: Path, changed_templates: Path) -> None:
    project = new_project(tmp_path / "out")
    edit(project / "manage.py", "import sys\n", "import sys  # ours\n")
    commit(project)
    edit(changed_templates / DJANGO_TEMPLATE / "manage.py", "import sys\n", "import sys  # theirs\n")
    result = CliRunner().invoke(cli, ["update", str(project)])
    assert result.exit_code == 3, result.output
    assert "conflict: manage.py" in result.output and "1 files has conflicts" in result.stderr


def test_dry_run_and_check_say_what_would_change_and_write_nothing(tmp_path: Path, changed_templates: Path) -> None:
    project = new_project(tmp_path / "out")
    assert update.behind(project) == []
    edit(changed_templates / DJANGO_TEMPLATE / "manage.py", '"""', '"""v2 ')
    before = snapshot(tmp_path, tmp_path / "nothing")
    assert update.behind(project) == ["manage.py"]
    outcome = update.update(project, {}, dry_run=True)
    assert outcome.changes["updated"][0] == "manage.py"
    assert snapshot(tmp_path, tmp_path / "nothing") == before
    runner = CliRunner()
    checked = runner.invoke(cli, ["update", "--check", str(project)])
    assert checked.exit_code == 1 and "behind" in checked.output
    assert runner.invoke(cli, ["update", "--dry-run", str(project)]).exit_code == 0
    update.update(project, {})
    assert runner.invoke(cli, ["update", "--check", str(project)]).exit_code == 0


def test_an_option_turned_on_and_off_brings_and_removes_only_unchanged_files(tmp_path: Path) -> None:
    project = new_project(tmp_path / "out")
    added = update.update(project, {"use_celery": "yes"})
    assert {"config/celery.py", "tests/test_tasks.py"} <= set(added.changes["added"])
    assert "celery" in (project / "pyproject.toml").read_text()
    assert rules.RECORD in added.changes["updated"]
    assert "use_celery: true" in (project / rules.RECORD).read_text()
    commit(project, "celery")
    edit(project / "config" / "celery.py", "\n", "\n# ours\n")
    commit(project, "our celery")
    removed = update.update(project, {"use_celery": "no"})
    assert "tests/test_tasks.py" in removed.changes["deleted"] and not (project / "tests" / "test_tasks.py").exists()
    assert removed.changes["kept"] == ["config/celery.py"] and (project / "config" / "celery.py").exists()


def test_env_secrets_and_the_database_are_never_touched(tmp_path: Path) -> None:
    project = new_project(tmp_path / "out")
    (project / "db.sqlite3").write_bytes(b"SQLite format 3\0 ours")
    env = (project / ".env").read_bytes()
    commit(project)
    # PostgreSQL in Docker adds a variable to .env.example (REDIS_URL is there from the start).
    outcome = update.update(project, {"use_celery": "yes", "database": "postgresql", "use_docker": "yes"})
    assert (project / ".env").read_bytes() == env
    assert (project / "db.sqlite3").read_bytes() == b"SQLite format 3\0 ours"
    assert any("POSTGRES_PASSWORD" in note for note in outcome.notes)
    assert b"DJANGO_SECRET_KEY" not in (project / rules.BASE).read_bytes()


def test_uncommitted_changes_are_refused_and_nothing_is_lost(tmp_path: Path) -> None:
    project = new_project(tmp_path / "out")
    (project / "manage.py").write_text("# half-done work\n")
    with pytest.raises(UncommittedChangesError, match=r"uncommitted changes .*manage\.py"):
        update.update(project, {"use_celery": "yes"})
    assert (project / "manage.py").read_text() == "# half-done work\n"
    assert not (project / "config" / "celery.py").exists()


def test_a_folder_that_is_not_a_project_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotAProjectError, match="is not a framewise project"):
        update.update(tmp_path, {})
    result = CliRunner().invoke(cli, ["update", str(tmp_path)])
    assert result.exit_code == 2 and result.stderr.startswith("Error: ") and "not a framewise project" in result.stderr


def test_a_project_in_a_monorepo_subfolder_is_updated_within_its_folder(tmp_path: Path) -> None:
    repo = tmp_path / "mono"
    (repo / "services").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "other.txt").write_text("another team's file\n")
    project = new_project(repo / "services")
    assert not (project / ".git").exists()  # no repository inside a repository
    commit(repo, "monorepo")
    (repo / "other.txt").write_text("another team's work in progress\n")  # dirty, but outside the project
    outcome = update.update(project, {"use_drf": "yes"})
    assert "config/api.py" in outcome.changes["added"]
    assert (repo / "other.txt").read_text() == "another team's work in progress\n"
    assert git(repo, "status", "--porcelain", "--", "other.txt").startswith(" M")


def test_a_project_without_git_is_updated_and_told_to_review(tmp_path: Path) -> None:
    project = new_project(tmp_path / "out", git_repo=False)
    assert not (project / ".git").exists()
    outcome = update.update(project, {"use_drf": "yes"})
    assert "config/api.py" in outcome.changes["added"]
    assert any("not in a git work tree" in note for note in outcome.notes)
    assert update.update(project, {}).changes == {}


def test_changed_answers_add_a_decision_record_that_supersedes_the_first(tmp_path: Path) -> None:
    plan = generate.plan(None, {"size": "large", "admin": "yes", "project_name": "Shop"}, tmp_path)
    project = generate.generate(plan, lock_dependencies=False).target
    assert plan.template.name == "django"
    commit(project)
    outcome = update.update(
        project, {"size": "small", "admin": "no", "interface": "api", "architecture": "microservice"}
    )
    second = project / "docs" / "decisions" / "0002-web-framework-revisited.md"
    assert "docs/decisions/0002-web-framework-revisited.md" in outcome.changes["added"]
    text = second.read_text()
    assert text.startswith("# 2. Web framework: Django") and "Supersedes [1](0001-web-framework.md)" in text
    assert "the assessment recommended Flask" in text
    first = (project / "docs" / "decisions" / "0001-web-framework.md").read_text()
    assert "Status: superseded by [2](0002-web-framework-revisited.md)" in first
    assert any("now point to Flask" in note and "does not convert" in note for note in outcome.notes)
    assert (project / "manage.py").exists()  # still a Django project
    assert 'size: "small"' in (project / rules.RECORD).read_text()


def test_a_project_made_by_plain_cookiecutter_can_be_updated(tmp_path: Path) -> None:
    from cookiecutter.main import cookiecutter

    project = Path(cookiecutter(str(ROOT / "templates" / "flask"), no_input=True, output_dir=str(tmp_path)))
    record = update.read_record(project)
    assert record.template == "flask" and record.assessment == {} and record.version == rules.__version__
    outcome = update.update(project, {"use_api": "yes"})
    assert f"{project.name}/api.py" in outcome.changes["added"]


def test_an_update_leaves_no_scratch_render_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The render it merges from holds a fresh .env: it lives in the run's holder and goes with it."""
    project = new_project(tmp_path / "out")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    update.update(project, {"use_drf": "yes"})
    update.behind(project)
    assert list(scratch.iterdir()) == []
