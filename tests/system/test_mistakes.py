"""Every user mistake is one line on stderr, exit code 2, and nothing written: real processes, real limits."""

from __future__ import annotations

import errno
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.system.processes import FRAMEWISE, as_other_user, framewise_env, one_line_error, run_framewise, tree

NEW = ("new-project", "--no-input", "--no-git", "--no-lock")


def _refused(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, f"exit {result.returncode}: {result.stderr[-2000:]}"
    assert one_line_error(result.stderr), result.stderr[-2000:]
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.fixture
def folder(tmp_path) -> Path:
    """A working folder whose every entry after the run is checked: a refused run writes nothing."""
    (tmp_path / "work").mkdir()
    return tmp_path / "work"


@pytest.mark.parametrize(
    ("name", "content", "fragments"),
    [
        ("a.yaml", "version: 2024-02-30\n", ["version '2024-02-30' is not a PEP 440 version"]),
        ("a.yaml", "project_slug: 99999999999999999999999\n", ["is not a lower-case Python identifier"]),
        ("a.yaml", "project_name: 1e999\n", ["project_slug '1e999' is not a lower-case Python identifier"]),
        ("a.yaml", "timezone: !!python/object/apply:os.system ['touch {marker}']\n", ["not a list or mapping"]),
        ("a.yaml", "use_drf: !!binary eWVz\n", ["invalid value for 'use_drf'"]),
        ("a.yaml", "use_drf: !!bool yes\nuse_celery: 2024-02-30\n", ["invalid value for 'use_celery'"]),
        ("a.yaml", "project_name: " + "[" * 20000 + "]" * 20000 + "\n", ["answers file"]),
        ("a.yaml", 'project_name: "a\\0b"\n', ["control character"]),
        ("a.yaml", 'project_name: "a\\u202eb"\n', ["(U+202E)"]),
        ("a.yaml", "a: &x [*x]\n", ["not valid YAML"]),
        ("a.yaml", "project_name: x\nproject_name: [1]\n", ["not a list or mapping"]),
        ("a.json", '{"project_name": NaN}', ["NaN is not a JSON value"]),
        ("a.json", '{"version": 1e999}', ["version '1e999' is not a PEP 440 version"]),
        ("a.json", '{"project_name": "' + "x" * 300 + '"}', ["project_name is longer than 200 characters"]),
        ("a.json", '{"project_name": ' + "[" * 20000 + "]" * 20000 + "}", ["nested too deeply"]),
        ("a.yaml", b"project_name: \xff\xfe\n", ["is not UTF-8 text"]),
    ],
    ids=lambda value: str(value)[:40],
)
def test_awkward_answers_files_are_one_line_and_write_nothing(folder, name, content, fragments) -> None:
    marker = folder.parent / "marker"
    answers = folder.parent / name
    if isinstance(content, bytes):
        answers.write_bytes(content)
    else:
        answers.write_text(content.replace("{marker}", str(marker)), encoding="utf-8")
    result = run_framewise(*NEW, "--framework", "django", "--answers", answers, "-o", "out", cwd=folder)
    _refused(result, *fragments)
    assert tree(folder) == [] and not marker.exists()


def test_a_time_zone_naming_a_folder_is_refused_given_and_asked_again_at_a_prompt(folder) -> None:
    _refused(
        run_framewise(*NEW, "--framework", "django", "--set", "timezone=Europe", cwd=folder),
        "timezone 'Europe' is not an IANA time zone",
    )
    answers = ["", "", "", "", "", "", "Europe", "America", "Europe/Paris", *[""] * 30]  # Enter for the rest
    output, code = _on_a_terminal(
        ["new-project", "--framework", "django", "--no-git", "--no-lock", "-o", "out"], answers, folder
    )
    assert code == 0, output
    assert "Error: timezone 'Europe' is not an IANA time zone" in output
    assert "Error: timezone 'America' is not an IANA time zone" in output
    settings = (folder / "out" / "my_django_project" / "config" / "settings" / "base.py").read_text()
    assert 'TIME_ZONE = "Europe/Paris"' in settings


def _on_a_terminal(args: list[str], lines: list[str], cwd: Path) -> tuple[str, int]:
    """Run the CLI on a real pseudo-terminal, typing `lines` ahead; return what the terminal showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [*FRAMEWISE, *args], cwd=cwd, env=framewise_env(), stdin=terminal, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    os.write(controller, "".join(f"{line}\n" for line in lines).encode())
    shown, deadline = b"", time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(controller, 65536)
                except OSError as error:  # the terminal closed: the process has ended
                    if error.errno != errno.EIO:
                        raise
                    break
                if not chunk:
                    break
                shown += chunk
            elif process.poll() is not None:
                break
        process.wait(timeout=60)
    finally:
        process.kill()
        process.wait()
        os.close(controller)
    return shown.decode(errors="replace"), process.returncode


@pytest.mark.parametrize("where", ["a name too long", "a path too long", "a file on the way"])
def test_output_paths_the_file_system_refuses_are_one_line(folder, where) -> None:
    output = {
        "a name too long": Path("x" * 300),
        "a path too long": Path(*["y" * 200] * 25),
        "a file on the way": Path("file") / "out",
    }[where]
    if where == "a file on the way":
        (folder / "file").write_text("mine")
    result = run_framewise(*NEW, "--framework", "django", "-o", output, cwd=folder)
    _refused(result, "Error: ")
    assert "File name too long" in result.stderr or "Not a directory" in result.stderr
    assert tree(folder) == ([] if where != "a file on the way" else ["file"])


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder another user can reach (pytest's own temporary folders are private to us)."""
    folder = Path(tempfile.mkdtemp(prefix="framewise-test-shared-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize(
    ("what", "said"),
    [
        ("output folder", "is not readable"),
        ("output folder's parent", "Permission denied"),
        ("answers file", "Permission denied"),
    ],
)
def test_a_folder_without_search_permission_is_one_line_for_a_user_who_lacks_it(shared, what, said) -> None:
    """Run as `nobody` (root may search anything), or as ourselves where we are not root."""
    locked = shared / "locked"
    (locked / "inner").mkdir(parents=True)
    (locked / "answers.yaml").write_text("size: large\n")
    target = {"output folder": locked, "output folder's parent": locked / "inner" / "x"}.get(what)
    args = [*NEW, "--framework", "flask"]
    args += ["--answers", str(locked / "answers.yaml")] if what == "answers file" else ["-o", str(target)]
    (shared / "work").mkdir()
    if os.geteuid() == 0:
        locked.chmod(0o700)  # root's: nobody may not search it
        (shared / "work").chmod(0o777)
        command, env = as_other_user([*FRAMEWISE, *args])
    else:
        locked.chmod(0o000)
        command, env = [*FRAMEWISE, *args], framewise_env()
    result = subprocess.run(command, cwd=shared / "work", env=env, capture_output=True, text=True, timeout=180)
    _refused(result, said)
    assert tree(shared / "work") == []


def test_a_deleted_working_folder_is_one_line(tmp_path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    for output in ([], ["-o", str(tmp_path / "out")]):
        process = subprocess.Popen(
            [*FRAMEWISE, *NEW, "--framework", "django", *output],
            cwd=gone,
            env=framewise_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: os.rmdir(gone),  # gone before framewise starts
        )
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 2 and one_line_error(stderr), stderr
        assert "the current folder no longer exists" in stderr
        gone.mkdir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gone"]


def test_a_full_stdout_is_one_line_before_anything_is_written(folder) -> None:
    with open(os.devnull, "w") as devnull:
        fine = run_framewise("--version", cwd=folder, stdout=devnull, stderr=subprocess.PIPE)
    assert fine.returncode == 0
    with open("/dev/full", "w") as full:
        for args in ([*NEW, "--framework", "django", "-o", "out"], ["--help"], ["templates"]):
            result = run_framewise(*args, cwd=folder, stdout=full, stderr=subprocess.PIPE)
            _refused(result, "cannot write to standard output: No space left on device")
    assert tree(folder) == []


def test_closing_stdout_is_refused_too(folder) -> None:
    """`>&-` leaves descriptor 1 closed: Python then has no sys.stdout at all."""
    code = f"import os, subprocess, sys; os.close(1); sys.exit(subprocess.call({[*FRAMEWISE, *NEW]!r} + sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", code, "--framework", "django", "-o", "out"],
        cwd=folder,
        env=framewise_env(),
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    _refused(result, "standard output is closed")
    assert tree(folder) == []


def test_closed_stdin_and_answers_from_stdin(folder) -> None:
    code = f"import os, subprocess, sys; os.close(0); sys.exit(subprocess.call({FRAMEWISE!r} + sys.argv[1:]))"

    def with_stdin_closed(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=folder,
            env=framewise_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    _refused(with_stdin_closed("new-project", "--framework", "django"), "standard input is not a terminal")
    from_closed = with_stdin_closed(*NEW, "--framework", "django", "--answers", "/dev/stdin")
    _refused(from_closed, "cannot read answers file /dev/stdin")
    assert tree(folder) == []
    piped = run_framewise(
        *NEW, "--framework", "django", "--answers", "/dev/stdin", "-o", "out", cwd=folder, input="project_name: Piped\n"
    )
    assert piped.returncode == 0, piped.stderr
    assert (folder / "out" / "piped" / "manage.py").is_file()


def test_answers_from_a_fifo_are_read_like_a_file(folder) -> None:
    fifo = folder.parent / "answers.fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"printf 'project_name: Piped Fifo\\n' > {fifo}"])
    result = run_framewise(*NEW, "--framework", "flask", "--answers", fifo, "-o", "out", cwd=folder)
    writer.wait(timeout=60)
    assert result.returncode == 0, result.stderr
    assert (folder / "out" / "piped_fifo").is_dir()


def test_very_long_values_and_keys_are_one_line(folder) -> None:
    for setting in ("project_name=" + "x" * 100_000, "x" * 10_000 + "=1", "version=" + "1." * 5000 + "1"):
        result = run_framewise(*NEW, "--framework", "django", "--set", setting, cwd=folder)
        _refused(result)
    assert tree(folder) == []


def test_line_breaks_and_bidirectional_controls_in_what_is_quoted_back_are_escaped(folder) -> None:
    """A message quotes what the user gave; a line break or U+202E in it must not split or reorder the line."""
    answers = folder.parent / "a.json"
    answers.write_text('{"evil\\nkey\\u202e": 1}')
    given = (["--set", "bad\nkey=1"], ["--answers", str(answers)], ["--framework", "dj\u202eango"])
    for args in given:
        framework = [] if args[0] == "--framework" else ["--framework", "django"]
        result = run_framewise(*NEW, *framework, *args, cwd=folder)
        _refused(result)
        assert "\u202e" not in result.stderr
    assert "unknown key 'bad\\nkey'" in run_framewise(*NEW, "--set", "bad\nkey=1", cwd=folder).stderr
    assert tree(folder) == []
