"""The final values of a template: defaults, assessment options, given answers, prompts, rules."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

from generator.answers import coerce
from generator.catalog import Template, Variable, hooks
from generator.errors import InvalidValueError

Ask = Callable[[Variable, Any], Any]


def defaults(template: Template, implied: Mapping[str, Any]) -> dict[str, Any]:
    """Template defaults overridden by what the assessment implies and by this machine's Python."""
    values = {v.name: v.default for v in template.variables if not v.derived}
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if "python_version" in values and running in template.variable("python_version").choices:
        values["python_version"] = running
    values.update({k: v for k, v in implied.items() if k in values})
    return values


def resolve(
    template: Template,
    given: Mapping[str, Any],
    implied: Mapping[str, Any],
    ask: Ask | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Settle every variable (given > asked > implied > default) and apply the template's rules.

    Returns the values, including the template's private data, and notes on what the rules changed.
    """
    base = defaults(template, implied)
    values: dict[str, Any] = {}
    for variable in template.variables:
        default = hooks().derive_slug(values["project_name"]) if variable.derived else base[variable.name]
        if variable.name in given:
            values[variable.name] = coerce(variable, given[variable.name])
        elif ask is not None:
            values[variable.name] = ask(variable, default)
        else:
            values[variable.name] = default
    values.update(template.data)
    notes = []
    for condition, needed in hooks().missing_requirements(values):
        name, value = hooks().satisfied(needed)
        values[name] = value
        change = f"turned {name} {'on' if value else 'off'}" if isinstance(value, bool) else f"set {needed}"
        notes.append(f"{hooks().describe(condition)} needs {name if value is True else needed}: {change}")
    return values, notes


def check_text(name: str, value: str) -> None:
    """Check one typed text answer at the prompt, with the same rules the hook applies."""
    try:
        hooks().validate_value(name, value)
    except hooks().HookError as error:
        raise InvalidValueError(str(error)) from None


def check(values: Mapping[str, Any]) -> None:
    """Run the template's own pre-generation validation, as the hook would, before rendering."""
    try:
        hooks().pre_gen(values)
    except hooks().HookError as error:
        raise InvalidValueError(str(error)) from None


def next_steps(values: Mapping[str, Any]) -> list[str]:
    """The commands a user runs after generation: cd, install, test, then the template's own."""
    steps = [
        f"cd {values['project_slug']}",
        "python -m venv .venv && . .venv/bin/activate",
        'pip install -e ".[dev]"',
        "pytest",
    ]
    for step in values.get("_next_steps", []):
        if hooks().holds(step.get("when", ""), values) if step.get("when") else True:
            steps.append(step["run"].replace("{project_slug}", values["project_slug"]))
    return steps
