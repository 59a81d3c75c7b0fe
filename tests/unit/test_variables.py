"""The one variable model: parsing from any source, showing, and prompting with the template's labels."""

from __future__ import annotations

import pytest

from generator import catalog
from generator.errors import InvalidValueError
from generator.questions import QUESTIONS_BY_ID

DJANGO = catalog.load("django")


@pytest.mark.parametrize(
    ("given", "expected"), [("yes", True), ("TRUE", True), ("y", True), (False, False), ("off", False)]
)
def test_booleans_and_yes_no_questions_read_the_same_words(given: object, expected: bool) -> None:
    assert DJANGO.variable("use_drf").parse(given) is expected
    assert QUESTIONS_BY_ID["admin"].parse(given) is expected


def test_a_choice_is_read_in_any_letter_case_and_given_back_as_defined() -> None:
    assert DJANGO.variable("database").parse(" PostgreSQL ") == "postgresql"
    assert QUESTIONS_BY_ID["size"].parse("Large") == "large"


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("database", "mysql", "invalid value for 'database': 'mysql' is not one of sqlite, postgresql"),
        ("use_drf", "maybe", "invalid value for 'use_drf': 'maybe' is not one of yes, no"),
        ("version", "one", "not a PEP 440 version"),
        ("project_name", "two\nlines", "line break"),
        ("project_name", True, "give text, not bool"),
    ],
)
def test_a_bad_value_names_the_variable_and_what_is_valid(name: str, value: object, problem: str) -> None:
    with pytest.raises(InvalidValueError, match=problem):
        DJANGO.variable(name).parse(value)


def test_a_long_bad_value_is_shortened_in_the_message() -> None:
    with pytest.raises(InvalidValueError) as caught:
        DJANGO.variable("database").parse("x" * 500)
    assert len(str(caught.value)) < 150


@pytest.mark.parametrize("version", ["1.0-beta", "1.0b0", "2024.1.post2", "1!2.0.dev3", "0.1.0+local.7", "v1.2"])
def test_versions_that_packaging_accepts_are_accepted(version: str) -> None:
    assert DJANGO.variable("version").parse(version) == version


def test_numbers_from_an_answers_file_are_text_to_a_text_variable() -> None:
    assert DJANGO.variable("version").parse(2) == "2"


def test_prompts_use_the_template_labels_for_each_choice() -> None:
    assert DJANGO.variable("database").prompt() == (
        "Database (sqlite = SQLite (a file, nothing to run); postgresql = PostgreSQL (psycopg 3))"
    )
    assert DJANGO.variable("use_drf").prompt().endswith("(yes/no)")
    assert QUESTIONS_BY_ID["size"].prompt() == "How large will it be a year from now? (small, medium, large)"


def test_values_are_shown_as_a_user_types_them() -> None:
    assert DJANGO.variable("use_drf").show(True) == "yes"
    assert DJANGO.variable("use_drf").values == ("no", "yes")
    assert QUESTIONS_BY_ID["size"].values == ("small", "medium", "large")
