"""framewise's CLI with its imports deferred to the commands that need them: a proposal, measured, not shipped.

    python benchmarks/_lazy_cli.py COPY_DIR lazy|control [framewise arguments...]

On first use it copies generator/ into COPY_DIR (with links to templates/, hooks/ and cookiecutter.json beside
it, as in the checkout) and rewrites the copy's cli.py: `answers`, `assessment`, `catalog`, `project`,
`questions` and `json` become modules imported on first attribute access (what `import` statements inside the
command functions would do), and FRAMEWORKS, needed while the options are declared, is spelled out. Then it
runs that CLI. Everything else is unchanged, so the outputs are the same. `control` runs an unchanged copy
the same way, so the two differ only by the rewrite.
"""

from __future__ import annotations

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAZY = '''

class _Lazy:
    """A module imported on first attribute access (proposal measured by benchmarks/_lazy_cli.py)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        import importlib

        return getattr(importlib.import_module(self._name), attribute)


answers: Any = _Lazy("generator.answers")
assessment: Any = _Lazy("generator.assessment")
catalog: Any = _Lazy("generator.catalog")
project: Any = _Lazy("generator.project")
questions: Any = _Lazy("generator.questions")
json: Any = _Lazy("json")
FRAMEWORKS = ("django", "flask")
'''
REWRITES = (
    ("import json\n", ""),
    (
        "from generator import __version__, answers, assessment, catalog, project\n",
        "from generator import __version__\n",
    ),
    ("from generator.questions import FRAMEWORKS, QUESTIONS, QUESTIONS_BY_ID\n", LAZY),
    ("in QUESTIONS:", "in questions.QUESTIONS:"),
    ("QUESTIONS_BY_ID", "questions.QUESTIONS_BY_ID"),
)


def build(copy: str, rewrite: bool) -> None:
    """Copy generator/ (rewriting cli.py when asked) into `copy`, beside links to the templates."""
    import shutil

    cli = os.path.join(copy, "generator", "cli.py")
    if os.path.exists(cli):
        return
    os.makedirs(copy, exist_ok=True)
    shutil.copytree(
        os.path.join(ROOT, "generator"), os.path.join(copy, "generator"), ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("templates", "hooks", "cookiecutter.json"):
        os.symlink(os.path.join(ROOT, name), os.path.join(copy, name))
    if not rewrite:
        return
    with open(cli, encoding="utf-8") as handle:
        text = handle.read()
    for old, new in REWRITES:
        if old not in text:
            sys.exit(f"_lazy_cli: generator/cli.py changed, cannot find {old.strip()!r}; update REWRITES")
        text = text.replace(old, new)
    with open(cli, "w", encoding="utf-8") as handle:
        handle.write(text)


def main() -> None:
    copy, mode = sys.argv[1], sys.argv[2]
    build(copy, rewrite=mode == "lazy")
    sys.path.insert(0, copy)
    from generator.cli import cli

    if not str(sys.modules["generator"].__file__).startswith(copy):
        sys.exit("_lazy_cli: imported the installed generator, not the copy")
    cli(args=sys.argv[3:], prog_name="framewise")


if __name__ == "__main__":
    main()
