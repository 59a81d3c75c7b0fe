"""Faults: full disks, read-only folders, signals, and temporary files, with real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import clean_env, unavailable

FRAMEWISE = [sys.executable, "-m", "generator"]


def _framewise(*args: str, tmpdir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FRAMEWISE, *args],
        cwd=cwd,
        env=clean_env({"TMPDIR": str(tmpdir)}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _tree(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


@contextmanager
def _tmpfs(mount: Path, options: str) -> Iterator[Path]:
    """Mount a real tmpfs (root ignores permission bits, so only a real mount proves these faults)."""
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        unavailable(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.fixture
def tiny_disk(tmp_path) -> Iterator[Path]:
    """A 64 KiB file system: far too small for a project."""
    with _tmpfs(tmp_path / "tiny", "size=64k") as mount:
        yield mount


@pytest.fixture
def read_only_dir(tmp_path) -> Iterator[Path]:
    with _tmpfs(tmp_path / "ro", "ro,size=64k") as mount:
        yield mount


def test_a_full_disk_is_one_line_exit_2_and_leaves_nothing(tiny_disk, tmp_path) -> None:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    result = _framewise(
        "new-project", "--no-input", "--framework", "django", "-o", str(tiny_disk), tmpdir=tmpdir, cwd=tmp_path
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip().startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "No space left on device" in result.stderr
    assert _tree(tiny_disk) == [] and _tree(tmpdir) == []


def test_a_read_only_output_dir_is_one_line_exit_2(read_only_dir, tmp_path) -> None:
    result = _framewise(
        "new-project",
        "--no-input",
        "--framework",
        "flask",
        "-o",
        str(read_only_dir / "sub"),
        tmpdir=tmp_path,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"Error: cannot write to {read_only_dir / 'sub'}: Read-only file system"


# Runs the real CLI with one step slowed down, so a test can signal it mid-step.
SLOWED = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    READY = Path(sys.argv[1])
    {patch}
    def slow(*args, **kwargs):
        READY.write_text("ready")
        time.sleep(60)
    sys.argv = ["framewise", *sys.argv[2:]]
    from generator.cli import main
    main()
""")
PATCHES = {
    "rendering": "import cookiecutter.generate as target; name = 'generate_file'",
    "hook": "import framewise_hooks as target; name = 'post_gen'",
}


@pytest.mark.parametrize("step", PATCHES)
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_mid_step_leaves_no_project_and_no_temporary_files(tmp_path, step, signum) -> None:
    out, tmpdir, ready = tmp_path / "out", tmp_path / "tmp", tmp_path / "ready"
    tmpdir.mkdir()
    script = SLOWED.format(patch=PATCHES[step] + "\nsetattr(target, name, lambda *a, **k: slow())")
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            script,
            str(ready),
            "new-project",
            "--no-input",
            "--framework",
            "django",
            "-o",
            str(out),
        ],
        env=clean_env({"TMPDIR": str(tmpdir)}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the slowed step was never reached"
            time.sleep(0.02)
        assert any(".framewise-" in p.name for p in out.iterdir())  # mid-step: staging exists
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()  # never leave a sleeping framewise behind when an assertion fails
        process.wait()
    assert process.returncode != 0
    assert "Traceback" not in stderr
    assert _tree(tmpdir) == []
    assert not out.exists()  # framewise created it, so it is gone again


def test_a_run_leaves_no_temporary_files(tmp_path) -> None:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    for args in (["--framework", "django"], ["--framework", "flask", "--dry-run"]):
        result = _framewise(
            "new-project", "--no-input", *args, "-o", str(tmp_path / "out"), tmpdir=tmpdir, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
    assert _tree(tmpdir) == []
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["my_django_project"]


def test_a_failing_step_names_itself_and_leaves_nothing(tmp_path) -> None:
    failing = PATCHES["hook"] + "\nsetattr(target, name, lambda *a, **k: fail())"
    failing += "\ndef fail():\n    raise target.HookError('cannot write .env')"
    script = SLOWED.format(patch=failing)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(tmp_path / "r"),
            "new-project",
            "--no-input",
            "--framework",
            "flask",
            "-o",
            str(tmp_path / "out"),
        ],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: post-generation of the flask template failed: cannot write .env"
    assert os.listdir(tmp_path) == []
