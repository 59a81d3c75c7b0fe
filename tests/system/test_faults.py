"""Faults: full disks, read-only folders, signals, and temporary files, with real processes."""

from __future__ import annotations

import contextlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import unavailable
from tests.system.processes import FRAMEWISE, framewise_env, one_line_error, run_framewise
from tests.system.processes import tree as _tree


def _framewise(*args: str, tmpdir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_framewise(*args, cwd=cwd, env={"TMPDIR": str(tmpdir)}, timeout=120)


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
    "first commit": "import generator.vcs as target; name = 'init'",
}
ENDING = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGALRM, signal.SIGUSR1, signal.SIGXCPU]


@pytest.mark.parametrize("step", PATCHES)
@pytest.mark.parametrize("signum", ENDING, ids=lambda signum: signal.Signals(signum).name)
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
        env=framewise_env({"TMPDIR": str(tmpdir)}),
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
        env=framewise_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: post-generation of the flask template failed: cannot write .env"
    assert os.listdir(tmp_path) == []


def _env_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob(".env") if path.is_file()]


class _Reference:
    """What a whole project holds, from one undisturbed run, and how long a run takes here."""

    def __init__(self, tmp_path: Path) -> None:
        started = time.monotonic()
        run_framewise("--version", cwd=tmp_path)
        self.startup = time.monotonic() - started
        started = time.monotonic()
        result = run_framewise(*ARGS, "-o", tmp_path / "reference", cwd=tmp_path, env={"TMPDIR": str(tmp_path)})
        self.seconds = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        self.files = _files(tmp_path / "reference" / "my_django_project")
        shutil.rmtree(tmp_path / "reference")


ARGS = ("new-project", "--no-input", "--no-lock", "--framework", "django")


def _files(project: Path) -> list[str]:
    return sorted(str(p.relative_to(project)) for p in project.rglob("*") if ".git" not in p.parts)


def _start(out: Path, tmpdir: Path, cwd: Path) -> subprocess.Popen[str]:
    # A session of its own, so a signal to its group reaches framewise and git as Ctrl-C on a terminal would.
    return subprocess.Popen(
        [*FRAMEWISE, *ARGS, "-o", str(out)],
        cwd=cwd,
        env=framewise_env({"TMPDIR": str(tmpdir)}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _whole_or_nothing(out: Path, reference: _Reference, returncode: int, stderr: str) -> str:
    """A run ends with the whole project (whatever its exit code: the signal may come after it was placed)
    or with nothing at all; say which."""
    project = out / "my_django_project"
    if project.exists():
        assert _files(project) == reference.files, f"a partial project (exit {returncode}): {stderr[-2000:]}"
        assert [p.name for p in out.iterdir()] == ["my_django_project"], "staging left beside the project"
        return "whole"
    assert returncode != 0
    assert not out.exists(), f"left behind: {_tree(out)}"
    return "nothing"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signals", "group"),
    [
        ((signal.SIGINT,), True),
        ((signal.SIGINT, signal.SIGINT), True),  # a second Ctrl-C while the first one's clean-up runs
        ((signal.SIGTERM,), False),
        ((signal.SIGTERM, signal.SIGHUP), False),
        ((signal.SIGHUP,), False),
        ((signal.SIGQUIT,), False),
    ],
    ids=["SIGINT", "SIGINT twice", "SIGTERM", "SIGTERM then SIGHUP", "SIGHUP", "SIGQUIT"],
)
def test_a_signal_at_any_moment_leaves_the_whole_project_or_nothing(tmp_path, signals, group) -> None:
    """Real signals at random moments of real runs (not a slowed step): no partial project, no staging folder,
    no temporary folder and no .env with a live secret outside a whole project, ever."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    reference = _Reference(tmp_path)
    chance = random.Random(int(os.environ.get("FRAMEWISE_SIGNAL_SEED", time.time_ns())))
    outcomes = []
    for attempt in range(int(os.environ.get("FRAMEWISE_SIGNAL_RUNS", "8"))):
        out = tmp_path / f"out{attempt}"
        process = _start(out, tmpdir, tmp_path)
        try:
            time.sleep(chance.uniform(reference.startup, reference.seconds * 1.1))  # mostly while it writes
            for signum in signals:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signum) if group else process.send_signal(signum)
                time.sleep(chance.uniform(0, 0.05))
            _, stderr = process.communicate(timeout=120)
        finally:
            process.kill()
            process.wait()
        # Exit 1 ('Aborted!') when the run handled the signal while writing; minus the signal when it came
        # before or after (the default action ends the process then).
        outcomes.append(f"{_whole_or_nothing(out, reference, process.returncode, stderr)} {process.returncode}")
        assert _tree(tmpdir) == [], f"attempt {attempt}: temporary files left"
        assert not any(".framewise-" in p.name for p in tmp_path.rglob("*"))
        whole = [tmp_path / f"out{i}" / "my_django_project" / ".env" for i, o in enumerate(outcomes) if "whole" in o]
        assert sorted(_env_files(tmp_path)) == sorted(whole)
    print(f"{signals} after {reference.startup:.2f}-{reference.seconds:.2f}s: {outcomes}")  # with -s: how they fell


@pytest.mark.slow
def test_the_run_after_a_killed_one_removes_all_it_left_wherever_it_was(tmp_path) -> None:
    """SIGKILL cannot be handled; the next run, into any output folder, finds and removes the debris
    (staging folder with its .env, holder, output folders it made) through the holder in TMPDIR."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    reference = _Reference(tmp_path)
    chance = random.Random(int(os.environ.get("FRAMEWISE_SIGNAL_SEED", time.time_ns())))
    left_something = 0
    for attempt in range(int(os.environ.get("FRAMEWISE_SIGNAL_RUNS", "8"))):
        out = tmp_path / f"killed{attempt}" / "deeper"
        process = _start(out, tmpdir, tmp_path)
        time.sleep(chance.uniform(reference.startup / 2, reference.seconds))
        process.kill()
        process.communicate()
        if out.exists() and not (out / "my_django_project").exists():
            left_something += 1
        after = run_framewise(*ARGS, "-o", tmp_path / "next" / str(attempt), cwd=tmp_path, env={"TMPDIR": str(tmpdir)})
        assert after.returncode == 0, after.stderr
        placed = (out / "my_django_project").exists()
        if placed:  # killed after the project was placed: it is whole
            assert _files(out / "my_django_project") == reference.files
        else:
            assert not (tmp_path / f"killed{attempt}").exists(), _tree(tmp_path / f"killed{attempt}")
        assert [p.name for p in tmpdir.iterdir()] == []
        allowed = {out / "my_django_project" / ".env"} if placed else set()
        allowed |= {p for p in _env_files(tmp_path / "next")}
        allowed |= {tmp_path / f"killed{i}" / "deeper" / "my_django_project" / ".env" for i in range(attempt)}
        assert set(_env_files(tmp_path)) <= allowed, "a .env outside any whole project survived"
    print(f"debris left by {left_something} of the killed runs, all removed by the next")


# Runs the CLI with one step replaced, to make a run fail or wait at a chosen point.
SCRIPTED = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import framewise_hooks
    HERE = Path(sys.argv[1])
    real = framewise_hooks.post_gen
    def post_gen(values, project):
        real(values, project)
        (HERE / "ready").write_text("")
        while not (HERE / "go").exists():
            time.sleep(0.02)
        if (HERE / "fail").exists():
            raise framewise_hooks.HookError("failed on purpose")
    framewise_hooks.post_gen = post_gen
    sys.argv = ["framewise", *sys.argv[2:]]
    from generator.cli import main
    main()
""")


def _scripted(tmp_path: Path, *args: str, cwd: Path, fail: bool, meanwhile: Callable[[], None]) -> tuple[int, str]:
    control = tmp_path / "control"
    control.mkdir()
    if fail:
        (control / "fail").write_text("")
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPTED, str(control), "new-project", "--no-input", "--no-git", *args],
        cwd=cwd,
        env=framewise_env({"TMPDIR": str(tmp_path / "tmp")}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (control / "ready").exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the scripted step was never reached"
            time.sleep(0.02)
        meanwhile()
        (control / "go").write_text("")
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
        process.wait()
    shutil.rmtree(control)
    return process.returncode, stderr


@pytest.fixture
def scratch(tmp_path) -> Path:
    (tmp_path / "tmp").mkdir()
    return tmp_path


def test_a_failed_run_through_a_dotdot_output_path_keeps_what_was_there(scratch) -> None:
    (scratch / "keep_me").mkdir()
    (scratch / "keep_me" / "notes.txt").write_text("mine")
    code, stderr = _scripted(
        scratch, "--framework", "flask", "-o", "fresh/../keep_me", cwd=scratch, fail=True, meanwhile=lambda: None
    )
    assert code == 1 and stderr.strip() == "Error: post-generation of the flask template failed: failed on purpose"
    assert sorted(p.name for p in scratch.iterdir()) == ["keep_me", "tmp"]
    assert _tree(scratch / "keep_me") == ["notes.txt"] and _tree(scratch / "tmp") == []


def test_a_failed_run_through_a_linked_output_folder_removes_only_the_folders_it_made(scratch) -> None:
    (scratch / "real").mkdir()
    (scratch / "link").symlink_to(scratch / "real", target_is_directory=True)
    code, _ = _scripted(
        scratch, "--framework", "flask", "-o", "link/new/deeper", cwd=scratch, fail=True, meanwhile=lambda: None
    )
    assert code == 1
    assert (scratch / "link").is_symlink() and _tree(scratch / "real") == [] and _tree(scratch / "tmp") == []


def test_an_output_folder_this_run_made_and_someone_filled_meanwhile_is_kept_with_their_file(scratch) -> None:
    out = scratch / "made" / "by" / "run"

    def someone_writes() -> None:
        (scratch / "made" / "theirs.txt").write_text("not the run's")

    args = ("--framework", "django", "-o", str(out))
    code, _ = _scripted(scratch, *args, cwd=scratch, fail=True, meanwhile=someone_writes)
    assert code == 1
    assert _tree(scratch / "made") == ["theirs.txt"]  # 'by/run' (the run's, empty) went; their file stayed


def test_a_target_that_appears_at_the_last_moment_is_never_replaced(scratch) -> None:
    out = scratch / "out"

    def someone_creates_the_target() -> None:
        (out / "my_django_project").mkdir()
        (out / "my_django_project" / "theirs.txt").write_text("theirs")

    code, stderr = _scripted(
        scratch, "--framework", "django", "-o", str(out), cwd=scratch, fail=False, meanwhile=someone_creates_the_target
    )
    assert code == 2
    assert stderr.strip() == f"Error: {out / 'my_django_project'} appeared while the project was being generated"
    assert _tree(out) == ["my_django_project", "my_django_project/theirs.txt"]
    assert _tree(scratch / "tmp") == []


def test_a_file_size_limit_is_one_line_and_leaves_nothing(tmp_path) -> None:
    """Over RLIMIT_FSIZE the kernel sends SIGXFSZ, which Python ignores: the write fails, as on a full disk."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    limit = 4096  # bytes: far less than the project's largest file

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [*FRAMEWISE, *ARGS, "--no-git", "-o", str(tmp_path / "out")],
        cwd=tmp_path,
        env=framewise_env({"TMPDIR": str(tmpdir), "PYTHONDONTWRITEBYTECODE": "1"}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=limited,  # the limit must hold in the child only
    )
    assert result.returncode == 2 and one_line_error(result.stderr), result.stderr
    assert "File too large" in result.stderr
    assert not (tmp_path / "out").exists() and _tree(tmpdir) == []
