"""The bundled templates: where they are, and their variables read from cookiecutter.json."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.errors import InvalidValueError

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resources_root() -> Path:
    """The folder holding cookiecutter.json, templates/ and hooks/: in the wheel or in the checkout."""
    bundled = PACKAGE_DIR / "_data"
    return bundled if (bundled / "templates").is_dir() else PACKAGE_DIR.parent


@cache
def hooks() -> ModuleType:
    """The shared hook logic (hooks/framewise_hooks.py), imported once under its own name."""
    if "framewise_hooks" in sys.modules:
        return sys.modules["framewise_hooks"]
    path = resources_root() / "hooks" / "framewise_hooks.py"
    spec = importlib.util.spec_from_file_location("framewise_hooks", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["framewise_hooks"] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Variable:
    """A template variable a user answers: text, a yes/no boolean, or a choice (first is default)."""

    name: str
    prompt: str
    default: Any
    choices: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if isinstance(self.default, bool):
            return "bool"
        return "choice" if self.choices else "text"

    @property
    def derived(self) -> bool:
        """Its default is computed from other answers (project_slug from project_name)."""
        return isinstance(self.default, str) and "{{" in self.default


@dataclass(frozen=True)
class Template:
    """A bundled cookiecutter template."""

    name: str
    title: str
    description: str
    path: Path
    variables: tuple[Variable, ...]
    data: dict[str, Any]

    def variable(self, name: str) -> Variable:
        return next(v for v in self.variables if v.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variables)


def _variable(name: str, value: Any, prompt: Any) -> Variable:
    """Build a Variable from a cookiecutter.json entry and its __prompts__ entry."""
    labels = {k: str(v) for k, v in prompt.items() if k != "__prompt__"} if isinstance(prompt, dict) else {}
    text = str(prompt.get("__prompt__", name)) if isinstance(prompt, dict) else str(prompt or name)
    if isinstance(value, list):
        return Variable(name, text, value[0], tuple(value), labels)
    return Variable(name, text, value)


@cache
def load(name: str) -> Template:
    """Read one bundled template's variables and private data from its cookiecutter.json."""
    index = json.loads((resources_root() / "cookiecutter.json").read_text(encoding="utf-8"))["templates"]
    if name not in index:
        raise InvalidValueError(f"unknown framework '{name}'; choose one of {', '.join(index)}")
    entry = index[name]
    path = (resources_root() / entry["path"]).resolve()
    spec = json.loads((path / "cookiecutter.json").read_text(encoding="utf-8"))
    prompts = spec.get("__prompts__", {})
    variables = tuple(_variable(key, value, prompts.get(key)) for key, value in spec.items() if not key.startswith("_"))
    data = {key: value for key, value in spec.items() if key.startswith("_") and key != "__prompts__"}
    return Template(name, entry["title"], entry["description"], path, variables, data)


@cache
def names() -> tuple[str, ...]:
    """The bundled templates' names, in the order the root cookiecutter.json lists them."""
    index = json.loads((resources_root() / "cookiecutter.json").read_text(encoding="utf-8"))
    return tuple(index["templates"])
