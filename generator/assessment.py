"""Scoring the assessment: pure functions over the question data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.errors import UnknownKeyError
from generator.questions import CLOSE_CALL_MARGIN, DJANGO, FLASK, QUESTIONS, QUESTIONS_BY_ID, Evidence


@dataclass(frozen=True)
class Reason:
    """An answer that moved the score."""

    question: str
    answer: str
    evidence: Evidence


@dataclass(frozen=True)
class Recommendation:
    """The outcome of an assessment: every answer (defaults included), both scores and the reasons."""

    answers: dict[str, Any]
    scores: dict[str, int]
    reasons: tuple[Reason, ...]

    @property
    def framework(self) -> str:
        # A tie goes to Django: the seeds advise choosing for the project a year from now.
        return FLASK if self.scores[FLASK] > self.scores[DJANGO] else DJANGO

    @property
    def margin(self) -> int:
        return abs(self.scores[DJANGO] - self.scores[FLASK])

    @property
    def close_call(self) -> bool:
        return self.margin < CLOSE_CALL_MARGIN

    @property
    def close_call_reason(self) -> str:
        return (
            f"the margin is {self.margin} point{'s' if self.margin != 1 else ''}, below {CLOSE_CALL_MARGIN}: "
            "both frameworks fit these answers, so the team's preference can decide."
        )

    def shown(self) -> dict[str, str]:
        """The answers as a user types them (yes/no for booleans)."""
        return {name: QUESTIONS_BY_ID[name].show(value) for name, value in self.answers.items()}

    def options(self, framework: str | None = None) -> dict[str, Any]:
        """The template variables these answers imply for a framework (the recommended one by default)."""
        framework = framework or self.framework
        implied: dict[str, Any] = {}
        for question in QUESTIONS:
            implied.update(question.implies.get(self.answers[question.name], {}).get(framework, {}))
        return implied

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `framewise assess --json`."""
        return {
            "framework": self.framework,
            "scores": dict(self.scores),
            "close_call": self.close_call,
            "reasons": [
                {
                    "question": r.question,
                    "answer": r.answer,
                    "framework": r.evidence.framework,
                    "points": r.evidence.points,
                    "text": r.evidence.reason,
                }
                for r in self.reasons
            ],
            "options": self.options(),
        }

    def decision(self, chosen: str) -> dict[str, Any]:
        """What the decision record needs, passed to the template as `_assessment`."""
        shown = self.shown()
        return {
            "recommended": self.framework,
            "chosen": chosen,
            "scores": dict(self.scores),
            "close_call": self.close_call,
            "close_call_reason": self.close_call_reason,
            "answers": [{"id": q.name, "question": q.label, "answer": shown[q.name]} for q in QUESTIONS],
            "reasons": self.as_dict()["reasons"],
        }


def assess(answers: Mapping[str, Any]) -> Recommendation:
    """Score parsed answers (a missing one takes its default) and explain every point given."""
    unknown = sorted(set(answers) - set(QUESTIONS_BY_ID))
    if unknown:
        raise UnknownKeyError(f"unknown question '{unknown[0]}'; the questions are {', '.join(QUESTIONS_BY_ID)}")
    chosen = {q.name: answers.get(q.name, q.default) for q in QUESTIONS}
    scores = {DJANGO: 0, FLASK: 0}
    reasons = []
    for question in QUESTIONS:
        evidence = question.evidence.get(chosen[question.name])
        if evidence:
            scores[evidence.framework] += evidence.points
            reasons.append(Reason(question.name, question.show(chosen[question.name]), evidence))
    return Recommendation(chosen, scores, tuple(reasons))
