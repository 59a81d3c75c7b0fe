"""framewise with a proposed speed-up applied at run time, to measure it before anyone edits the code.

    python benchmarks/_variants.py VARIANT[,VARIANT...]|none new-project --no-input ...

The patches stand in for changes proposed in docs/benchmarks.md; none of them ships in framewise.
FRAMEWISE_BENCH_CACHE names a folder for the caches the variants keep between runs.

  bytecode-cache  a jinja2.FileSystemBytecodeCache on cookiecutter's environment (the templates'
                  FramewiseFilters extension could set it): compiled templates are reused across runs
  literal-paths   paths without Jinja markers are not compiled as templates (cookiecutter renders
                  every file and folder name with Environment.from_string)
  copy-plain      files without Jinja markers are copied, not rendered, as if listed in the template's
                  _copy_without_render (the list is computed once and cached, as a static list would be)
  skip-pruned     files the post-generation hook would delete are not rendered at all
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
VARIANTS = ("bytecode-cache", "literal-paths", "copy-plain", "skip-pruned")


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

    StrictEnvironment.__init__ = __init__  # type: ignore[method-assign]


def _plain_files(template_dir: Path) -> list[str]:
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


def patch_generation(copy_plain: bool, skip_pruned: bool) -> None:
    import cookiecutter.generate as generate

    original_files = generate.generate_files
    original_file = generate.generate_file
    state: dict[str, Any] = {}

    def generate_files(repo_dir: Any, context: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        values = context["cookiecutter"]
        template_dir = next(p for p in Path(repo_dir).iterdir() if p.is_dir() and "cookiecutter" in p.name)
        if copy_plain:
            values = {
                **values,
                "_copy_without_render": [*values.get("_copy_without_render", []), *_plain_files(template_dir)],
            }
            context = {**context, "cookiecutter": values}
        if skip_pruned:
            from generator.catalog import hooks

            h = hooks()
            strings = {k: v for k, v in values.items() if isinstance(v, str)}
            state["pruned"] = [
                pattern.format(**strings)
                for condition, patterns in values.get("_prune_unless", {}).items()
                if not h.holds(condition, values)
                for pattern in patterns
            ]
            state["slug"] = values["project_slug"]
        return original_files(repo_dir, context, *args, **kwargs)

    def generate_file(project_dir: Any, infile: str, context: Any, env: Any, *args: Any, **kwargs: Any) -> Any:
        if skip_pruned:
            rel = infile.replace("{{cookiecutter.project_slug}}", state["slug"]).removeprefix("./")
            if any(rel == p or rel.startswith(p.rstrip("/") + "/") for p in state["pruned"]):
                return None
        return original_file(project_dir, infile, context, env, *args, **kwargs)

    generate.generate_files = generate_files
    generate.generate_file = generate_file
    import generator.render  # noqa: F401  (it imports generate_files from the module when it renders)


def main() -> None:
    chosen = [v for v in sys.argv[1].split(",") if v and v != "none"]
    unknown = [v for v in chosen if v not in VARIANTS]
    if unknown:
        sys.exit(f"unknown variant {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    patch_environment("bytecode-cache" in chosen, "literal-paths" in chosen)
    if "copy-plain" in chosen or "skip-pruned" in chosen:
        patch_generation("copy-plain" in chosen, "skip-pruned" in chosen)
    from generator.cli import cli

    cli(args=sys.argv[2:], prog_name="framewise")


if __name__ == "__main__":
    main()
