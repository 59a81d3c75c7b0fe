"""Rendering a template atomically: staged beside the target, placed only when every step succeeded.

Only what this run created is ever removed; a run stopped by any signal cleans up, and debris of a
run that was killed outright (SIGKILL, power loss) is recognised and removed by the next run.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import glob
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import framewise_hooks as rules
from generator.catalog import Template
from generator.errors import GenerationError, OutputError, TargetExistsError

# Signals whose default action ends the process: while a run writes, the first of them stops it the
# way Ctrl-C does, so its clean-up runs. SIGKILL cannot be caught and faults (SIGSEGV...) must not be:
# the next run sweeps what they leave. (Python ignores SIGPIPE and SIGXFSZ itself, so a write past a
# file size limit fails with an error the run reports like a full disk.)
STOP_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGALRM", "SIGUSR1", "SIGUSR2", "SIGXCPU")
    if hasattr(signal, name)
)
# Folders a run makes: 'framewise-<host>.<pid>-<random>' in the temporary folder first, then
# '.<slug>.<host>.<pid>.framewise-<random>' beside the target, named by the first one's 'out' link.
# Host and pid tell whose they are; the link lets the next run find a killed run's staging folder.
_HOST = f"{zlib.crc32(socket.gethostname().encode()):08x}"
_STAGING = re.compile(r"^\.[a-z0-9_]+\.(?P<host>[0-9a-f]{8})\.(?P<pid>\d+)\.framewise-[a-z0-9_]+$")
_HOLDER = re.compile(r"^framewise-(?P<host>[0-9a-f]{8})\.(?P<pid>\d+)-[a-z0-9_]+$")
_JINJA_MARKERS = (b"{{", b"{%", b"{#")
T = TypeVar("T")


@contextlib.contextmanager
def held(signals: tuple[int, ...]) -> Iterator[None]:
    """Hold `signals` back until the block is done; they arrive then, to whatever handles them by then."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def stoppable() -> Iterator[None]:
    """While writing, let the first stop signal stop the run like Ctrl-C, so that its clean-up runs.

    Later signals (a second Ctrl-C, a hang-up after SIGTERM) find the run already stopping and are let
    pass: nothing can cut the clean-up short. Handlers change with the signals held back, so none
    arrives half-way through the change.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping: list[int] = []

    def stop(signum: int, frame: object) -> None:
        if not stopping:
            stopping.append(signum)
            raise KeyboardInterrupt

    previous: dict[int, Any] = {}
    try:
        with held(STOP_SIGNALS):
            previous |= {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
        yield
    finally:
        with held(STOP_SIGNALS):
            for signum, handler in previous.items():
                signal.signal(signum, signal.SIG_DFL if handler is None else handler)  # None: set outside Python


@contextlib.contextmanager
def template_importable(template: Template) -> Iterator[None]:
    """Let cookiecutter import the template's local Jinja extension.

    First on sys.path, where cookiecutter appends it: a local_extensions.py in the working folder (on
    sys.path under `python -m`) or in an installed package must never be imported instead.
    """
    saved = list(sys.path)
    sys.path.insert(0, str(template.path))
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


def _mine(path: str | Path) -> bool:
    """A real folder (not a link) that belongs to this user."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()


def _named(link: Path) -> Path | None:
    try:
        return Path(os.readlink(link))
    except OSError:
        return None


def _sweep_holder(holder: Path, host: str, pid: str) -> list[Path]:
    """Remove what a killed run's holder names: its staging folder, if that run's and this user's, then the
    output folders the run made, deepest first and only while empty."""
    removed = []
    staging = _named(holder / "out")
    found = _STAGING.match(staging.name) if staging else None
    if staging and found and (found["host"], found["pid"]) == (host, pid) and _mine(staging):
        shutil.rmtree(staging, ignore_errors=True)
        removed.append(staging)
    for link in sorted(holder.glob("made-*"), key=lambda made: int(made.name.partition("-")[2]), reverse=True):
        folder = _named(link)
        if folder and _mine(folder):
            with contextlib.suppress(OSError):
                folder.rmdir()
                removed.append(folder)
    return removed


def sweep_debris(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    """Remove what killed runs of this user left in `folder`; return what was removed.

    A holder in the temporary folder takes what it names along, wherever that is.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or not _mine(entry.path) or _alive(match["host"], match["pid"]):
            continue
        if pattern is _HOLDER:
            removed += _sweep_holder(Path(entry.path), match["host"], match["pid"])
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


@functools.cache
def _renameat2() -> Any:
    """Linux's renameat2(2), which Python does not wrap; None where the C library lacks it."""
    if not sys.platform.startswith("linux"):
        return None
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is not None:
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        function.restype = ctypes.c_int
    return function


def _rename_no_replace(source: Path, target: Path) -> bool:
    """Rename `source` to `target` in one step that fails if anything is at `target`.

    False when this system cannot (no renameat2, or a file system without RENAME_NOREPLACE).
    """
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_cwd, no_replace = -100, 1  # AT_FDCWD, RENAME_NOREPLACE
    if renameat2(at_cwd, os.fsencode(source), at_cwd, os.fsencode(target), no_replace) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(code, os.strerror(code), str(target))


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
        self.holder: Path | None = None  # in the temporary folder: the neutral path, naming the staging folder
        self.staging: Path | None = None
        self.target_made = False

    def open_holder(self) -> None:
        """Make the holder first: every folder the run makes next is named in it before it exists, so the
        next run can remove what this one leaves if it is killed."""
        base = _plain_temp_dir()
        sweep_debris(base, _HOLDER)
        self.holder = Path(tempfile.mkdtemp(prefix=f"framewise-{_HOST}.{os.getpid()}-", dir=base))

    def make_output_dir(self) -> None:
        assert self.holder is not None
        missing = []
        for folder in [self.target.parent, *self.target.parent.parents]:
            if os.path.lexists(folder):
                break
            missing.append(folder)
        for index, folder in enumerate(reversed(missing)):
            (self.holder / f"made-{index}").symlink_to(folder, target_is_directory=True)
            folder.mkdir()
            self.created.append(folder)

    def stage(self, slug: str | None) -> Path:
        """Make the staging folder the holder's link names; return the link, a path with no user text.

        cookiecutter renders the absolute output path as a Jinja template while it creates folders, so
        the path the user chose never reaches it. A dry run (no slug) stages inside the holder.
        """
        assert self.holder is not None
        if slug is None:
            staging = self.holder / "staging"
        else:
            sweep_debris(self.target.parent, _STAGING)
            name = f".{slug}.{_HOST}.{os.getpid()}.framewise-{secrets.token_hex(6)}"
            staging = self.target.parent / name
        link = self.holder / "out"
        link.symlink_to(staging, target_is_directory=True)
        staging.mkdir(mode=0o700)  # fails if the name is taken: never a folder someone else made
        self.staging = staging
        return link

    def place(self, project: Path) -> None:
        """Move the finished project to the target in one step; never replace anything that appeared there."""
        try:
            if not _rename_no_replace(project, self.target):
                # Without that call: claim the name with a new folder, then replace that empty folder of ours.
                self.target.mkdir()
                self.target_made = True
                project.rename(self.target)  # refused if anyone put anything into it meanwhile
        except OSError as error:
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
                raise TargetExistsError(f"{self.target} appeared while the project was being generated") from None
            raise

    def clean(self, succeeded: bool) -> None:
        """Remove the staging folder, then the holder (a holder left behind still names it), then on failure
        the folders this run made, while they are empty."""
        for folder in (self.staging, self.holder):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)  # a link inside is removed, never followed
        if succeeded:
            return
        for made in ([self.target] if self.target_made else []) + list(reversed(self.created)):
            with contextlib.suppress(OSError):
                made.rmdir()  # only while empty: never what someone else put there


def resolve_output(folder: Path) -> Path:
    """The absolute output folder; refuse one that cannot be examined or a link planted in a shared folder.

    Python resolves links itself, so it would follow what the kernel's protected_symlinks refuses: a
    link another user made in a world-writable sticky folder such as /tmp.
    """
    try:
        cwd = os.getcwd()  # cookiecutter needs the working folder too
    except FileNotFoundError:
        raise OutputError("the current folder no longer exists; change to an existing folder and run again") from None
    path = Path(cwd, folder)  # not normalised: 'link/..' is where the link's folder is, as the kernel has it
    try:
        for current in [*reversed(path.parents), path]:
            if current.is_symlink() and _planted(current):
                raise OutputError(
                    f"{current} is a link another user made in the shared folder {current.parent}; not following it"
                )
        return path.resolve()
    except (OSError, RuntimeError, ValueError) as error:  # a name too long, a loop of links, a NUL byte
        raise OutputError(f"cannot examine {folder}: {getattr(error, 'strerror', None) or error}") from error


def _planted(link: Path) -> bool:
    """Whether the kernel's protected_symlinks would refuse to follow `link` for this user."""
    folder, owner = os.stat(link.parent), os.lstat(link).st_uid
    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    return bool(shared) and owner not in (os.geteuid(), folder.st_uid)


def check_target(target: Path) -> None:
    """Refuse a target that exists in any form, or whose place cannot be examined."""
    try:
        exists = os.path.lexists(target) or target.is_symlink()
        kind = "directory" if target.is_dir() else "file"
    except (OSError, ValueError) as error:
        raise OutputError(f"cannot examine {target}: {getattr(error, 'strerror', None) or error}") from error
    if exists:
        raise TargetExistsError(f"{target} already exists ({kind}); choose another project_slug or --output-dir")


def scratch(template: Template, context: Mapping[str, Any], use: Callable[[Path], T]) -> T:
    """Render into a private temporary folder, return `use(project)` while it exists, then remove it.

    The folder lives in the run's holder, so a run killed meanwhile leaves nothing the next run does
    not sweep (a render holds a fresh .env).
    """
    results: list[T] = []
    render(template, context, None, dry_run=True, finish=lambda project: results.append(use(project)))
    return results[0]


def render(
    template: Template,
    context: Mapping[str, Any],
    target: Path | None,
    dry_run: bool = False,
    finish: Callable[[Path], None] | None = None,
) -> list[str]:
    """Render `template` with the full cookiecutter `context` into `target`; return its files (sorted).

    `finish` runs on the finished project while it is still staged (to lock or commit it), so that
    nothing exists at the target until everything succeeded. A dry run renders into a private
    temporary folder and removes it.
    """
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.generate import generate_files
    from jinja2 import TemplateError

    if target is None:  # a scratch render: only a dry run has no target
        assert dry_run
        target = Path(_plain_temp_dir()) / "scratch"
    else:
        check_target(target)
    run = _Run(target)
    step, succeeded = "rendering", False
    context = {
        "cookiecutter": {
            **context,
            "_copy_without_render": [*context.get("_copy_without_render", []), *copy_only(template, context)],
        }
    }
    with stoppable():
        try:
            try:
                with held(STOP_SIGNALS):  # each folder is made and recorded in one go, so the clean-up knows it
                    run.open_holder()
                    if not dry_run:
                        run.make_output_dir()
                    neutral = run.stage(None if dry_run else str(context["cookiecutter"]["project_slug"]))
            except OSError as error:
                raise OutputError(f"cannot write to {target.parent}: {error.strerror or error}") from error
            assert run.staging is not None
            with template_importable(template):
                rendered = Path(
                    generate_files(repo_dir=template.path, context=context, output_dir=neutral, accept_hooks=False)
                )
            project = run.staging / rendered.name
            step = "post-generation"
            rules.post_gen(context["cookiecutter"], project)
            files = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
            if finish is not None:
                step = "finishing"
                finish(project)
            if not dry_run:
                step = "placing"
                run.place(project)
            succeeded = True
        except (CookiecutterException, TemplateError, rules.HookError) as error:
            raise GenerationError(f"{step} of the {template.name} template failed: {error}") from error
        except OSError as error:
            raise OutputError(f"{step} into {target.parent} failed: {error.strerror or error}") from error
        finally:
            try:
                with held(STOP_SIGNALS):
                    run.clean(succeeded)
            except KeyboardInterrupt:  # the run's one stop signal came just before the signals were held
                run.clean(succeeded)
                raise
    return files
