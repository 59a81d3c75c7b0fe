"""The bundled templates: where they are, and their variables, rules and next steps from cookiecutter.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import InvalidValueError
from generator.variables import Variable

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resources_root() -> Path:
    """The folder holding cookiecutter.json, templates/ and hooks/: in the wheel or in the checkout."""
    bundled = PACKAGE_DIR / "_data"
    return bundled if (bundled / "templates").is_dir() else PACKAGE_DIR.parent


@dataclass(frozen=True)
class Step:
    """A command the user runs after generation; framewise's tests run its batch form."""

    run: str
    when: str = ""
    uv: str = ""
    batch: str = ""
    serve: str = ""


@dataclass(frozen=True)
class Template:
    """A bundled cookiecutter template: its variables in prompt order, its rules and its steps."""

    name: str
    title: str
    description: str
    path: Path
    variables: tuple[Variable, ...]
    data: dict[str, Any]  # the private `_` entries: rules, secrets, extensions
    derived: dict[str, Any]  # the rendered private `__` entries, still unrendered
    steps: tuple[Step, ...]

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
        return Variable(name=name, label=text, default=value[0], choices=tuple(value), choice_labels=labels)
    if isinstance(value, str) and "{{" in value:
        return Variable(name=name, label=text, default="", derived=value)
    return Variable(name=name, label=text, default=value)


def _index() -> dict[str, Any]:
    return dict(json.loads((resources_root() / "cookiecutter.json").read_text(encoding="utf-8"))["templates"])


@cache
def load(name: str) -> Template:
    """Read one bundled template's variables, rules and steps from its cookiecutter.json."""
    index = _index()
    if name not in index:
        raise InvalidValueError(f"unknown framework '{name}'; choose one of {', '.join(index)}")
    entry = index[name]
    path = (resources_root() / entry["path"]).resolve()
    spec = json.loads((path / "cookiecutter.json").read_text(encoding="utf-8"))
    prompts = spec.get("__prompts__", {})
    return Template(
        name=name,
        title=entry["title"],
        description=entry["description"],
        path=path,
        variables=tuple(_variable(k, v, prompts.get(k)) for k, v in spec.items() if not k.startswith("_")),
        data={k: v for k, v in spec.items() if k.startswith("_") and not k.startswith("__")},
        derived={k: v for k, v in spec.items() if k.startswith("__") and k != "__prompts__"},
        steps=tuple(Step(**step) for step in spec.get("_next_steps", [])),
    )


@cache
def names() -> tuple[str, ...]:
    """The bundled templates' names, in the order the root cookiecutter.json lists them."""
    return tuple(_index())


def titles() -> dict[str, str]:
    """Each bundled template's title, for the framework question."""
    return {name: str(entry["title"]) for name, entry in _index().items()}
