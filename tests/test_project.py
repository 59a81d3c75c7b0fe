"""Settling a template's values: precedence, derived slug, rules and next steps."""

from __future__ import annotations

import sys

import pytest

from generator import catalog, project
from generator.errors import InvalidValueError


def test_given_values_beat_implied_options_which_beat_defaults() -> None:
    values, notes = project.resolve(
        catalog.load("django"), {"database": "sqlite"}, {"database": "postgresql", "use_celery": True}
    )
    assert values["database"] == "sqlite"
    assert values["use_celery"] is True
    assert values["use_docker"] is False
    assert notes == []


def test_the_slug_derives_from_the_name_unless_given() -> None:
    values, _ = project.resolve(catalog.load("flask"), {"project_name": "Café Menu"}, {})
    assert values["project_slug"] == "cafe_menu"
    values, _ = project.resolve(catalog.load("flask"), {"project_name": "X", "project_slug": "menu"}, {})
    assert values["project_slug"] == "menu"


def test_python_version_defaults_to_the_running_interpreter_when_supported() -> None:
    values, _ = project.resolve(catalog.load("django"), {}, {})
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    choices = catalog.load("django").variable("python_version").choices
    assert values["python_version"] == (running if running in choices else choices[0])


def test_requirements_are_turned_on_and_said() -> None:
    values, notes = project.resolve(catalog.load("django"), {"frontend": "api", "use_drf": False}, {})
    assert values["use_drf"] is True
    assert notes == ["frontend=api needs use_drf: turned use_drf on"]


def test_answers_are_asked_in_order_with_defaults_prefilled() -> None:
    asked = []

    def ask(variable, default):
        asked.append((variable.name, default))
        return "Ask Me" if variable.name == "project_name" else default

    values, _ = project.resolve(catalog.load("django"), {"version": "2.0"}, {"use_drf": True}, ask)
    assert asked[0] == ("project_name", "My Django Project")
    assert ("project_slug", "ask_me") in asked
    assert ("use_drf", True) in asked
    assert "version" not in dict(asked)
    assert values["project_slug"] == "ask_me"


def test_check_refuses_what_the_hook_would_refuse() -> None:
    values, _ = project.resolve(catalog.load("flask"), {"project_name": "json"}, {})
    with pytest.raises(InvalidValueError, match="shadow the module 'json'"):
        project.check(values)
    with pytest.raises(InvalidValueError, match="line break"):
        project.check_text("description", "a\nb")


def test_next_steps_start_with_cd_install_test() -> None:
    values, _ = project.resolve(catalog.load("django"), {"project_name": "Blog"}, {})
    steps = project.next_steps(values)
    assert steps[:4] == ["cd blog", "python -m venv .venv && . .venv/bin/activate", 'pip install -e ".[dev]"', "pytest"]
