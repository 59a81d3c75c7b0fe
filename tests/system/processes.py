"""Real processes for the hostile-input and fault tests: framewise, plain cookiecutter, and another user."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from tests.helpers import ROOT, TEMPLATES, clean_env

FRAMEWISE = [sys.executable, "-m", "generator"]
COOKIECUTTER = [sys.executable, "-m", "cookiecutter"]


def framewise_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A fresh shell's environment in which `python -m generator` runs this checkout's code.

    Without PYTHONPATH a subprocess would import whatever framewise the environment has installed.
    """
    path = os.pathsep.join([str(ROOT), str(ROOT / "hooks"), *(extra or {}).get("PYTHONPATH", "").split(os.pathsep)])
    return clean_env({**(extra or {}), "PYTHONPATH": path.rstrip(os.pathsep)})


def run_framewise(
    *args: str | os.PathLike[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 180,
    **kwargs: object,
) -> subprocess.CompletedProcess[str]:
    """Run the framewise CLI in a real process; never fail on its exit code (the test looks at it).

    Output is captured unless `stdout` or `stderr` is given (a closed or full stream, say).
    """
    if "stdout" not in kwargs and "stderr" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [*FRAMEWISE, *map(str, args)],
        cwd=cwd,
        env=framewise_env(env),
        text=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )


def private_cookiecutter_config(folder: Path) -> Path:
    """A cookiecutter config that keeps its replay and clone folders in `folder`, away from the user's home."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "cookiecutter-config.yaml"
    config.write_text(
        f"cookiecutters_dir: {folder / 'cookiecutters'}\nreplay_dir: {folder / 'replay'}\n", encoding="utf-8"
    )
    return config


def run_cookiecutter(
    *args: str | os.PathLike[str], cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run plain cookiecutter on our templates in a real process, as a user without framewise would.

    cookiecutter appends the template's folder to sys.path to import its local_extensions; an editable
    install of framewise puts another checkout's hooks/ before it. PYTHONPATH puts this checkout's first.
    """
    path = os.pathsep.join(filter(None, [(env or {}).get("PYTHONPATH", ""), str(ROOT / "hooks")]))
    return subprocess.run(
        [*COOKIECUTTER, *map(str, args)],
        cwd=cwd,
        env=clean_env({**(env or {}), "PYTHONPATH": path}),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def template(framework: str) -> Path:
    return TEMPLATES / framework


def tree(directory: Path) -> list[str]:
    """Every path under `directory`, relative and sorted; links are listed, never followed."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


def one_line_error(stderr: str) -> bool:
    lines = stderr.strip().splitlines()
    return len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in stderr


def other_user() -> tuple[int, int]:
    """The uid and gid of `nobody`, a user who is not us; skip where no second account can be used."""
    import pwd

    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("this machine has no 'nobody' account")
    if os.geteuid() != 0 and not shutil.which("sudo"):
        pytest.skip("acting as a second user needs root or sudo")
    return entry.pw_uid, entry.pw_gid


def give_away(*paths: Path) -> None:
    """Make `paths` belong to another user, as files planted by someone else would (root only)."""
    uid, gid = other_user()
    if os.geteuid() != 0:
        pytest.skip("only root can give files to another user")
    for path in paths:
        os.chown(path, uid, gid, follow_symlinks=False)


def as_other_user(args: Sequence[str]) -> list[str]:
    """`args` run as `nobody`, with an interpreter that user may run and this checkout's code importable."""
    uid, gid = other_user()
    python = _interpreter_for_others()
    site = [p for p in sys.path if p.endswith("site-packages")]
    path = os.pathsep.join([str(ROOT), str(ROOT / "hooks"), *site])
    command = [python if arg == sys.executable else arg for arg in args]
    env = ["env", "-i", f"PATH={os.environ.get('PATH', '')}", "HOME=/nonexistent", f"PYTHONPATH={path}"]
    if os.geteuid() == 0:
        return ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", *env, *command]
    return ["sudo", "-n", "-u", "nobody", *env, *command]


def _interpreter_for_others() -> str:
    """This interpreter when another user may run it, else the same Python version installed for everyone."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        if _runs_as_nobody(candidate):
            return candidate
    pytest.skip(f"no {version} that the 'nobody' user may run")


def _runs_as_nobody(python: str) -> bool:
    uid, gid = other_user()
    runner = (
        ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups"]
        if os.geteuid() == 0
        else ["sudo", "-n", "-u", "nobody"]
    )
    try:
        probe = subprocess.run([*runner, python, "-c", "pass"], capture_output=True, timeout=30, check=False)
    except OSError:
        return False
    return probe.returncode == 0
