"""Hook logic shared by both templates: validate answers, prune files, write secrets and the ADR.

This is the one copy. framewise imports it and runs it in-process; each template's
cookiecutter hook scripts import it when the template is used by plain cookiecutter.
It uses the standard library only, so it runs wherever cookiecutter does.

Each template declares its own rules as data in cookiecutter.json:
  _requires      {"condition": ["condition", ...]}  what must also hold when the condition holds
  _prune_unless  {"condition": ["path", ...]}  paths removed unless the condition holds
  _secrets       ["NAME", ...]                 .env variables given a fresh random value
A condition is "var" (true), "!var" (false) or "var=value".
"""

from __future__ import annotations

import datetime
import importlib.util
import keyword
import re
import secrets
import shutil
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SLUG_MAX_LENGTH = 40
TEXT_MAX_LENGTH = 200
# Names a project package must not take even where the module is not installed here:
# the frameworks, their common dependencies, and folders the templates create themselves.
RESERVED_SLUGS = frozenset(
    {
        "alembic",
        "api",
        "app",
        "celery",
        "click",
        "config",
        "django",
        "docs",
        "flask",
        "flask_admin",
        "flask_caching",
        "flask_cors",
        "flask_login",
        "flask_migrate",
        "flask_smorest",
        "flask_sqlalchemy",
        "flask_wtf",
        "gunicorn",
        "instance",
        "itsdangerous",
        "jinja2",
        "kombu",
        "manage",
        "marshmallow",
        "migrations",
        "psycopg",
        "pytest",
        "redis",
        "rest_framework",
        "site",
        "sqlalchemy",
        "static",
        "templates",
        "test",
        "tests",
        "werkzeug",
        "whitenoise",
        "wtforms",
    }
)
TRUE_WORDS = frozenset({"y", "yes", "true", "1", "on"})
FALSE_WORDS = frozenset({"n", "no", "false", "0", "off"})


class HookError(Exception):
    """Raised when the answers cannot produce a project; the message is one line for the user."""


def to_bool(value: Any) -> bool:
    """Read a boolean answer given as a bool or as yes/no/true/false text."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise HookError(f"'{value}' is not a yes/no answer; use yes, no, true or false")


def derive_slug(name: str) -> str:
    """Turn a project name into a candidate package name: 'My Blog!' -> 'my_blog'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:SLUG_MAX_LENGTH].strip("_")


def validate_slug(slug: str) -> None:
    """Refuse a project_slug that is not a safe, importable, non-shadowing package name."""
    how = "set project_slug to a lower-case Python identifier such as 'my_project'"
    if not slug:
        raise HookError(f"project_slug is empty; {how}")
    if len(slug) > SLUG_MAX_LENGTH:
        raise HookError(f"project_slug '{slug}' is longer than {SLUG_MAX_LENGTH} characters")
    if not (slug.isidentifier() and slug.isascii() and slug == slug.lower()):
        raise HookError(f"project_slug '{slug}' is not a lower-case Python identifier; {how}")
    if keyword.iskeyword(slug):
        raise HookError(f"project_slug '{slug}' is a Python keyword; {how}")
    if slug in RESERVED_SLUGS or slug in sys.stdlib_module_names or _importable(slug):
        raise HookError(f"project_slug '{slug}' would shadow the module '{slug}'; choose another name")


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # find_spec("__main__") raises ValueError
        return True


def validate_text(key: str, value: str) -> None:
    """Refuse text that cannot sit on one line of any generated file."""
    if any(unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"} for char in value):
        raise HookError(f"{key} contains a control character or line break; use one line of text")
    if len(value) > TEXT_MAX_LENGTH:
        raise HookError(f"{key} is longer than {TEXT_MAX_LENGTH} characters")


# The public version pattern of PEP 440 (its appendix B), without local versions.
PEP440 = re.compile(
    r"([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?"
    r"(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?"
)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def validate_version(version: str) -> None:
    """Refuse a version that packaging tools would reject."""
    if not PEP440.fullmatch(version):
        raise HookError(f"version '{version}' is not a PEP 440 version such as 0.1.0 or 1.0rc1")


def validate_timezone(name: str) -> None:
    """Refuse a time zone the project could not load."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise HookError(f"timezone '{name}' is not an IANA time zone such as UTC or Europe/Paris") from None


def validate_email(address: str) -> None:
    """Refuse an author email that pyproject.toml metadata would reject."""
    if not EMAIL.fullmatch(address):
        raise HookError(f"author_email '{address}' is not an email address such as you@example.com")


FIELD_CHECKS = {
    "project_slug": validate_slug,
    "version": validate_version,
    "timezone": validate_timezone,
    "author_email": validate_email,
}


def validate_value(key: str, value: str) -> None:
    """Check one text answer: one line of text, plus the field's own rule where it has one."""
    validate_text(key, value)
    if key in FIELD_CHECKS:
        FIELD_CHECKS[key](value)


def holds(condition: str, values: Mapping[str, Any]) -> bool:
    """Evaluate a rule condition ('var', '!var' or 'var=value') against the answers."""
    name, sep, expected = condition.partition("=")
    if sep:
        return str(values[name]) == expected
    if name.startswith("!"):
        return not to_bool(values[name[1:]])
    return to_bool(values[name])


def missing_requirements(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """List (condition, needed) pairs where a selected option needs a condition that does not hold."""
    return [
        (condition, needed)
        for condition, needs in values.get("_requires", {}).items()
        if holds(condition, values)
        for needed in needs
        if not holds(needed, values)
    ]


def satisfied(condition: str) -> tuple[str, Any]:
    """The (variable, value) that makes a condition hold: 'var' -> True, '!var' -> False, 'var=x' -> 'x'."""
    name, sep, expected = condition.partition("=")
    if sep:
        return name, expected
    return (name[1:], False) if name.startswith("!") else (name, True)


def describe(condition: str) -> str:
    """Say a condition in words for messages: 'use_login' -> 'use_login=yes'."""
    if "=" in condition:
        return condition
    return f"{condition[1:]}=no" if condition.startswith("!") else f"{condition}=yes"


def pre_gen(values: Mapping[str, Any]) -> None:
    """Validate the answers before anything is written; raise HookError on the first problem."""
    if not str(values.get("project_name", "")).strip():
        raise HookError("project_name is empty; give the project a name")
    for key, value in values.items():
        if not key.startswith("_") and isinstance(value, str):
            validate_value(key, value)
    for condition, needed in missing_requirements(values):
        raise HookError(
            f"{describe(condition)} needs {describe(needed)}; set {describe(needed)} or change {describe(condition)}"
        )


def post_gen(values: Mapping[str, Any], project_dir: Path) -> None:
    """Finish a rendered project: prune unselected files, write .env and the decision record."""
    prune(values, project_dir)
    write_env(values, project_dir)
    adr = project_dir / "docs" / "decisions" / "0001-web-framework.md"
    adr.parent.mkdir(parents=True, exist_ok=True)
    adr.write_text(decision_record(values), encoding="utf-8")


def prune(values: Mapping[str, Any], project_dir: Path) -> None:
    """Remove the files and folders of options that were not selected."""
    for condition, paths in values.get("_prune_unless", {}).items():
        if holds(condition, values):
            continue
        for pattern in paths:
            target = project_dir / pattern.format(**{k: v for k, v in values.items() if isinstance(v, str)})
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()


def write_env(values: Mapping[str, Any], project_dir: Path) -> None:
    """Write the git-ignored .env from .env.example, giving each secret a fresh random value."""
    example = project_dir / ".env.example"
    if not example.exists():
        return
    fresh = set(values.get("_secrets", []))
    lines = []
    for line in example.read_text(encoding="utf-8").splitlines():
        name, sep, _ = line.partition("=")
        lines.append(f"{name}={secrets.token_urlsafe(50)}" if sep and name in fresh else line)
    env = project_dir / ".env"
    env.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env.chmod(0o600)


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&$])")


def md(text: Any) -> str:
    """Escape text so Markdown shows it literally."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def decision_record(values: Mapping[str, Any]) -> str:
    """Write ADR 0001, the web framework decision, from the assessment framewise passed in."""
    framework = values["_framework"]
    other = values["_alternative"]
    assessment = values.get("_assessment") or {}
    today = datetime.date.today().isoformat()
    head = [f"# 1. Web framework: {framework}", "", f"Date: {today}", "", "Status: accepted", ""]
    if not assessment:
        return "\n".join(
            head
            + [
                "## Context",
                "",
                f"The framework was chosen by hand: {framework} was picked directly, without",
                "framewise's assessment, so no answers or scores were recorded.",
                "",
                "## Decision",
                "",
                f"We build {md(values['project_name'])} with {framework}.",
                "",
                "## Alternative",
                "",
                f"{other}. Run `framewise assess` to record the trade-offs behind this choice.",
                "",
            ]
        )
    scores = assessment["scores"]
    lines = head + [
        "## Context",
        "",
        "framewise asked these questions before the project was generated:",
        "",
        "| Question | Answer |",
        "| --- | --- |",
    ]
    lines += [f"| {md(a['question'])} | {md(a['answer'])} |" for a in assessment["answers"]]
    recommended = assessment["recommended"]
    lines += [
        "",
        "## Decision",
        "",
        f"We build {md(values['project_name'])} with {framework}.",
        "",
        f"Scores: Django {scores['django']}, Flask {scores['flask']}; "
        f"the assessment recommended {recommended.capitalize()}.",
    ]
    if assessment["close_call"]:
        lines += ["", f"This was a close call: {assessment['close_call_reason']}"]
    if recommended != framework.lower():
        lines += ["", f"The team chose {framework} over the recommendation."]
    lines += ["", "## Reasons", ""]
    lines += [f"- {r['framework'].capitalize()} +{r['points']}: {md(r['text'])}" for r in assessment["reasons"]]
    against = [r for r in assessment["reasons"] if r["framework"] != framework.lower()]
    lines += ["", "## Alternative", "", f"{other} was the alternative."]
    if against:
        lines += ["The answers that spoke for it:", ""]
        lines += [f"- {md(r['text'])}" for r in against]
    else:
        lines += ["No answer spoke for it."]
    lines += [
        "",
        "## When to revisit",
        "",
        "Revisit this decision if the answers above change, above all the ones that moved the",
        "score most, or if the project's size a year from now differs from what was assumed.",
        "",
    ]
    return "\n".join(lines)


def run(stage: str, context: Mapping[str, Any]) -> int:
    """Entry for cookiecutter's hook scripts: run a stage, print a one-line error, return the exit code."""
    values = context["cookiecutter"]
    try:
        if stage == "pre":
            pre_gen(values)
        else:
            post_gen(values, Path.cwd())
    except HookError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0
