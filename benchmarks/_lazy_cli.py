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
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAZY_CLASS = '''

class _Lazy:
    """A module imported on first attribute access (proposal measured by benchmarks/_lazy_cli.py)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        import importlib

        return getattr(importlib.import_module(self._name), attribute)

'''
LIBRARY_IMPORT = "from generator import __version__, answers, assessment, catalog, project\n"
QUESTIONS_IMPORT = "from generator.questions import FRAMEWORKS, QUESTIONS, QUESTIONS_BY_ID\n"


class NothingToDefer(Exception):
    """Raised when generator/cli.py already imports lazily everything this proposal would defer."""


def rewrite(text: str) -> tuple[str, list[str]]:
    """cli.py with its module-level imports of the library, json and the questions deferred."""
    deferred: list[str] = []
    lines: list[str] = []
    if LIBRARY_IMPORT in text:
        text = text.replace(LIBRARY_IMPORT, "from generator import __version__\n")
        lines += [
            f'{name}: Any = _Lazy("generator.{name}")' for name in ("answers", "assessment", "catalog", "project")
        ]
        deferred.append("answers, assessment, catalog, project")
    if "\nimport json\n" in text:
        text = text.replace("\nimport json\n", "\n")
        lines.append('json: Any = _Lazy("json")')
        deferred.append("json")
    if QUESTIONS_IMPORT in text:
        text = text.replace(QUESTIONS_IMPORT, "")
        text = re.sub(r"\bQUESTIONS_BY_ID\b", "questions.QUESTIONS_BY_ID", text)
        text = re.sub(r"\bQUESTIONS\b(?!_)", "questions.QUESTIONS", text)
        lines += ['questions: Any = _Lazy("generator.questions")', 'FRAMEWORKS = ("django", "flask")']
        deferred.append("questions (FRAMEWORKS spelled out)")
    if not deferred:
        raise NothingToDefer("generator/cli.py imports nothing at module level that this proposal defers")
    anchor = "\nimport click\n"
    if anchor not in text or "from typing import" not in text:
        raise NothingToDefer("generator/cli.py has no `import click` line to put the deferred imports after")
    block = LAZY_CLASS + "\n".join(lines) + "\n"
    after_imports = text.index("\n\n\n", text.index(anchor))  # the end of the import block
    return text[:after_imports] + block + text[after_imports:], deferred


def build(copy: str, rewrite_cli: bool) -> list[str]:
    """Copy generator/ (rewriting cli.py when asked) into `copy`, beside links to the templates.

    Returns what the rewrite deferred; raises NothingToDefer when there is nothing left to defer.
    """
    import shutil

    cli = os.path.join(copy, "generator", "cli.py")
    marker = os.path.join(copy, "deferred.txt")
    if os.path.exists(cli):
        return open(marker, encoding="utf-8").read().splitlines() if os.path.exists(marker) else []
    with open(os.path.join(ROOT, "generator", "cli.py"), encoding="utf-8") as handle:
        text = handle.read()
    deferred: list[str] = []
    if rewrite_cli:
        text, deferred = rewrite(text)  # before copying: nothing is left behind when it raises
    os.makedirs(copy, exist_ok=True)
    shutil.copytree(
        os.path.join(ROOT, "generator"), os.path.join(copy, "generator"), ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("templates", "hooks", "cookiecutter.json"):
        os.symlink(os.path.join(ROOT, name), os.path.join(copy, name))
    with open(cli, "w", encoding="utf-8") as handle:
        handle.write(text)
    with open(marker, "w", encoding="utf-8") as handle:
        handle.write("\n".join(deferred))
    return deferred


def main() -> None:
    copy, mode = sys.argv[1], sys.argv[2]
    try:
        build(copy, rewrite_cli=mode == "lazy")
    except NothingToDefer as error:
        sys.exit(f"_lazy_cli: {error}")
    sys.path.insert(0, copy)
    from generator.cli import cli

    if not str(sys.modules["generator"].__file__).startswith(copy):
        sys.exit("_lazy_cli: imported the installed generator, not the copy")
    cli(args=sys.argv[3:], prog_name="framewise")


if __name__ == "__main__":
    main()
