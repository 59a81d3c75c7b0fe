"""Rendering a template atomically: into a staging folder beside the target, moved into place on success."""

from __future__ import annotations

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


def target_for(values: Mapping[str, Any], output_dir: Path) -> Path:
    """Where the project goes; refuse a target that exists in any form."""
    target = output_dir / values["project_slug"]
    if target.exists() or target.is_symlink():
        kind = "directory" if target.is_dir() else "file"
        raise TargetExistsError(f"{target} already exists ({kind}); choose another project_slug or --output-dir")
    return target


def _stage(output_dir: Path, slug: str) -> Path:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".framewise", dir=output_dir))
    except OSError as error:
        raise OutputError(f"cannot write to {output_dir}: {error.strerror or error}") from error


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
    staging = (
        Path(tempfile.mkdtemp(prefix="framewise-dry-run.")) if dry_run else _stage(output_dir, values["project_slug"])
    )
    context = {
        "cookiecutter": {
            **values,
            "_template": str(template.path),
            "_output_dir": str(output_dir),
            "_repo_dir": str(template.path),
            "_checkout": None,
        }
    }
    step = "rendering"
    try:
        with _template_on_path(template):
            project = Path(
                generate_files(repo_dir=template.path, context=context, output_dir=staging, accept_hooks=False)
            )
        step = "post-generation"
        hooks().post_gen(context["cookiecutter"], project)
        files = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
        if not dry_run:
            target_for(values, output_dir)  # another process may have created it meanwhile
            project.rename(target)
    except (CookiecutterException, TemplateError, hooks().HookError) as error:
        raise GenerationError(f"{step} of the {template.name} template failed: {error}") from error
    except OSError as error:
        raise OutputError(f"{step} into {output_dir} failed: {error.strerror or error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target, files
