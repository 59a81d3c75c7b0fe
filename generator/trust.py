"""Which configuration may steer the tools framewise runs (git, uv): only what no other user could write.

The rule is OpenSSH's for its own files: a file is trusted when it, and every folder above it, belongs
to this user or root and no one else may write to it. A git or uv configuration planted by another
user (a HOME or XDG folder in /tmp, a pyproject.toml in /tmp above the project) could otherwise run
commands as this user: git runs core.fsmonitor and hooks from its configuration, and uv builds
whatever workspace root or package index a uv.toml or pyproject.toml above the project names.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def secure(path: Path) -> bool:
    """Whether only this user or root can have written `path`, or can still put it there.

    Every existing part of the path (as given, and with links resolved) must belong to this user or
    root. A folder others may write to is allowed only with the sticky bit, as /tmp has, and only on the
    way to an entry that exists and is ours: others cannot replace that, but could create a missing one.
    """
    absolute = Path(os.path.abspath(path))
    try:
        resolved = absolute.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python < 3.13)
        return False
    return _secure_chain(absolute) and _secure_chain(resolved)


def _secure_chain(path: Path) -> bool:
    below_exists = True  # whether the part of the path below the current folder exists
    for index, current in enumerate([path, *path.parents]):
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            below_exists = False
            continue
        except OSError:
            return False
        if info.st_uid not in (0, os.geteuid()):
            return False
        shared = not stat.S_ISLNK(info.st_mode) and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        if shared and (index == 0 or not below_exists or not info.st_mode & stat.S_ISVTX):
            return False
        below_exists = True
    return True


def _config_home() -> Path:
    configured = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(configured) if os.path.isabs(configured) else Path(os.path.expanduser("~")) / ".config"


def git_environment() -> dict[str, str]:
    """What to add to git's environment so that it reads no configuration another user could have written."""
    configured = os.environ.get("GIT_CONFIG_GLOBAL")
    home = Path(os.path.expanduser("~"))
    personal = [Path(configured)] if configured else [home / ".gitconfig", _config_home() / "git" / "config"]
    system = Path(os.environ.get("GIT_CONFIG_SYSTEM") or "/etc/gitconfig")
    env = {}
    if not all(secure(path) for path in personal):
        env["GIT_CONFIG_GLOBAL"] = os.devnull
    if not secure(system):
        env["GIT_CONFIG_NOSYSTEM"] = "1"
    return env


def uv_lock_arguments(project: Path) -> list[str] | str:
    """The options for `uv lock` in `project` that keep untrusted configuration out, or why not to run it.

    uv reads a uv.toml or pyproject.toml from every folder above the project (and builds a workspace
    root it finds there), a user configuration and a cache: a planted one of any of them is refused.
    """
    for folder in project.parents:
        for name in ("pyproject.toml", "uv.toml"):
            found = folder / name
            if os.path.lexists(found) and not secure(found):
                return f"{found}, above the project, could have been written by another user and would steer uv"
    user_config = _config_home() / "uv" / "uv.toml"
    arguments = ["--config-file", str(user_config)] if user_config.is_file() and secure(user_config) else []
    arguments = arguments or ["--no-config"]
    cache = os.environ.get("UV_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    if not secure(Path(cache)):
        arguments.append("--no-cache")
    return arguments
