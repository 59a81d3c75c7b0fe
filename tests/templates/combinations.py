"""The bakes every template test shares, as data: option combinations and the 'no trace' oracle.

Each combination is baked once per test worker (see conftest.py); every test about it carries the
same xdist group, so `--dist loadgroup` keeps them on the worker that holds the bake.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from tests.helpers import TEMPLATES

CONTRACTS = {
    fw: json.loads((TEMPLATES / fw / "cookiecutter.json").read_text(encoding="utf-8")) for fw in ("django", "flask")
}
FLASK_EXTENSIONS = tuple(
    name for name, value in CONTRACTS["flask"].items() if isinstance(value, bool) and name != "use_docker"
)
FLASK_OFF = dict.fromkeys(FLASK_EXTENSIONS, False)
# Text a user may type: quotes, backslashes, Markdown, HTML, shell and unicode. (Jinja syntax is
# left out: plain cookiecutter renders extra context as Jinja; framewise's own tests cover that.)
ODD_NAME = 'Ünïcode "Quoted" \\Back #1 $HOME & <b>bold</b>'
ODD_TEXT = 'It\'s "odd": \\n `code` *stars* [link](x) % 100'

COMBINATIONS: dict[str, dict[str, dict[str, Any]]] = {
    "django": {
        # The defaults, everything at once, and a pairwise covering set of the options.
        "defaults": {},
        "everything": {
            "project_name": "Atlas",
            "database": "postgresql",
            "use_drf": True,
            "use_celery": True,
            "use_docker": True,
            "deploy": "kubernetes",
            "ci": "github",
            "python_version": "3.12",
            "license": "Apache-2.0",
        },
        "pg-html-celery-docker": {
            "project_name": "Birch Notes",
            "database": "postgresql",
            "use_accounts": False,
            "use_celery": True,
            "use_docker": True,
            "python_version": "3.13",
            "license": "BSD-3-Clause",
        },
        "sqlite-html-github": {
            "project_name": ODD_NAME,
            "description": ODD_TEXT,
            "author_name": 'O\'Brien "Bob" \\ Ünïcode',
            "ci": "github",
            "license": "proprietary",
        },
        "pg-api-github": {
            "project_name": "Cobalt",
            "database": "postgresql",
            "frontend": "api",
            "use_accounts": False,
            "use_drf": True,
            "ci": "github",
            "python_version": "3.12",
        },
        "pg-api-docker": {
            "project_name": "Dune Ledger",
            "database": "postgresql",
            "frontend": "api",
            "use_drf": True,
            "use_docker": True,
            "deploy": "kubernetes",
            "license": "Apache-2.0",
        },
        "sqlite-api-celery-docker-github": {
            "project_name": "Ember",
            "frontend": "api",
            "use_drf": True,
            "use_celery": True,
            "use_docker": True,
            "ci": "github",
            "python_version": "3.13",
            "license": "BSD-3-Clause",
        },
        "sqlite-html-drf-no-accounts": {
            "project_name": "Gable Index",
            "use_accounts": False,
            "use_drf": True,
            "python_version": "3.12",
        },
        "sqlite-html-drf-celery": {
            "project_name": "Fjord Market",
            "use_drf": True,
            "use_celery": True,
            "timezone": "Europe/Paris",
            "version": "1.2.3",
        },
    },
    "flask": {
        # Each extension alone with what it requires, all on, all off, the defaults (with text that
        # must be escaped everywhere) and two mixes whose interactions no other bake has.
        "all_on": {
            **dict.fromkeys(FLASK_EXTENSIONS, True),
            "use_docker": True,
            "ci": "github",
            "license": "Apache-2.0",
            "python_version": "3.13",
        },
        "all_off": {**FLASK_OFF, "license": "proprietary", "use_docker": True},
        "defaults": {
            "project_name": 'Ünïcode "Quoted" \\ back <script>alert(1)</script> #1 $HOME',
            "description": 'It\'s a "test" app: 100% \\ [link](x) *bold*',
        },
        "sqlalchemy": {**FLASK_OFF, "use_sqlalchemy": True, "ci": "github", "license": "BSD-3-Clause"},
        "login": {**FLASK_OFF, "use_sqlalchemy": True, "use_login": True, "python_version": "3.12"},
        "wtf": {**FLASK_OFF, "use_wtf": True, "ci": "github"},
        "admin": {
            **FLASK_OFF,
            "use_sqlalchemy": True,
            "use_login": True,
            "use_admin": True,
            "database": "postgresql",
            "use_docker": True,
            "deploy": "kubernetes",
            "ci": "github",
        },
        "api": {**FLASK_OFF, "use_api": True},
        "cors": {**FLASK_OFF, "use_api": True, "use_cors": True, "license": "BSD-3-Clause"},
        "caching": {**FLASK_OFF, "use_caching": True, "use_docker": True},
        # Kubernetes needs PostgreSQL for a database; this bake has none, so the choice changes nothing else.
        "celery": {
            **FLASK_OFF,
            "use_celery": True,
            "use_docker": True,
            "deploy": "kubernetes",
            "database": "postgresql",
            "ci": "github",
        },
        "stateless_service": {
            **FLASK_OFF,
            "use_wtf": True,
            "use_api": True,
            "use_cors": True,
            "use_caching": True,
            "use_celery": True,
        },
        # No HTML page layer: JSON everywhere, the API docs the only page.
        "api_only": {
            **FLASK_OFF,
            "frontend": "api",
            "use_api": True,
            "use_sqlalchemy": True,
            "database": "postgresql",
            "use_cors": True,
            "ci": "github",
        },
        "api_stateless": {
            **FLASK_OFF,
            "frontend": "api",
            "use_api": True,
            "use_caching": True,
            "use_celery": True,
            "use_docker": True,
        },
        "accounts_cached": {
            **FLASK_OFF,
            "use_sqlalchemy": True,
            "use_login": True,
            "use_caching": True,
            "database": "postgresql",
            "use_docker": True,
            "deploy": "kubernetes",
        },
    },
}


def _words(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


# What an unselected option must not leave anywhere in a project (in a file's path or text): each
# pattern may appear only where every one of its conditions holds.
TRACES: dict[str, list[tuple[tuple[str, ...], re.Pattern[str]]]] = {
    "django": [
        (("use_drf",), re.compile(r"rest_framework|djangorestframework|drf|spectacular|api/v1", re.I)),
        # Redis is every production's shared cache; Celery alone brings the worker and its broker.
        (("use_celery",), re.compile(r"celery", re.I)),
        (("use_docker",), re.compile(r"docker|compose", re.I)),
        (("database=postgresql",), re.compile(r"postgres|psycopg", re.I)),
        (("ci=github",), re.compile(r"github actions|\.github|workflow", re.I)),
        (("deploy=kubernetes",), re.compile(r"kustomiz|k8s|kubectl", re.I)),
        # An API-only project keeps one template, the API docs page (templates/api/docs.html).
        (("frontend=html",), re.compile(r"base\.html|pages\.urls|context_processors\.project|site\.css")),
        (("use_accounts",), re.compile(r"sign-?up|sign up|password.reset|/accounts/|welcome", re.I)),
    ],
    "flask": [
        (("use_sqlalchemy",), _words("sqlalchemy", "SQLAlchemy", "flask_migrate", "Flask-Migrate", "DATABASE_URL")),
        (("use_sqlalchemy",), _words("db upgrade")),
        (("use_login",), _words("flask_login", "flask-login", "Flask-Login", "login_manager", "/auth/")),
        (("use_login",), _words("flask_limiter", "flask-limiter", "Flask-Limiter", "PASSWORD_HASH")),
        # CSRFProtect (Flask-WTF) guards every HTML project's forms; WTForms classes are use_wtf's.
        (("use_wtf",), _words("wtforms", "email-validator", "/contact")),
        (("frontend=html",), _words("flask_wtf", "flask-wtf", "CSRFProtect", "WTF_CSRF", "render_template")),
        (("frontend=html",), _words("templates/", "static/", "style.css")),
        (("use_admin",), _words("flask_admin", "flask-admin", "Flask-Admin", "/admin", "create-admin", "is_admin")),
        (("use_api",), _words("flask_smorest", "flask-smorest", "marshmallow", "/api", "OPENAPI", "openapi")),
        (("use_api",), _words("swagger", "Swagger")),
        (("use_cors",), _words("flask_cors", "flask-cors", "Flask-CORS", "CORS_ORIGINS", "CORS")),
        (("use_caching",), _words("flask_caching", "flask-caching", "Flask-Caching", "CACHE_TYPE", "/stats")),
        (("use_celery",), _words("celery", "Celery", "/tasks")),
        (("use_sqlalchemy", "database=postgresql"), re.compile(r"postgres|psycopg", re.I)),
        (("deploy=kubernetes",), re.compile(r"kustomiz|k8s|kubectl", re.I)),
    ],
}


def holds(condition: str, values: Mapping[str, Any]) -> bool:
    key, sep, expected = condition.partition("=")
    return str(values[key]) == expected if sep else bool(values[key])


def choices(framework: str, name: str) -> list[Any]:
    """Every value a template variable can take."""
    default = CONTRACTS[framework][name]
    if isinstance(default, bool):
        return [False, True]
    return default if isinstance(default, list) else [default]


@dataclass(frozen=True)
class Combo:
    """One bake: a template and a named combination of its options."""

    framework: str
    name: str

    @property
    def context(self) -> dict[str, Any]:
        """What the bake passes to cookiecutter."""
        own = COMBINATIONS[self.framework][self.name]
        if self.framework == "flask":
            return {"project_name": f"Flask {self.name.replace('_', ' ')}", "project_slug": f"fw_{self.name}", **own}
        return dict(own)

    @property
    def values(self) -> dict[str, Any]:
        """Every variable's value in the bake: its own, then the template's defaults."""
        contract = CONTRACTS[self.framework]
        defaults = {k: v[0] if isinstance(v, list) else v for k, v in contract.items() if not k.startswith("_")}
        return {**defaults, **self.context}

    def __str__(self) -> str:
        return f"{self.framework}-{self.name}"


def combos(framework: str | None = None, where: Callable[[dict[str, Any]], bool] | None = None) -> list[Any]:
    """pytest parameters for the bakes of one template (or both), each in its bake's xdist group."""
    return [
        pytest.param(combo, id=str(combo), marks=pytest.mark.xdist_group(f"bake-{combo}"))
        for fw in ([framework] if framework else list(COMBINATIONS))
        for combo in (Combo(fw, name) for name in COMBINATIONS[fw])
        if where is None or where(combo.values)
    ]
