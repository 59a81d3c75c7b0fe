"""One model of a variable a user answers: a template's variable and an assessment question alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import framewise_hooks as rules
from generator.errors import InvalidValueError

Kind = Literal["text", "bool", "choice"]


@dataclass(frozen=True, kw_only=True)
class Variable:
    """A value a user gives: text, a yes/no boolean, or one of some choices (the first is the default).

    It knows how to read a value from any source (a prompt, an answers file, --set), how to show
    one, and how to ask for one with the template's own labels.
    """

    name: str
    label: str
    default: Any
    choices: tuple[str, ...] = ()
    choice_labels: Mapping[str, str] = field(default_factory=dict)
    # A text default computed from earlier answers, as cookiecutter renders it ("{{ cookiecutter.x | slug }}").
    derived: str | None = None

    @property
    def kind(self) -> Kind:
        if isinstance(self.default, bool):
            return "bool"
        return "choice" if self.choices else "text"

    def parse(self, value: object) -> Any:
        """Check a value and return it in the variable's type; InvalidValueError names the valid values."""
        if self.kind == "bool":
            try:
                return rules.to_bool(value)
            except rules.HookError:
                raise self._refuse(value, "yes, no") from None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InvalidValueError(f"invalid value for '{self.name}': give text, not {type(value).__name__}")
        text = str(value).strip() if self.kind == "choice" else str(value)
        if self.kind == "choice":
            match = next((choice for choice in self.choices if choice.lower() == text.lower()), None)
            if match is None:
                raise self._refuse(value, ", ".join(self.choices))
            return match
        try:
            rules.validate_value(self.name, text)
        except rules.HookError as error:
            raise InvalidValueError(str(error)) from None
        return text

    def show(self, value: Any) -> str:
        """A value as a user types it: booleans as yes/no."""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    def prompt(self) -> str:
        """The question, with the template's label for each choice when it has them."""
        if self.kind == "bool":
            return f"{self.label} (yes/no)"
        if not self.choices:
            return self.label
        described = [
            f"{choice} = {self.choice_labels[choice]}" for choice in self.choices if choice in self.choice_labels
        ]
        listing = "; ".join(described) if len(described) == len(self.choices) else ", ".join(self.choices)
        return f"{self.label} ({listing})"

    @property
    def values(self) -> tuple[str, ...]:
        """What a user may type, as shown in help and messages: the choices, or yes and no."""
        if self.kind == "bool":
            return ("yes", "no") if self.default else ("no", "yes")
        return self.choices

    def _refuse(self, value: object, valid: str) -> InvalidValueError:
        shown = str(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return InvalidValueError(f"invalid value for '{self.name}': '{shown}' is not one of {valid}")
