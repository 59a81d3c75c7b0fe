"""The assessment as data: each question, its choices, and the evidence each choice gives.

Weights and reasons sit together so a reason can never drift from the points it explains.
Reasons restate the trade-offs in the seed documents (Django: batteries included, admin,
auth, ORM, conventions, large and content-heavy sites; Flask: a minimal core, APIs,
microservices, prototypes, control, a lower learning curve).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Question:
    """One assessment question; the first choice is the default."""

    id: str
    text: str
    choices: tuple[str, ...]
    evidence: dict[str, Evidence] = field(default_factory=dict)

    @property
    def default(self) -> str:
        return self.choices[0]


QUESTIONS: tuple[Question, ...] = (
    Question(
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
    ),
    Question(
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
    ),
    Question(
        "admin",
        "Do staff need a back-office to manage the data?",
        ("no", "yes"),
        {
            "no": Evidence(FLASK, 1, "No back-office: Django's admin, its standout feature, would go unused."),
            "yes": Evidence(
                DJANGO, 3, "Django generates an admin interface from the models; with Flask you assemble one."
            ),
        },
    ),
    Question(
        "accounts",
        "Will users sign up and log in?",
        ("no", "yes"),
        {
            "no": Evidence(FLASK, 1, "No user accounts: Django's authentication system would sit idle."),
            "yes": Evidence(DJANGO, 2, "Django ships authentication: login, logout, password reset and permissions."),
        },
    ),
    Question(
        "data",
        "How much relational data?",
        ("simple", "none", "complex"),
        {
            "simple": Evidence(FLASK, 1, "Simple data needs no more than an ORM you pick, such as SQLAlchemy."),
            "none": Evidence(FLASK, 2, "No database: Flask has no ORM by default, so nothing goes unused."),
            "complex": Evidence(DJANGO, 3, "Complex relational data suits Django's ORM, migrations and admin."),
        },
    ),
    Question(
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
    Question(
        "experience",
        "What does the team know best?",
        ("new", "django", "flask", "both"),
        {
            "new": Evidence(FLASK, 2, "Flask has the lower learning curve for a team new to both."),
            "django": Evidence(DJANGO, 3, "The team already knows Django and its way of doing things."),
            "flask": Evidence(FLASK, 3, "The team already knows Flask and its extensions."),
        },
    ),
    Question(
        "style",
        "Conventions chosen for you, or every component your own choice?",
        ("conventions", "control"),
        {
            "conventions": Evidence(DJANGO, 2, "Django decides the structure for you: convention over configuration."),
            "control": Evidence(FLASK, 2, "Flask lets you choose every component and the project's structure."),
        },
    ),
    Question(
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
    ),
)

QUESTIONS_BY_ID = {question.id: question for question in QUESTIONS}
