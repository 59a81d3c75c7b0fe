"""framewise with a proposed speed-up applied at run time, to measure it before anyone edits the code.

    python benchmarks/_variants.py VARIANT[,VARIANT...]|none new-project --no-input ...

The patches stand in for changes proposed in docs/benchmarks.md; none of them ships in framewise.
FRAMEWISE_BENCH_CACHE names a folder for the caches the variants keep between runs;
FRAMEWISE_BENCH_GENERATOR, a copy of generator/ made by _lazy_cli.py, to run instead of the installed one.

  bytecode-cache  a jinja2.FileSystemBytecodeCache on cookiecutter's environment (the templates'
                  FramewiseFilters extension could set it): compiled templates are reused across runs
  literal-paths   paths without Jinja markers are not compiled as templates (cookiecutter renders
                  every file and folder name with Environment.from_string)
  copy-plain      files without Jinja markers are copied, not rendered, as if listed in the template's
                  _copy_without_render (the list is computed once and cached, as a static list would be)
  copy-pruned     files the post-generation hook will delete are copied, not rendered: their paths are
                  added to _copy_without_render for this render (what generator/render.py could do)
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

MARKERS = ("{{", "{%", "{#")
CACHE = Path(os.environ.get("FRAMEWISE_BENCH_CACHE", Path.home() / ".cache" / "framewise-bench"))
VARIANTS = ("bytecode-cache", "literal-paths", "copy-plain", "copy-pruned")


class _Literal:
    """A template whose source has no Jinja syntax: it renders to itself."""

    def __init__(self, source: str) -> None:
        self.source = source

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.source


def patch_environment(bytecode_cache: bool, literal_paths: bool) -> None:
    from cookiecutter.environment import StrictEnvironment

    original = StrictEnvironment.__init__

    def __init__(self: Any, **kwargs: Any) -> None:
        original(self, **kwargs)
        if bytecode_cache:
            from jinja2 import FileSystemBytecodeCache

            folder = CACHE / "jinja"
            folder.mkdir(parents=True, exist_ok=True)
            self.bytecode_cache = FileSystemBytecodeCache(str(folder))
        if literal_paths:
            from_string = self.from_string

            def fast(source: Any, *args: Any, **kw: Any) -> Any:
                if isinstance(source, str) and not any(m in source for m in MARKERS):
                    return _Literal(source)
                return from_string(source, *args, **kw)

            self.from_string = fast

    StrictEnvironment.__init__ = __init__


def _plain_files(template_dir: Path) -> list[str]:
    """The template's files without Jinja markers (relative paths), computed once and cached."""
    key = CACHE / f"plain-{hashlib.sha256(str(template_dir).encode()).hexdigest()[:16]}.json"
    if key.exists():
        return list(json.loads(key.read_text()))
    plain = []
    for path in sorted(template_dir.rglob("*")):
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            if not any(m in text for m in MARKERS):
                plain.append(str(path.relative_to(template_dir)))
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_text(json.dumps(plain))
    return plain


def patch_generation(copy_plain: bool, copy_pruned: bool) -> None:
    import cookiecutter.generate as generate

    original_files = generate.generate_files

    def generate_files(repo_dir: Any, context: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        values = context["cookiecutter"]
        template_dir = next(p for p in Path(repo_dir).iterdir() if p.is_dir() and "cookiecutter" in p.name)
        extra: list[str] = []
        if copy_plain:
            extra += _plain_files(template_dir)
        if copy_pruned:
            from generator.catalog import hooks

            # The hook's patterns name rendered paths ({project_slug}); cookiecutter matches unrendered ones.
            extra += [
                pattern.replace("{project_slug}", "{{cookiecutter.project_slug}}")
                for condition, patterns in values.get("_prune_unless", {}).items()
                if not hooks().holds(condition, values)
                for pattern in patterns
            ]
        if extra:
            values = {**values, "_copy_without_render": [*values.get("_copy_without_render", []), *extra]}
            context = {**context, "cookiecutter": values}
        return original_files(repo_dir, context, *args, **kwargs)

    generate.generate_files = generate_files


def main() -> None:
    copy = os.environ.get("FRAMEWISE_BENCH_GENERATOR")  # a copy of generator/ to run instead (_lazy_cli.py)
    if copy:
        sys.path.insert(0, copy)
    chosen = [v for v in sys.argv[1].split(",") if v and v != "none"]
    unknown = [v for v in chosen if v not in VARIANTS]
    if unknown:
        sys.exit(f"unknown variant {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    patch_environment("bytecode-cache" in chosen, "literal-paths" in chosen)
    if "copy-plain" in chosen or "copy-pruned" in chosen:
        patch_generation("copy-plain" in chosen, "copy-pruned" in chosen)
    from generator.cli import cli

    if copy and not str(sys.modules["generator"].__file__).startswith(copy):
        sys.exit(f"_variants: imported the installed generator, not the copy in {copy}")
    cli(args=sys.argv[2:], prog_name="framewise")


if __name__ == "__main__":
    main()
