"""Hostile surroundings: files other users plant, environment values, replay files and crafted contexts.

Every attack is tried for real: framewise and plain cookiecutter run as processes, planted files belong
to another user where the machine allows it, and a marker file appears if anything planted ever runs.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

from tests.helpers import clean_env, unavailable
from tests.system.processes import (
    framewise_env,
    give_away,
    one_line_error,
    private_cookiecutter_config,
    run_cookiecutter,
    run_framewise,
    template,
    tree,
)

# Rendered by Jinja, this runs a shell command that creates the marker.
PAYLOAD = "{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"
# The same without a '/', for folder names: the shell finds the marker's path in the environment.
PATH_PAYLOAD = "{{ cycler.__init__.__globals__.os.system('touch \"$FRAMEWISE_MARKER\"') }}"
# Every file event Python reports with a path (sys.addaudithook), recorded when the path lies under WATCHED.
AUDIT = textwrap.dedent("""
    import os, sys
    _log = open(os.environ["AUDIT_LOG"], "a", encoding="utf-8", errors="backslashreplace")
    _watched = tuple(os.environ["AUDIT_WATCHED"].split(os.pathsep))
    _events = {
        "open", "os.listdir", "os.scandir", "os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir",
        "os.symlink", "os.link", "os.chmod", "os.chown", "os.truncate", "os.utime", "shutil.rmtree",
        "shutil.copyfile", "shutil.copymode", "shutil.copystat", "shutil.move", "os.exec", "os.posix_spawn",
        "subprocess.Popen",
    }

    def _audit(event, args):
        if event not in _events:
            return
        for arg in args:
            items = arg if isinstance(arg, list | tuple) else [arg]
            for item in items:
                if isinstance(item, str | bytes | os.PathLike):
                    path = os.path.abspath(os.fsdecode(item))
                    if path.startswith(_watched):
                        _log.write(f"{os.getpid()} {event} {path}\\n")
                        _log.flush()

    sys.addaudithook(_audit)
""")


class _Runs:
    """A pickle that runs a shell command when it is loaded."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (self.command,)


def _plant_home(home: Path, marker: Path) -> list[Path]:
    """A home folder and cache another user filled with files that run a command if anything loads them."""
    payload = PAYLOAD.format(marker=marker)
    command = f"touch {marker}"
    # Jinja's compile cache as framewise once kept it: an entry is unpickled before it is checked.
    entry = bc_magic + pickle.dumps(_Runs(command))
    caches = [
        home / ".cache" / "framewise" / f"jinja-{jinja2.__version__}",
        home / "xdg-cache" / "framewise" / f"jinja-{jinja2.__version__}",
    ]
    for cache in caches:
        cache.mkdir(parents=True)
        for key in ("0" * 40, "f" * 40):
            (cache / f"__jinja2_{key}.cache").write_bytes(entry)
    (home / ".cookiecutterrc").write_text(
        f"default_context:\n  description: {json.dumps(payload)}\nreplay_dir: {home / '.cookiecutter_replay'}\n"
    )
    (home / ".cookiecutter_replay").mkdir()
    for framework in ("django", "flask"):
        (home / ".cookiecutter_replay" / f"{framework}.json").write_text(
            json.dumps({"cookiecutter": {"description": payload, "_extensions": ["os.system"]}})
        )
    (home / ".gitconfig").write_text(f"[core]\n\tfsmonitor = {command}\n[init]\n\ttemplateDir = {home / 'git'}\n")
    (home / "git" / "hooks").mkdir(parents=True)
    for hook in ("pre-commit", "post-checkout", "post-commit"):
        (home / "git" / "hooks" / hook).write_text(f"#!/bin/sh\n{command}\n")
        (home / "git" / "hooks" / hook).chmod(0o755)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    user_site = home / ".local" / "lib" / version / "site-packages"
    user_site.mkdir(parents=True)
    (user_site / "planted.pth").write_text(f"import os; os.system({command!r})\n")
    (home / ".config" / "uv").mkdir(parents=True)
    (home / ".config" / "uv" / "uv.toml").write_text('index-url = "http://127.0.0.1:9/simple"\n')
    planted = sorted(home.rglob("*"))
    for path in [home, *planted]:
        give_away(path)
    return planted


@pytest.fixture
def hostile_home(tmp_path) -> tuple[dict[str, str], Path, Path]:
    """The environment of a user whose HOME and XDG folders point into a folder another user filled."""
    home, marker, audit = tmp_path / "home", tmp_path / "marker", tmp_path / "audit"
    home.mkdir()
    audit.mkdir()
    _plant_home(home, marker)
    (audit / "sitecustomize.py").write_text(AUDIT)  # audits every Python process started with this PYTHONPATH
    (tmp_path / "tmp").mkdir()
    env = {
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "xdg-cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "TMPDIR": str(tmp_path / "tmp"),
        "PYTHONPATH": str(audit),
        "AUDIT_LOG": str(tmp_path / "audit.log"),
        "AUDIT_WATCHED": str(home),
    }
    return env, home, marker


def _untouched(home: Path, before: list[str], marker: Path, log: Path) -> None:
    assert not marker.exists(), "a planted file was loaded and ran"
    assert tree(home) == before, "something was written to the planted home or cache"
    events = log.read_text() if log.exists() else ""
    assert events == "", f"the run read or wrote under the planted home:\n{events}"


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_framewise_loads_and_writes_nothing_in_a_home_and_cache_another_user_filled(
    tmp_path, hostile_home, framework
) -> None:
    env, home, marker = hostile_home
    before = tree(home)
    result = run_framewise(
        "new-project", "--no-input", "--framework", framework, "-o", tmp_path / "out", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out").is_dir()
    _untouched(home, before, marker, Path(env["AUDIT_LOG"]))
    assert tree(tmp_path / "tmp") == []


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_our_templates_under_plain_cookiecutter_load_nothing_from_that_home(tmp_path, hostile_home, framework) -> None:
    """cookiecutter reads its own config and replay folder from HOME unless told otherwise; our extension and
    hooks add nothing to that: with a private config, nothing under HOME is read or written."""
    env, home, marker = hostile_home
    before = tree(home)
    config = private_cookiecutter_config(tmp_path)
    result = run_cookiecutter(
        "--no-input", "--config-file", config, template(framework), "-o", tmp_path / "out", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    _untouched(home, before, marker, Path(env["AUDIT_LOG"]))


def test_the_audit_sees_a_read_under_the_watched_folder(tmp_path, hostile_home) -> None:
    """The audit above is not blind: a process that reads the planted home is recorded."""
    env, home, _ = hostile_home
    reader = f"import os; open(os.path.expanduser('~/.gitconfig')).read(); os.listdir({str(home)!r})"
    result = run_cookiecutter("--version", cwd=tmp_path, env=env)  # a process with the audit, doing nothing
    assert result.returncode == 0 and Path(env["AUDIT_LOG"]).read_text() == ""
    subprocess.run([sys.executable, "-c", reader], env=clean_env(env), check=True)
    events = Path(env["AUDIT_LOG"]).read_text()
    assert f"open {home / '.gitconfig'}" in events and f"os.listdir {home}" in events


@pytest.mark.parametrize("name", ["json", "framewise_hooks", "re", "pathlib", "secrets", "shutil"])
def test_modules_planted_in_the_temporary_folder_never_run_in_the_hooks(tmp_path, name) -> None:
    """cookiecutter runs each hook as a script in TMPDIR, which Python puts first on sys.path."""
    shared, marker = tmp_path / "shared-tmp", tmp_path / "marker"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: everyone may plant files
    planted = shared / f"{name}.py"
    planted.write_text(f"import os\nos.system('touch {marker}')\n")
    give_away(planted)
    config = private_cookiecutter_config(tmp_path)
    result = run_cookiecutter(
        "--no-input",
        "--config-file",
        config,
        template("flask"),
        "-o",
        tmp_path / "out",
        cwd=tmp_path,
        env={"TMPDIR": str(shared)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert not marker.exists()
    assert (tmp_path / "out" / "my_flask_app" / ".env").is_file()


@pytest.mark.parametrize("where", ["TMPDIR", "HOME", "PWD", "cwd", "output", "relative output"])
def test_environment_and_path_values_holding_template_syntax_are_never_rendered(tmp_path, where) -> None:
    marker = tmp_path / "marker"
    hostile = tmp_path / f"{PATH_PAYLOAD} {{{{ 7*7 }}}}"
    hostile.mkdir()
    (tmp_path / "tmp").mkdir()
    env = {"TMPDIR": str(tmp_path / "tmp"), "FRAMEWISE_MARKER": str(marker)}
    if where in ("TMPDIR", "HOME", "PWD"):
        env[where] = str(hostile)
    cwd = hostile if where == "cwd" else tmp_path
    output = {"output": hostile / "out", "relative output": Path(hostile.name) / "out"}.get(where, Path("out"))
    result = run_framewise("new-project", "--no-input", "--framework", "django", "-o", output, cwd=cwd, env=env)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert (cwd / output / "my_django_project" / "manage.py").is_file()
    assert not any("49" in p.name for p in tmp_path.rglob("*") if ".git" not in p.parts)
    assert [p.name for p in hostile.iterdir()] == (["out"] if where in ("output", "relative output", "cwd") else [])


def _replay_of_a_real_run(tmp_path: Path, framework: str) -> dict[str, object]:
    """The replay file plain cookiecutter writes for a default run of the template."""
    config = private_cookiecutter_config(tmp_path)
    result = run_cookiecutter(
        "--no-input", "--config-file", config, template(framework), "-o", tmp_path / "first", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    shutil.rmtree(tmp_path / "first")
    replay = json.loads((tmp_path / "replay" / f"{framework}.json").read_text())
    assert isinstance(replay, dict)
    return replay


def _replayed(tmp_path: Path, framework: str, replay: dict[str, object]) -> tuple[int, str]:
    path = tmp_path / "crafted" / f"{framework}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(replay))
    config = private_cookiecutter_config(tmp_path)
    out = tmp_path / "work" / "out"
    out.mkdir(parents=True, exist_ok=True)
    result = run_cookiecutter("--config-file", config, "--replay-file", path, template(framework), "-o", out, cwd=out)
    return result.returncode, result.stdout + result.stderr


def _victims(tmp_path: Path) -> Path:
    """Folders and files outside the project, named as the templates' pruned paths are."""
    victim = tmp_path / "victim"
    for relative in (
        ".github/workflows/ci.yml",
        "Dockerfile",
        "migrations/env.py",
        "keep/me.txt",
        "my_flask_app/api.py",
    ):
        (victim / relative).parent.mkdir(parents=True, exist_ok=True)
        (victim / relative).write_text("not yours")
    return victim


@pytest.mark.parametrize(
    "crafted",
    [
        {"_prune_unless": {"use_docker": ["../../../victim/keep", "../../../victim"]}},
        {"_prune_unless": {"use_docker": ["{victim}/keep"]}},
        {"_prune_unless": {"use_docker": ["{project_slug}/../../../../victim"]}},
        {"_prune_unless": {"use_docker": ["../../../victim"]}, "project_slug": "api_app"},
        {"_prune_unless": "../../../victim"},
        {"_prune_unless": {"use_docker": "Dockerfile"}},
        {"_prune_unless": {"no_such_variable": ["../../../victim"]}},
        {"_secrets": ["../../../victim/keep/me.txt", "A=B"]},
        {"_secrets": "SECRET_KEY"},
        {"project_slug": "../../../victim"},
        {"project_slug": ".."},
        {"project_slug": "/tmp"},
        {"project_slug": ["..", "..", "victim"]},
        {"project_slug": 7},
        {"description": ["not", "text"]},
    ],
    ids=lambda crafted: json.dumps(crafted)[:60],
)
def test_a_crafted_replay_file_never_touches_anything_outside_the_project(tmp_path, crafted) -> None:
    replay = _replay_of_a_real_run(tmp_path, "flask")
    victim = _victims(tmp_path)
    before = {path: path.read_bytes() for path in victim.rglob("*") if path.is_file()}
    context = replay["cookiecutter"]
    assert isinstance(context, dict)
    context.update(json.loads(json.dumps(crafted).replace("{victim}", str(victim))))
    code, output = _replayed(tmp_path, "flask", replay)
    assert {path: path.read_bytes() for path in victim.rglob("*") if path.is_file()} == before
    assert code != 0, output[-2000:]
    # Our hook says why in one line and shows no traceback of its own (cookiecutter prints its own).
    assert len([line for line in output.splitlines() if line.startswith("Error: ")]) <= 1, output[-3000:]
    assert 'framewise_hooks.py", line' not in output, output[-3000:]
    assert tree(tmp_path / "work") == ["out"]  # cookiecutter removed the project it had begun
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cookiecutter-config.yaml",
        "crafted",
        "replay",
        "victim",
        "work",
    ]


def test_a_replay_file_holding_template_syntax_is_data(tmp_path) -> None:
    """cookiecutter takes a replay file's values as they are: our hooks and filters never render them."""
    marker = tmp_path / "marker"
    replay = _replay_of_a_real_run(tmp_path, "django")
    context = replay["cookiecutter"]
    assert isinstance(context, dict)
    context.update(description=PAYLOAD.format(marker=marker), author_name=PAYLOAD.format(marker=marker))
    code, output = _replayed(tmp_path, "django", replay)
    assert code == 0, output[-3000:]
    assert not marker.exists()
    assert (
        json.dumps(PAYLOAD.format(marker=marker))
        in (tmp_path / "work/out/my_django_project/pyproject.toml").read_text()
    )


@pytest.mark.parametrize("slug", ["../escape", "..", "{tmp}/escape", "../../b", "{tmp}/a"])
def test_a_slug_that_leaves_the_output_folder_never_writes_a_file_outside_it(tmp_path, slug) -> None:
    """cookiecutter makes the folder the slug names before any hook runs; the pre hook refuses the slug, so no
    file is written, and cookiecutter removes the folder again when it made it."""
    config = private_cookiecutter_config(tmp_path / "config")
    work = tmp_path / "work"
    out = work / "a" / "b"
    out.mkdir(parents=True)
    (work / "a" / "keep.txt").write_text("mine")
    before = tree(work)
    result = run_cookiecutter(
        "--no-input",
        "--config-file",
        config,
        template("django"),
        f"project_slug={slug.format(tmp=work)}",
        "-o",
        out,
        cwd=out,
    )
    assert result.returncode != 0
    assert tree(work) == before
    assert (work / "a" / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("planted", [".github", "Dockerfile", "my_flask_app", "missing-target"])
def test_links_out_of_an_existing_project_stop_cookiecutter_before_it_writes_through_them(tmp_path, planted) -> None:
    """`cookiecutter -f` renders into a folder that exists, writing through links: the pre hook refuses first."""
    victim = _victims(tmp_path)
    before = {path: path.read_bytes() for path in victim.rglob("*") if path.is_file()}
    project = tmp_path / "out" / "my_flask_app"
    project.mkdir(parents=True)
    (project / planted).symlink_to(victim / planted, target_is_directory=planted != "Dockerfile")
    config = private_cookiecutter_config(tmp_path / "config")
    result = run_cookiecutter(
        "--no-input", "-f", "--config-file", config, template("flask"), "-o", tmp_path / "out", cwd=tmp_path
    )
    assert result.returncode != 0
    assert f"Error: {planted} in the existing project folder is a link to {victim / planted}" in result.stderr
    assert {path: path.read_bytes() for path in victim.rglob("*") if path.is_file()} == before
    assert not (victim / "missing-target").exists()
    assert tree(project) == [planted]


def test_links_inside_an_existing_project_are_allowed_and_pruned_links_go_without_their_target(tmp_path) -> None:
    project = tmp_path / "out" / "my_flask_app"
    (project / "notes").mkdir(parents=True)
    (project / "notes" / "keep.txt").write_text("mine")
    (project / ".github").symlink_to(project / "notes", target_is_directory=True)  # ci=none prunes .github
    config = private_cookiecutter_config(tmp_path / "config")
    result = run_cookiecutter(
        "--no-input", "-f", "--config-file", config, template("flask"), "-o", tmp_path / "out", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert not os.path.lexists(project / ".github")
    assert (project / "notes" / "keep.txt").read_text() == "mine"


def test_private_keys_cannot_be_given_to_framewise(tmp_path) -> None:
    """Rules are the template's: no --set or answers file can add pruning, secrets or extensions."""
    victim = _victims(tmp_path)
    for key in ("_prune_unless", "_secrets", "_extensions", "__uses_redis", "_copy_without_render"):
        result = run_framewise(
            "new-project",
            "--no-input",
            "--framework",
            "flask",
            "--set",
            f"{key}=../victim",
            "-o",
            tmp_path / "out",
            cwd=tmp_path,
        )
        assert result.returncode == 2 and one_line_error(result.stderr), result.stderr
        assert f"unknown key '{key}'" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim"] and victim.is_dir()


def test_a_framewise_env_runs_this_checkout() -> None:
    """The helpers above run this checkout's code, not an installed copy."""
    env = framewise_env()
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(Path(__file__).resolve().parents[2])


def test_a_workspace_root_another_user_planted_above_the_output_folder_never_runs(tmp_path) -> None:
    """uv builds a workspace root it finds above the project (running its code, even offline): framewise
    does not lock below a pyproject.toml or uv.toml another user could have written."""
    uv_folder = Path(sys.executable).parent
    if not (uv_folder / "uv").exists():
        unavailable("uv is not installed beside this Python")
    shared, marker = tmp_path / "shared", tmp_path / "marker"
    shared.mkdir()
    shared.chmod(0o1777)
    (shared / "pyproject.toml").write_text(
        '[project]\nname = "planted"\nversion = "0.1"\ndynamic = ["dependencies"]\n'
        '[tool.uv.workspace]\nmembers = ["*/*", "*/*/*"]\n'
        '[build-system]\nrequires = []\nbackend-path = ["."]\nbuild-backend = "planted"\n'
    )
    (shared / "planted.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    give_away(shared / "pyproject.toml", shared / "planted.py")
    env = {
        "PATH": f"{uv_folder}{os.pathsep}{os.environ.get('PATH', '')}",
        "UV_OFFLINE": "1",
        "UV_CACHE_DIR": str(tmp_path / "cache"),
    }
    result = run_framewise(
        "new-project", "--no-input", "--framework", "flask", "-o", shared / "out", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert f"not locked: {shared / 'pyproject.toml'}, above the project, could have been written" in result.stdout
    assert not marker.exists() and not (shared / "uv.lock").exists()


def test_a_local_extensions_module_in_the_working_folder_is_never_imported(tmp_path) -> None:
    """`python -m` puts the working folder first on sys.path; the template's own extension still comes first."""
    marker = tmp_path / "marker"
    (tmp_path / "local_extensions.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    result = run_framewise(
        "new-project", "--no-input", "--no-git", "--no-lock", "--framework", "flask", "-o", "out", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
