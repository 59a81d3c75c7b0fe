"""Scoring the assessment: pure functions over the question data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.errors import InvalidValueError
from generator.questions import (
    CLOSE_CALL_MARGIN,
    DJANGO,
    FLASK,
    QUESTIONS,
    QUESTIONS_BY_ID,
    Evidence,
)

YES_NO = {"yes": "yes", "y": "yes", "true": "yes", "no": "no", "n": "no", "false": "no"}


@dataclass(frozen=True)
class Reason:
    """An answer that moved the score."""

    question: str
    answer: str
    evidence: Evidence


@dataclass(frozen=True)
class Recommendation:
    """The outcome of an assessment."""

    answers: dict[str, str]
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

    def options(self, framework: str | None = None) -> dict[str, Any]:
        """The template variables these answers imply for a framework (the recommended one by default)."""
        return implied_options(self.answers, framework or self.framework)

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

    def decision_context(self, chosen: str) -> dict[str, Any]:
        """What the decision record (ADR) needs, passed to the template as `_assessment`."""
        return {
            "recommended": self.framework,
            "chosen": chosen,
            "scores": dict(self.scores),
            "close_call": self.close_call,
            "close_call_reason": self.close_call_reason,
            "answers": [{"id": q.id, "question": q.text, "answer": self.answers[q.id]} for q in QUESTIONS],
            "reasons": self.as_dict()["reasons"],
        }


def normalize_answer(question_id: str, value: object) -> str:
    """Check an answer against its question's choices; booleans may be yes/no/true/false."""
    question = QUESTIONS_BY_ID[question_id]
    text = str(value).strip().lower() if not isinstance(value, bool) else ("yes" if value else "no")
    if set(question.choices) == {"yes", "no"}:
        text = YES_NO.get(text, text)
    if text not in question.choices:
        raise InvalidValueError(
            f"invalid answer for '{question_id}': '{value}' is not one of {', '.join(question.choices)}"
        )
    return text


def assess(answers: Mapping[str, object]) -> Recommendation:
    """Score answers (missing ones take the default) and explain every point given."""
    unknown = set(answers) - set(QUESTIONS_BY_ID)
    if unknown:
        raise InvalidValueError(
            f"unknown question '{sorted(unknown)[0]}'; the questions are {', '.join(QUESTIONS_BY_ID)}"
        )
    chosen = {q.id: normalize_answer(q.id, answers[q.id]) if q.id in answers else q.default for q in QUESTIONS}
    scores = {DJANGO: 0, FLASK: 0}
    reasons = []
    for question in QUESTIONS:
        evidence = question.evidence.get(chosen[question.id])
        if evidence:
            scores[evidence.framework] += evidence.points
            reasons.append(Reason(question.id, chosen[question.id], evidence))
    return Recommendation(chosen, scores, tuple(reasons))


def implied_options(answers: Mapping[str, str], framework: str) -> dict[str, Any]:
    """Map assessment answers onto a template's variables."""
    api = answers["interface"] in ("api", "both")
    database = "postgresql" if answers["data"] == "complex" or answers["size"] == "large" else "sqlite"
    jobs = answers["background_jobs"] == "yes"
    if framework == DJANGO:
        return {
            "frontend": "api" if answers["interface"] == "api" else "html",
            "use_drf": api,
            "use_celery": jobs,
            "database": database,
        }
    return {
        "use_sqlalchemy": answers["data"] != "none",
        "database": database,
        "use_login": answers["accounts"] == "yes",
        "use_wtf": answers["interface"] in ("html", "both"),
        "use_admin": answers["admin"] == "yes",
        "use_api": api,
        "use_celery": jobs,
    }
