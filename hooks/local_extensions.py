"""Jinja filters for the templates: quoting and escaping of user text, and the derived slug.

Each template links this file as its local_extensions.py; the logic lives in framewise_hooks.
"""

import datetime
import json
import sys
from pathlib import Path

from jinja2.ext import Extension

# Imported as a template's link (or, in the wheel, its copy) the shared hooks folder is two levels up;
# imported as hooks/local_extensions.py itself, it is this folder. Made absolute here, while
# cookiecutter's working directory is still the user's.
_HERE = Path(__file__).absolute().parent
HOOKS_DIR = str(_HERE if (_HERE / "framewise_hooks.py").is_file() else _HERE.parent.parent / "hooks")
if "framewise_hooks" not in sys.modules:  # plain cookiecutter: framewise has not imported the rules itself
    sys.path.insert(0, HOOKS_DIR)

import framewise_hooks  # noqa: E402


def quoted(value: object) -> str:
    """A double-quoted string literal valid in TOML, YAML and JSON alike."""
    return json.dumps(str(value), ensure_ascii=False)


def pystr(value: object) -> str:
    """A Python string literal written as ruff format writes it: double quotes unless that needs more escapes."""
    text = str(value).replace("\\", "\\\\")
    if text.count('"') > text.count("'"):
        return "'" + text.replace("'", "\\'") + "'"
    return '"' + text.replace('"', '\\"') + '"'


class FramewiseFilters(Extension):
    """Register the filters the templates use (quoted, pystr, md, slug), today's date and the hooks folder."""

    def __init__(self, environment):  # type: ignore[no-untyped-def]
        super().__init__(environment)
        environment.globals["framewise_hooks_dir"] = HOOKS_DIR
        environment.globals["today"] = datetime.date.today().isoformat()
        environment.filters["quoted"] = quoted
        environment.filters["pystr"] = pystr
        environment.filters["md"] = framewise_hooks.md
        environment.filters["slug"] = framewise_hooks.derive_slug
