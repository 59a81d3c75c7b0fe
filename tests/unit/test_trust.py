"""Only configuration no other user could have written steers git and uv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import trust
from tests.helpers import unavailable
from tests.system.processes import give_away


@pytest.fixture
def mine(tmp_path) -> Path:
    """A folder only we can write (pytest's own folder in /tmp is ours, and the sticky /tmp cannot replace it)."""
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o700)
    assert trust.secure(folder)
    return folder


def test_files_only_we_or_root_could_write_are_secure(mine) -> None:
    (mine / "config").write_text("")
    assert trust.secure(mine / "config")
    assert trust.secure(mine / "missing")  # nobody else can put it there either
    (mine / "config").chmod(0o666)
    assert not trust.secure(mine / "config")
    (mine / "config").chmod(0o644)
    (mine / "open").mkdir()
    (mine / "open").chmod(0o1777)  # like /tmp
    assert not trust.secure(mine / "open" / "config")  # missing: anyone may create it
    (mine / "open" / "config").write_text("")
    assert trust.secure(mine / "open" / "config")  # ours, and the sticky bit keeps others from replacing it
    (mine / "open").chmod(0o777)  # without the sticky bit others may rename ours away
    assert not trust.secure(mine / "open" / "config")
    (mine / "link").symlink_to(mine / "open" / "config")
    assert not trust.secure(mine / "link")
    assert not trust.secure(Path("/tmp/framewise-no-such-file"))


def test_a_file_another_user_owns_is_not_secure(mine) -> None:
    (mine / "planted").write_text("")
    give_away(mine / "planted")
    assert not trust.secure(mine / "planted")


def test_git_reads_no_global_configuration_another_user_could_have_written(mine, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(mine))
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    (mine / ".gitconfig").write_text("[user]\n\temail = me@example.com\n")
    assert "GIT_CONFIG_GLOBAL" not in trust.git_environment()
    (mine / ".gitconfig").chmod(0o666)
    assert trust.git_environment()["GIT_CONFIG_GLOBAL"] == os.devnull
    monkeypatch.setenv("HOME", "/tmp")
    assert trust.git_environment()["GIT_CONFIG_GLOBAL"] == os.devnull


def test_uv_gets_no_configuration_or_cache_another_user_could_have_written(mine, monkeypatch) -> None:
    project = mine / "out" / "blog"
    project.mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(mine / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(mine / "cache"))
    monkeypatch.delenv("UV_CACHE_DIR", raising=False)
    assert trust.uv_lock_arguments(project) == ["--no-config"]
    (mine / "config" / "uv").mkdir(parents=True)
    (mine / "config" / "uv" / "uv.toml").write_text('index-url = "https://mirror.example/simple"\n')
    assert trust.uv_lock_arguments(project) == ["--config-file", str(mine / "config" / "uv" / "uv.toml")]
    (mine / "config" / "uv" / "uv.toml").chmod(0o666)
    monkeypatch.setenv("XDG_CACHE_HOME", "/tmp")
    assert trust.uv_lock_arguments(project) == ["--no-config", "--no-cache"]


@pytest.mark.parametrize("name", ["pyproject.toml", "uv.toml"])
def test_uv_is_not_run_below_a_configuration_another_user_planted(tmp_path, name) -> None:
    project = tmp_path / "shared" / "out" / "blog"
    project.mkdir(parents=True)
    (tmp_path / "shared" / name).write_text("")
    give_away(tmp_path / "shared" / name)
    reason = trust.uv_lock_arguments(project)
    planted = tmp_path / "shared" / name
    assert reason == f"{planted}, above the project, could have been written by another user and would steer uv"


def test_uv_lock_with_a_planted_workspace_root_above_would_run_its_build_backend(tmp_path) -> None:
    """Why a planted pyproject.toml above the project is refused: plain `uv lock` builds it, running its code,
    even offline and with --no-config."""
    uv = shutil.which("uv", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if uv is None:
        unavailable("uv is not installed here")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "planted"\nversion = "0.1"\ndynamic = ["dependencies"]\n'
        '[tool.uv.workspace]\nmembers = ["*/*"]\n'
        '[build-system]\nrequires = []\nbackend-path = ["."]\nbuild-backend = "planted"\n'
    )
    (tmp_path / "planted.py").write_text(f"open({str(tmp_path / 'marker')!r}, 'w').close()\n")
    project = tmp_path / "out" / "blog"
    project.mkdir(parents=True)
    (project / "pyproject.toml").write_text('[project]\nname = "blog"\nversion = "0.1"\nrequires-python = ">=3.11"\n')
    subprocess.run(
        [uv, "lock", "--offline", "--no-config", "--quiet"],
        cwd=project,
        env={**os.environ, "UV_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert (tmp_path / "marker").exists()
    assert isinstance(trust.uv_lock_arguments(project), list)  # ours: allowed; another user's is refused above
