"""Rendering a template atomically: into a staging folder beside the target, moved into place on success."""

from __future__ import annotations

import glob
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.catalog import Template, hooks
from generator.errors import GenerationError, OutputError, TargetExistsError


@contextmanager
def _template_on_path(template: Template) -> Iterator[None]:
    """Let cookiecutter import the template's local Jinja extension, as its own CLI does."""
    saved = list(sys.path)
    sys.path.append(str(template.path))
    try:
        yield
    finally:
        sys.path[:] = saved


@contextmanager
def _neutral_path(staging: Path) -> Iterator[Path]:
    """A path to `staging` that holds no user text.

    cookiecutter renders the absolute output path as a Jinja template while it creates folders,
    so an output directory named '{{ ... }}' would be evaluated; a link from a fresh temporary
    folder keeps the user's path out of its hands, and files still land in `staging`.
    """
    holder = Path(tempfile.mkdtemp(prefix="framewise-"))
    link = holder / "out"
    link.symlink_to(staging, target_is_directory=True)
    try:
        yield link
    finally:
        shutil.rmtree(holder)  # removes the link, never what it points to


_JINJA_MARKERS = (b"{{", b"{%", b"{#")


def _copy_only(template: Template, values: Mapping[str, Any]) -> list[str]:
    """Patterns for cookiecutter's _copy_without_render: what rendering would only slow down.

    A file with no Jinja in it renders to itself, and whatever the post-generation hook prunes is
    thrown away; compiling either is wasted work. Plain cookiecutter still renders them, with the
    same result.
    """
    folder = next(p for p in template.path.iterdir() if p.is_dir() and p.name.startswith("{{"))
    plain = [
        str(path.relative_to(template.path / folder.name))
        for path in folder.rglob("*")
        if path.is_file() and not any(marker in path.read_bytes() for marker in _JINJA_MARKERS)
    ]
    # The hook names paths as '{project_slug}/...'; cookiecutter matches the unrendered '{{cookiecutter.project_slug}}'.
    unselected = [
        re.sub(r"\{(\w+)\}", r"{{cookiecutter.\1}}", pattern)
        for condition, patterns in values.get("_prune_unless", {}).items()
        if not hooks().holds(condition, values)
        for pattern in patterns
    ]
    return [glob.escape(pattern) for pattern in plain + unselected]


def target_for(values: Mapping[str, Any], output_dir: Path) -> Path:
    """Where the project goes; refuse a target that exists in any form."""
    target = output_dir / str(values["project_slug"])
    if target.exists() or target.is_symlink():
        kind = "directory" if target.is_dir() else "file"
        raise TargetExistsError(f"{target} already exists ({kind}); choose another project_slug or --output-dir")
    return target


def _stage(output_dir: Path, slug: str) -> tuple[Path, Path | None]:
    """Make the staging folder beside the target; also return the first folder we had to create."""
    created = next((p for p in reversed([output_dir, *output_dir.parents]) if not p.exists()), None)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".framewise", dir=output_dir)), created
    except OSError as error:
        raise OutputError(f"cannot write to {output_dir}: {error.strerror or error}") from error


def _remove_empty(folder: Path, top: Path) -> None:
    """Remove the folders this run created, from `folder` up to `top`, but only while they are empty."""
    for path in [folder, *folder.parents]:
        try:
            path.rmdir()
        except OSError:
            return
        if path == top:
            return


def render(
    template: Template, values: Mapping[str, Any], output_dir: Path, dry_run: bool = False
) -> tuple[Path, list[str]]:
    """Render `template` with `values`; return the project path and its files (relative, sorted).

    Nothing exists at the target until everything succeeded. A dry run renders into a
    temporary folder elsewhere and removes it.
    """
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.generate import generate_files
    from jinja2 import TemplateError

    output_dir = output_dir.absolute()
    target = target_for(values, output_dir)
    if dry_run:
        staging, created = Path(tempfile.mkdtemp(prefix="framewise-dry-run.")), None
    else:
        staging, created = _stage(output_dir, values["project_slug"])
    context = {
        "cookiecutter": {
            **values,
            "_copy_without_render": [*values.get("_copy_without_render", []), *_copy_only(template, values)],
            "_template": str(template.path),
            "_output_dir": str(output_dir),
            "_repo_dir": str(template.path),
            "_checkout": None,
        }
    }
    step, succeeded = "rendering", False
    try:
        with _template_on_path(template), _neutral_path(staging) as neutral:
            rendered = Path(
                generate_files(repo_dir=template.path, context=context, output_dir=neutral, accept_hooks=False)
            )
        project = staging / rendered.name
        step = "post-generation"
        hooks().post_gen(context["cookiecutter"], project)
        files = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
        if not dry_run:
            target_for(values, output_dir)  # another process may have created it meanwhile
            project.rename(target)
        succeeded = True
    except (CookiecutterException, TemplateError, hooks().HookError) as error:
        raise GenerationError(f"{step} of the {template.name} template failed: {error}") from error
    except OSError as error:
        raise OutputError(f"{step} into {output_dir} failed: {error.strerror or error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not succeeded and created is not None:
            _remove_empty(output_dir, created)
    return target, files
