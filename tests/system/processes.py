"""Real processes for the hostile-input and fault tests: framewise, plain cookiecutter, and another user."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.helpers import ROOT, TEMPLATES, clean_env, unavailable

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
    *args: str | os.PathLike[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 180,
    input: str | None = None,  # subprocess.run's own name
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
        input=input,
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
    """The uid and gid of `nobody`, a user who is not us; skip unless we are root and may become them."""
    import pwd

    if os.geteuid() != 0:
        unavailable("acting as a second user needs root")
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        unavailable("this machine has no 'nobody' account")
    return entry.pw_uid, entry.pw_gid


def give_away(*paths: Path) -> None:
    """Make `paths` belong to another user, as files planted by someone else would."""
    uid, gid = other_user()
    for path in paths:
        os.chown(path, uid, gid, follow_symlinks=False)


def as_other_user(args: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """`args` as a command run by `nobody`, and its environment: this checkout's code importable."""
    uid, gid = other_user()
    become = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups"]
    python = _interpreter_for(become)
    site = [p for p in sys.path if p.endswith("site-packages")]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": "/nonexistent",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "hooks"), *site]),
    }
    return [*become, *(python if arg == sys.executable else arg for arg in args)], env


def _interpreter_for(become: list[str]) -> str:
    """This interpreter when the other user can run it, else the same Python version installed for everyone."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        try:  # a module from the standard library's folder: 3.11 starts from frozen modules without reading it
            probe = subprocess.run([*become, candidate, "-c", "import json"], capture_output=True, timeout=30)
        except OSError:
            continue
        if probe.returncode == 0:
            return candidate
    unavailable(f"no {version} that the other user may run")
