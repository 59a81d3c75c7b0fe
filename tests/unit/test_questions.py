"""The assessment data: every question can be answered, and every option it implies is a real variable."""

from __future__ import annotations

import pytest

from generator import catalog
from generator.questions import FRAMEWORKS, QUESTIONS


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_every_implied_option_is_a_variable_with_a_valid_value(question) -> None:
    for answer, per_framework in question.implies.items():
        assert answer in question.evidence or question.parse(answer) == answer
        for framework, options in per_framework.items():
            assert framework in FRAMEWORKS
            template = catalog.load(framework)
            for name, value in options.items():
                if name in template.names:
                    assert template.variable(name).parse(value) == value, (question.name, name)


def test_every_option_a_question_implies_exists_in_at_least_one_template() -> None:
    variables = {name for framework in FRAMEWORKS for name in catalog.load(framework).names}
    implied = {n for q in QUESTIONS for per in q.implies.values() for opts in per.values() for n in opts}
    assert implied <= variables


def test_yes_no_questions_default_to_no() -> None:
    for question in QUESTIONS:
        if question.kind == "bool":
            assert question.default is False and question.values == ("no", "yes")
