"""Rendering a template atomically: staged beside the target, placed only when every step succeeded.

Only what this run created is ever removed; a run stopped by any signal cleans up, and debris of a
run that was killed outright (SIGKILL, power loss) is recognised and removed by the next run.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import framewise_hooks as rules
from generator.catalog import Template
from generator.errors import GenerationError, OutputError, TargetExistsError

# Signals that end a run the way Ctrl-C does, so its clean-up runs.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name))
# Folders a run makes: '.<slug>.<host>.<pid>.framewise-<random>' beside the target, and
# 'framewise-<host>.<pid>-<random>' in the temporary folder; host and pid tell whose they are.
_HOST = f"{zlib.crc32(socket.gethostname().encode()):08x}"
_STAGING = re.compile(r"^\.[a-z0-9_]+\.(?P<host>[0-9a-f]{8})\.(?P<pid>\d+)\.framewise-[a-z0-9_]+$")
_HOLDER = re.compile(r"^framewise-(?P<host>[0-9a-f]{8})\.(?P<pid>\d+)-[a-z0-9_]+$")
_JINJA_MARKERS = (b"{{", b"{%", b"{#")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def stoppable() -> Iterator[None]:
    """While writing, let a hang-up, SIGTERM or SIGQUIT stop the run like Ctrl-C, so its clean-up runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _interrupt) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold back signals while cleaning up: a second Ctrl-C arrives after the clean-up, not inside it."""
    held = {signal.SIGINT, *STOP_SIGNALS}
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def template_importable(template: Template) -> Iterator[None]:
    """Let cookiecutter import the template's local Jinja extension, as its own entry point does."""
    saved = list(sys.path)
    sys.path.append(str(template.path))
    try:
        yield
    finally:
        sys.path[:] = saved


def environment(template: Template) -> Any:
    """cookiecutter's Jinja environment for a template, with its extensions loaded."""
    from cookiecutter.environment import StrictEnvironment

    with template_importable(template):
        return StrictEnvironment(context={"cookiecutter": template.data}, keep_trailing_newline=True)


def render_value(env: Any, raw: Any, values: Mapping[str, Any]) -> Any:
    """Render a value the template author wrote (a derived default, a `__` entry) as cookiecutter does.

    The answers are only data to it: nothing a user typed is compiled as a template.
    """
    from cookiecutter.prompt import render_variable

    return render_variable(env, raw, dict(values))


def _plain_temp_dir() -> Path:
    """A temporary folder whose path cookiecutter can render as Jinja without effect.

    cookiecutter renders output paths as templates; a TMPDIR holding '{{ ... }}' must not reach it.
    """
    for candidate in (tempfile.gettempdir(), "/tmp", "/var/tmp"):
        if "{" not in candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return Path(candidate)
    raise OutputError("no usable temporary folder: set TMPDIR to a writable folder whose path has no '{'")


def _alive(host: str, pid: str) -> bool:
    if host != _HOST:
        return True  # another machine's run: not ours to judge
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def sweep_debris(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    """Remove what killed runs of this user left in `folder`; return what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        try:
            mine = entry.is_dir(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_uid == os.getuid()
        except OSError:
            continue
        if match and mine and not _alive(match["host"], match["pid"]):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def _neutral_path(staging: Path) -> Iterator[Path]:
    """A path to `staging` that holds no user text: a link from a fresh folder in a plain temporary folder.

    cookiecutter renders the absolute output path as a Jinja template while it creates folders, so a
    path the user chose must never reach it.
    """
    base = _plain_temp_dir()
    sweep_debris(base, _HOLDER)
    holder = Path(tempfile.mkdtemp(prefix=f"framewise-{_HOST}.{os.getpid()}-", dir=base))
    link = holder / "out"
    try:
        link.symlink_to(staging, target_is_directory=True)
        yield link
    finally:
        with _uninterrupted():
            shutil.rmtree(holder, ignore_errors=True)  # removes the link, never what it points to


def copy_only(template: Template, context: Mapping[str, Any]) -> list[str]:
    """Patterns for cookiecutter's _copy_without_render: files rendering would leave as they are.

    A file with no Jinja in it renders to itself, and whatever the post-generation hook prunes is
    thrown away; plain cookiecutter renders both with the same result.
    """
    folder = next(p for p in template.path.iterdir() if p.is_dir() and p.name.startswith("{{"))
    plain = [
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and not any(marker in path.read_bytes() for marker in _JINJA_MARKERS)
    ]
    # The hook names paths as '{project_slug}/...'; cookiecutter matches the unrendered '{{cookiecutter.project_slug}}'.
    unselected = [
        pattern.replace("{project_slug}", "{{cookiecutter.project_slug}}")
        for condition, patterns in context.get("_prune_unless", {}).items()
        if not rules.holds(condition, context)
        for pattern in patterns
    ]
    return [glob.escape(pattern) for pattern in plain + unselected]


class _Run:
    """The folders one run creates, so that a failure removes exactly those and nothing else."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.created: list[Path] = []  # output folders made by this run, outermost first
        self.staging: Path | None = None
        self.placed: list[Path] = []  # entries moved into the target
        self.target_made = False

    def make_output_dir(self) -> None:
        missing = []
        for folder in [self.target.parent, *self.target.parent.parents]:
            if os.path.lexists(folder):
                break
            missing.append(folder)
        for folder in reversed(missing):
            folder.mkdir()
            self.created.append(folder)

    def stage(self, slug: str) -> Path:
        sweep_debris(self.target.parent, _STAGING)
        prefix = f".{slug}.{_HOST}.{os.getpid()}.framewise-"
        self.staging = Path(tempfile.mkdtemp(prefix=prefix, dir=self.target.parent))
        return self.staging

    def place(self, project: Path) -> None:
        """Move the finished project to the target; never replace anything that appeared there meanwhile."""
        try:
            self.target.mkdir()  # atomic: fails if anything, even an empty folder, is already there
        except FileExistsError:
            raise TargetExistsError(f"{self.target} appeared while the project was being generated") from None
        self.target_made = True
        for entry in sorted(project.iterdir()):
            destination = self.target / entry.name
            entry.rename(destination)
            self.placed.append(destination)

    def clean(self, succeeded: bool) -> None:
        with _uninterrupted():
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
            if succeeded:
                return
            for entry in self.placed:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
            for folder in ([self.target] if self.target_made else []) + list(reversed(self.created)):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only while empty: never what someone else put there


def check_target(target: Path) -> None:
    """Refuse a target that exists in any form, or whose place cannot be examined."""
    try:
        exists = os.path.lexists(target) or target.is_symlink()
        kind = "directory" if target.is_dir() else "file"
    except OSError as error:
        raise OutputError(f"cannot examine {target}: {error.strerror or error}") from error
    if exists:
        raise TargetExistsError(f"{target} already exists ({kind}); choose another project_slug or --output-dir")


def render(template: Template, context: Mapping[str, Any], target: Path, dry_run: bool = False) -> list[str]:
    """Render `template` with the full cookiecutter `context` into `target`; return its files (sorted).

    Nothing exists at the target until everything succeeded. A dry run renders into a private
    temporary folder and removes it.
    """
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.generate import generate_files
    from jinja2 import TemplateError

    check_target(target)
    run = _Run(target)
    step, succeeded = "rendering", False
    context = {
        "cookiecutter": {
            **context,
            "_copy_without_render": [*context.get("_copy_without_render", []), *copy_only(template, context)],
        }
    }
    try:
        with stoppable():
            if dry_run:
                run.staging = Path(tempfile.mkdtemp(prefix="framewise-dry-run-", dir=_plain_temp_dir()))
            else:
                try:
                    run.make_output_dir()
                    run.stage(str(context["cookiecutter"]["project_slug"]))
                except OSError as error:
                    raise OutputError(f"cannot write to {target.parent}: {error.strerror or error}") from error
            assert run.staging is not None
            with template_importable(template), _neutral_path(run.staging) as neutral:
                rendered = Path(
                    generate_files(repo_dir=template.path, context=context, output_dir=neutral, accept_hooks=False)
                )
            project = run.staging / rendered.name
            step = "post-generation"
            rules.post_gen(context["cookiecutter"], project)
            files = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
            if not dry_run:
                run.place(project)
            succeeded = True
    except (CookiecutterException, TemplateError, rules.HookError) as error:
        raise GenerationError(f"{step} of the {template.name} template failed: {error}") from error
    except OSError as error:
        raise OutputError(f"{step} into {target.parent} failed: {error.strerror or error}") from error
    finally:
        run.clean(succeeded)
    return files
