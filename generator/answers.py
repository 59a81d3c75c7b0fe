"""Answers given up front: an answers file and --set values, read as plain text data."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.errors import AnswersFileError, InvalidValueError

MAX_ANSWERS_BYTES = 64 * 1024
SCALARS = (str, bool, int, float)


def load_file(path: Path) -> dict[str, Any]:
    """Read a flat YAML or JSON mapping of answers; refuse anything else with one line."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_ANSWERS_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: a path with a NUL byte
        raise AnswersFileError(
            f"cannot read answers file {path}: {getattr(error, 'strerror', None) or error}"
        ) from error
    if len(raw) > MAX_ANSWERS_BYTES:
        raise AnswersFileError(f"answers file {path} is larger than the limit of {MAX_ANSWERS_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AnswersFileError(f"answers file {path} is not UTF-8 text") from error
    if not text.strip():
        raise AnswersFileError(
            f"answers file {path} is empty; write one 'key: value' line per answer, e.g. 'size: large'"
        )
    data = _parse(path, text)
    if not isinstance(data, dict):
        raise AnswersFileError(f"answers file {path} must be a mapping of keys to values, such as 'size: large'")
    for key, value in data.items():
        if value is not None and not isinstance(value, SCALARS):
            raise AnswersFileError(
                f"answers file {path}: '{key}' must be text, a number or yes/no, not a list or mapping"
            )
    return {key: value for key, value in data.items() if value is not None}


def _parse(path: Path, text: str) -> Any:
    """JSON for .json files, else YAML read as plain text: no tags, dates or numbers are constructed."""
    if path.suffix.lower() == ".json":
        try:
            # Numbers stay the text the user wrote, as YAML's do: 1.10 is not 1.1, 1e999 is not infinity,
            # and a number of 5000 digits is just long text. NaN and Infinity are not JSON at all.
            return json.loads(text, parse_int=str, parse_float=str, parse_constant=_not_json)
        except json.JSONDecodeError as error:
            raise AnswersFileError(
                f"answers file {path} is not valid JSON (line {error.lineno}: {error.msg})"
            ) from error
        except RecursionError as error:
            raise AnswersFileError(f"answers file {path} is nested too deeply to read") from error
        except ValueError as error:  # _not_json
            raise AnswersFileError(f"answers file {path} is not valid JSON ({error})") from error
    import yaml  # only here: it is not needed on the CLI's common paths

    try:
        # BaseLoader keeps every scalar as the text the user wrote ('1.10' stays '1.10', 'no' stays 'no');
        # each variable then reads its own type.
        return yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise AnswersFileError(f"answers file {path} is not valid YAML{where}") from error
    except RecursionError as error:
        raise AnswersFileError(f"answers file {path} is nested too deeply to read") from error


def _not_json(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def parse_set(items: Iterable[str]) -> dict[str, str]:
    """Parse repeated --set KEY=VALUE options."""
    values = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidValueError(f"--set takes KEY=VALUE, got '{item}'")
        values[key.strip()] = value
    return values


def given(answers_file: Path | None, settings: Iterable[str]) -> dict[str, Any]:
    """The answers file, then --set values on top: one flat namespace of questions and variables."""
    return {**(load_file(answers_file) if answers_file else {}), **parse_set(settings)}
