"""git as framewise uses it: a repository with a first commit for a new project, the state of a work tree,
and the standard three-way merge of one file."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator import render, trust
from generator.errors import GenerationError


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run a tool to its end, output captured. Stopped by a signal or a timeout, the tool is killed and
    waited for before the exception goes on: nothing it writes can land after the clean-up removed its folder.
    (subprocess.run waits only a moment for a child after Ctrl-C.)"""
    # Started with the stop signals held: one that comes meanwhile lands when they are let go, inside the
    # `try`, so the tool is always killed and waited for. It inherits them held: a stop reaches it as SIGKILL.
    process = None
    try:
        with render.held(render.STOP_SIGNALS):
            process = subprocess.Popen(
                args,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        stdout, stderr = process.communicate(timeout=timeout)
    except BaseException:
        if process is not None:
            process.kill()
            process.wait()
        raise
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


def _git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **trust.git_environment(), **(env or {}), "GIT_TERMINAL_PROMPT": "0"}
    return run(["git", *args], cwd=cwd, env=environment, timeout=120)


def available() -> bool:
    return shutil.which("git") is not None


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding `path`, or None when it is in none (or git is missing)."""
    if not available():
        return None
    folder = path if path.is_dir() else path.parent
    result = _git("rev-parse", "--show-toplevel", cwd=folder)
    return Path(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else None


def init(project: Path, author_name: str, author_email: str) -> str:
    """Make `project` a repository with one first commit; say what was done (never fails the generation)."""
    if not available():
        return "git is not installed: no repository was created"
    enclosing = work_tree(project.parent)
    if enclosing is not None:
        return f"inside the git work tree at {enclosing}: no repository created; commit the project there"
    steps = (("init", "-q"), ("add", "-A"))
    for step in steps:
        result = _git(*step, cwd=project)
        if result.returncode != 0:
            return f"git {step[0]} failed ({result.stderr.strip()[:200]}); the project is complete without it"
    # A machine without a git identity still gets its first commit, made in the project author's name.
    identity = (
        {}
        if _git("config", "user.email", cwd=project).stdout.strip()
        else {
            "GIT_AUTHOR_NAME": author_name,
            "GIT_AUTHOR_EMAIL": author_email,
            "GIT_COMMITTER_NAME": author_name,
            "GIT_COMMITTER_EMAIL": author_email,
        }
    )
    commit = _git("commit", "-q", "--no-verify", "-m", "Initial commit from framewise", cwd=project, env=identity)
    if commit.returncode != 0:
        return f"created a git repository; the first commit failed ({commit.stderr.strip()[:200]}): commit yourself"
    return "created a git repository with one commit"


def uncommitted(project: Path) -> list[str]:
    """Paths under `project` with changes git has not committed (untracked files included)."""
    result = _git("status", "--porcelain", "--untracked-files=all", "--", ".", cwd=project)
    if result.returncode != 0:
        raise GenerationError(f"git status failed in {project}: {result.stderr.strip()[:200]}")
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


def merge(ours: bytes, base: bytes, theirs: bytes, label: str) -> tuple[bytes, int]:
    """git's three-way merge of one file: the merged bytes (with standard conflict markers) and the conflict count."""
    if not available():
        raise GenerationError("merging needs git, which is not installed; install git and run the update again")
    with tempfile.TemporaryDirectory(prefix="framewise-merge-") as folder:
        paths = [Path(folder) / name for name in ("yours", "base", "template")]
        for path, content in zip(paths, (ours, base, theirs), strict=True):
            path.write_bytes(content)
        result = subprocess.run(
            ["git", "merge-file", "-p", "-L", "yours", "-L", "as generated", "-L", label, *map(str, paths)],
            env={**os.environ, **trust.git_environment()},
            capture_output=True,
            timeout=120,
            check=False,
        )
    if result.returncode < 0 or result.returncode > 127:
        raise GenerationError(f"git merge-file failed: {result.stderr.decode(errors='replace').strip()[:200]}")
    return result.stdout, result.returncode
