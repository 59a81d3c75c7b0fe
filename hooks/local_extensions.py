"""Jinja filters for the templates: quoting and escaping of user text, and the derived slug.

Each template links this file as its local_extensions.py; the logic lives in framewise_hooks.
"""

import json
import sys
from pathlib import Path

from jinja2.ext import Extension

# __file__ is the template's link, so the shared hooks folder is two levels up from it.
sys.path.insert(0, str(Path(__file__).absolute().parent.parent.parent / "hooks"))

import framewise_hooks


def quoted(value: object) -> str:
    """A double-quoted string literal valid in Python, TOML, YAML and JSON alike."""
    return json.dumps(str(value), ensure_ascii=False)


class FramewiseFilters(Extension):
    """Register the filters the templates use: quoted, md and slug."""

    def __init__(self, environment):  # type: ignore[no-untyped-def]
        super().__init__(environment)
        environment.filters["quoted"] = quoted
        environment.filters["md"] = framewise_hooks.md
        environment.filters["slug"] = framewise_hooks.derive_slug
