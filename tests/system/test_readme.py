"""The README stays true: its assessment table, variables and test command match the code."""

from __future__ import annotations

import re

from generator import catalog
from generator.questions import CLOSE_CALL_MARGIN, QUESTIONS
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_assessment_table_matches_the_question_data() -> None:
    rows = re.findall(r"^\| (\w+) \| (.+?) \| (.+?) \|$", README, re.MULTILINE)
    table = {qid: (text, choices) for qid, text, choices in rows if qid not in {"id", "path", "template"}}
    assert table == {q.name: (q.label, ", ".join(q.values)) for q in QUESTIONS}
    assert f"A margin below {CLOSE_CALL_MARGIN} points is a close call" in README


def test_every_template_variable_is_documented() -> None:
    for name in catalog.names():
        for variable in catalog.load(name).names:
            assert f"`{variable}`" in README, variable


def test_the_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    quick_start = README.split("## Quick start")[1].split("\n## ")[0]
    assert quick_start.count("```sh") == 2
    assert "<!-- test-command -->\n```sh\n" in quick_start
    assert "README.md" in (ROOT / ".ci" / "run").read_text()
