"""The assessment as data: each question, its choices, the evidence each gives and the options it implies.

Weights and reasons sit together so a reason can never drift from the points it explains.
Reasons restate the trade-offs in the seed documents (Django: batteries included, admin,
auth, ORM, conventions, large and content-heavy sites; Flask: a minimal core, APIs,
microservices, prototypes, control, a lower learning curve).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.variables import Variable

DJANGO, FLASK = "django", "flask"
FRAMEWORKS = (DJANGO, FLASK)
# A margin below this many points is a close call: either framework serves the answers well.
CLOSE_CALL_MARGIN = 3


@dataclass(frozen=True)
class Evidence:
    """Points for one framework, and the one-line reason they are given."""

    framework: str
    points: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class Question(Variable):
    """An assessment question: a choice (or yes/no) variable whose answers give evidence and imply options.

    `implies` maps an answer to the template variables it sets, per framework; a variable a
    template does not have is ignored.
    """

    evidence: Mapping[Any, Evidence] = field(default_factory=dict)
    implies: Mapping[Any, Mapping[str, Mapping[str, Any]]] = field(default_factory=dict)


def _question(
    qid: str, text: str, choices: tuple[str, ...], evidence: Mapping[str, Evidence], **implies: Any
) -> Question:
    """A question from plain data; ('no', 'yes') choices make a yes/no question with a False default."""
    yes_no = set(choices) == {"yes", "no"}

    def key(answer: str) -> Any:
        return answer == "yes" if yes_no else answer

    return Question(
        name=qid,
        label=text,
        default=(choices[0] == "yes") if yes_no else choices[0],
        choices=() if yes_no else choices,
        evidence={key(answer): points for answer, points in evidence.items()},
        implies={key(answer): options for answer, options in implies.items()},
    )


QUESTIONS: tuple[Question, ...] = (
    _question(
        "size",
        "How large will it be a year from now?",
        ("small", "medium", "large"),
        {
            "small": Evidence(
                FLASK, 2, "A small application needs no full stack; Flask's minimal core keeps it light."
            ),
            "medium": Evidence(DJANGO, 1, "A medium application gains from Django's structure as it grows."),
            "large": Evidence(
                DJANGO, 3, "Large, complex applications are where Django's built-in features and structure pay off."
            ),
        },
        large={DJANGO: {"database": "postgresql"}, FLASK: {"database": "postgresql"}},
    ),
    _question(
        "interface",
        "What will it serve?",
        ("html", "api", "both"),
        {
            "html": Evidence(DJANGO, 1, "Server-rendered pages use Django's templates and forms out of the box."),
            "api": Evidence(FLASK, 3, "A JSON API alone suits Flask's simplicity, with no page layer to carry."),
            "both": Evidence(
                DJANGO, 2, "Pages and an API together: Django's templates plus Django REST Framework cover both."
            ),
        },
        html={
            DJANGO: {"frontend": "html", "use_drf": False},
            FLASK: {"frontend": "html", "use_api": False, "use_wtf": True},
        },
        api={
            DJANGO: {"frontend": "api", "use_drf": True},
            FLASK: {"frontend": "api", "use_api": True, "use_wtf": False},
        },
        both={
            DJANGO: {"frontend": "html", "use_drf": True},
            FLASK: {"frontend": "html", "use_api": True, "use_wtf": True},
        },
    ),
    _question(
        "admin",
        "Do staff need a back-office to manage the data?",
        ("no", "yes"),
        {
            "no": Evidence(FLASK, 1, "No back-office: Django's admin, its standout feature, would go unused."),
            "yes": Evidence(
                DJANGO, 3, "Django generates an admin interface from the models; with Flask you assemble one."
            ),
        },
        no={FLASK: {"use_admin": False}},
        yes={FLASK: {"use_admin": True}},
    ),
    _question(
        "accounts",
        "Will users sign up and log in?",
        ("no", "yes"),
        {
            "no": Evidence(FLASK, 1, "No user accounts: Django's authentication system would sit idle."),
            "yes": Evidence(DJANGO, 2, "Django ships authentication: login, logout, password reset and permissions."),
        },
        no={DJANGO: {"use_accounts": False}, FLASK: {"use_login": False}},
        yes={DJANGO: {"use_accounts": True}, FLASK: {"use_login": True}},
    ),
    _question(
        "data",
        "How much relational data?",
        ("simple", "none", "complex"),
        {
            "simple": Evidence(FLASK, 1, "Simple data needs no more than an ORM you pick, such as SQLAlchemy."),
            "none": Evidence(FLASK, 2, "No database: Flask has no ORM by default, so nothing goes unused."),
            "complex": Evidence(DJANGO, 3, "Complex relational data suits Django's ORM, migrations and admin."),
        },
        simple={FLASK: {"use_sqlalchemy": True}},
        none={FLASK: {"use_sqlalchemy": False}},
        complex={DJANGO: {"database": "postgresql"}, FLASK: {"use_sqlalchemy": True, "database": "postgresql"}},
    ),
    _question(
        "architecture",
        "A standalone application, or one service among several?",
        ("monolith", "microservice"),
        {
            "monolith": Evidence(DJANGO, 1, "A standalone application benefits from Django's all-inclusive design."),
            "microservice": Evidence(
                FLASK, 3, "One service among several stays small and focused on Flask's minimal core."
            ),
        },
    ),
    _question(
        "experience",
        "What does the team know best?",
        ("new", "django", "flask", "both"),
        {
            "new": Evidence(FLASK, 2, "Flask has the lower learning curve for a team new to both."),
            "django": Evidence(DJANGO, 3, "The team already knows Django and its way of doing things."),
            "flask": Evidence(FLASK, 3, "The team already knows Flask and its extensions."),
        },
    ),
    _question(
        "style",
        "Conventions chosen for you, or every component your own choice?",
        ("conventions", "control"),
        {
            "conventions": Evidence(DJANGO, 2, "Django decides the structure for you: convention over configuration."),
            "control": Evidence(FLASK, 2, "Flask lets you choose every component and the project's structure."),
        },
    ),
    _question(
        "background_jobs",
        "Will it run background jobs (email, reports, imports)?",
        ("no", "yes"),
        {
            "yes": Evidence(
                DJANGO,
                1,
                "Background jobs come with a growing application; Django's conventions keep them in order.",
            ),
        },
        no={DJANGO: {"use_celery": False}, FLASK: {"use_celery": False}},
        yes={DJANGO: {"use_celery": True}, FLASK: {"use_celery": True}},
    ),
)

QUESTIONS_BY_ID = {question.name: question for question in QUESTIONS}
