"""Answers from files and --set: read, checked and coerced exactly like interactive ones."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.catalog import Variable, hooks
from generator.errors import AnswersFileError, InvalidValueError, UnknownKeyError

MAX_ANSWERS_BYTES = 64 * 1024
SCALARS = (str, bool, int, float)


def load_file(path: Path) -> dict[str, Any]:
    """Read a flat YAML or JSON mapping of answers; refuse anything else with one line."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_ANSWERS_BYTES + 1)
    except OSError as error:
        raise AnswersFileError(f"cannot read answers file {path}: {error.strerror or error}") from error
    if len(raw) > MAX_ANSWERS_BYTES:
        raise AnswersFileError(f"answers file {path} is larger than the limit of {MAX_ANSWERS_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AnswersFileError(f"answers file {path} is not UTF-8 text") from error
    data = _parse(path, text)
    if not isinstance(data, dict):
        raise AnswersFileError(f"answers file {path} must hold a mapping of keys to values, not {type(data).__name__}")
    for key, value in data.items():
        if not isinstance(key, str):
            raise AnswersFileError(f"answers file {path}: key {key!r} is not text")
        if value is not None and not isinstance(value, SCALARS):
            raise AnswersFileError(
                f"answers file {path}: '{key}' must be text, a number or yes/no, not {type(value).__name__}"
            )
    return {key: value for key, value in data.items() if value is not None}


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise AnswersFileError(
                f"answers file {path} is not valid JSON (line {error.lineno}: {error.msg})"
            ) from error
    import yaml  # only here: it is not needed on the CLI's common paths

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise AnswersFileError(f"answers file {path} is not valid YAML{where}") from error


def parse_set(items: Iterable[str]) -> dict[str, str]:
    """Parse repeated --set KEY=VALUE options."""
    values = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidValueError(f"--set takes KEY=VALUE, got '{item}'")
        values[key.strip()] = value
    return values


def coerce(variable: Variable, value: Any) -> Any:
    """Check a value for a template variable and convert it to the variable's type."""
    if variable.kind == "bool":
        try:
            return hooks().to_bool(value)
        except hooks().HookError:
            raise InvalidValueError(
                f"invalid value for '{variable.name}': '{value}' is not one of yes, no, true, false"
            ) from None
    text = str(value) if not isinstance(value, bool) else ("yes" if value else "no")
    if variable.kind == "choice" and text not in variable.choices:
        raise InvalidValueError(
            f"invalid value for '{variable.name}': '{text}' is not one of {', '.join(variable.choices)}"
        )
    return text


def split(
    values: Mapping[str, Any], questions: Iterable[str], variables: Iterable[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split one flat namespace into assessment answers and template values; refuse unknown keys."""
    question_ids, variable_names = list(questions), list(variables)
    for key in values:
        if key not in question_ids and key not in variable_names:
            raise UnknownKeyError(f"unknown key '{key}'; valid keys are {', '.join(question_ids + variable_names)}")
    answers = {k: v for k, v in values.items() if k in question_ids}
    return answers, {k: v for k, v in values.items() if k in variable_names}
