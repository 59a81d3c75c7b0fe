"""The rules both templates share: checking answers, pruning unselected files, writing secrets.

This is the one copy. framewise imports it as an ordinary module; each template's cookiecutter
hook scripts import it when the template is used by plain cookiecutter. It uses the standard
library only, so it runs wherever cookiecutter does.

Each template declares its own rules as data in cookiecutter.json:
  _requires      {"condition": ["condition", ...]}  what must also hold when the condition holds
  _prune_unless  {"condition": ["path", ...]}       paths removed unless the condition holds
  _secrets       ["NAME", ...]                      .env variables given a fresh random value
A condition is "var" (true), "!var" (false) or "var=value".
"""

from __future__ import annotations

# Modules only some steps need are imported in those steps: framewise imports this module at start-up.
import functools
import keyword
import os
import re
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__version__ = "0.2.0"

# The longest package name every template's lines still hold within its ruff line length
# (tests/templates/test_limits.py bakes every combination at this length).
SLUG_MAX_LENGTH = 24
TEXT_MAX_LENGTH = 200
# `__version__ = "..."` must fit a 100-column line of the generated code.
VERSION_MAX_LENGTH = 64
# uv and ruff read each number of a version as a 64-bit unsigned integer (packaging has no limit).
VERSION_NUMBER_MAX = 2**64 - 1
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
# Folder names the generated project's .gitignore or .dockerignore, or its tools by default (ruff's
# exclude, pytest's norecursedirs, hatchling's build folder), skip: a package of that name would never
# be committed, copied into the image, linted or tested. tests/unit/test_rules.py derives them from
# the templates and the tools, so this list cannot fall behind.
IGNORED_SLUGS = frozenset(
    {
        "_build",
        "_darcs",
        "deploy",
        "build",
        "dist",
        "env",
        "htmlcov",
        "instance",
        "media",
        "node_modules",
        "staticfiles",
        "venv",
    }
)
# The one set of yes/no words, for template booleans and assessment questions alike.
TRUE_WORDS = ("yes", "y", "true", "on", "1")
FALSE_WORDS = ("no", "n", "false", "off", "0")


class HookError(Exception):
    """Raised when the answers cannot produce a project; the message is one line for the user."""

    def __str__(self) -> str:
        return visible(super().__str__())


def visible(text: str) -> str:
    """Text as one visible line: line breaks, control, invisible and bidirectional characters escaped.

    Messages quote what the user gave; a key holding a line break or U+202E must not break or reorder them.
    """
    return "".join(repr(char)[1:-1] if unicodedata.category(char) in REFUSED_CATEGORIES else char for char in text)


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
    if keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        raise HookError(f"project_slug '{slug}' is a Python keyword; {how}")
    if slug.startswith("_") or slug.endswith("_"):  # also '__init__' and the like, which Python keeps for itself
        raise HookError(
            f"project_slug '{slug}' starts or ends with '_'; it also names the distribution (project.name), "
            f"which must begin and end with a letter or digit; {how}"
        )
    if slug in IGNORED_SLUGS:
        raise HookError(
            f"project_slug '{slug}' is a folder name the project's .gitignore, .dockerignore or tools skip; "
            "choose another name"
        )
    if slug in RESERVED_SLUGS or slug in sys.stdlib_module_names or _importable(slug):
        raise HookError(f"project_slug '{slug}' would shadow the module '{slug}'; choose another name")


def _importable(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # find_spec("__main__") raises ValueError
        return True


# Control characters and line breaks (Cc, Zl, Zp), lone surrogates (Cs), invisible formatting and
# bidirectional controls (Cf: U+200B, U+202E, U+2066..2069, U+FEFF, ...) that would hide or reorder
# text in code and licences, and code points Unicode has not assigned yet (Cn) and might assign as such.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Cs", "Zl", "Zp"})


def validate_text(key: str, value: str) -> None:
    """Refuse text that cannot sit, visibly and as typed, on one line of any generated file."""
    refused = next((char for char in value if unicodedata.category(char) in REFUSED_CATEGORIES), None)
    if refused is not None:
        raise HookError(
            f"{key} contains a control character, line break or invisible character (U+{ord(refused):04X}); "
            "use one line of visible text"
        )
    if len(value) > TEXT_MAX_LENGTH:
        raise HookError(f"{key} is longer than {TEXT_MAX_LENGTH} characters")


# PEP 440's own pattern (its appendix B), as `packaging` applies it: '1.0-beta' normalises to '1.0b0'.
PEP440 = re.compile(
    r"v?(?:(?:[0-9]+)!)?[0-9]+(?:\.[0-9]+)*"
    r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?"
    r"(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?"
    r"(?:[-_.]?dev[-_.]?[0-9]*)?"
    r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def validate_version(version: str) -> None:
    """Refuse a version that packaging tools would reject, or too long for a line of code."""
    if not PEP440.fullmatch(version):
        raise HookError(f"version '{version}' is not a PEP 440 version such as 0.1.0, 1.0rc1 or 1.0-beta")
    if len(version) > VERSION_MAX_LENGTH:
        raise HookError(f"version is longer than {VERSION_MAX_LENGTH} characters")
    if any(int(number) > VERSION_NUMBER_MAX for number in re.findall(r"\d+", version)):
        raise HookError(f"version '{version}' holds a number above {VERSION_NUMBER_MAX}, more than uv and ruff read")


def validate_timezone(name: str) -> None:
    """Refuse anything but a time zone of the IANA database ('Europe' is a folder of it, not a zone)."""
    # Not ZoneInfo(name) alone: it also loads files of the database that are not zones ('posixrules',
    # 'right/UTC') and the machine's own 'localtime' link, which another machine may lack.
    if name == "localtime" or name not in _time_zones():
        raise HookError(f"timezone '{name}' is not an IANA time zone such as UTC or Europe/Paris")


@functools.cache
def _time_zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def validate_email(address: str) -> None:
    """Refuse an author email that the build backend would reject.

    hatchling writes the author as `email.headerregistry.Address(display_name=..., addr_spec=...)`,
    which raises on an address it cannot parse whole: the same parser decides here.
    """
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    problem = f"author_email '{address}' is not an email address such as you@example.com"
    if not EMAIL.fullmatch(address):
        raise HookError(problem)
    try:
        parsed = Address(addr_spec=address).addr_spec
    except (HeaderParseError, ValueError):  # ValueError covers the parser's defects too
        raise HookError(problem) from None
    except Exception:  # the parser itself breaks on some input ('a(\\)b@[x.y', found by fuzzing): so would hatchling
        raise HookError(problem) from None
    if parsed != address:
        raise HookError(problem)


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
    """Evaluate a rule condition ('var', '!var' or 'var=value') against the answers.

    A derived flag ('__name', rendered 'yes' or '') counts as set when it is not empty.
    """
    name, sep, expected = condition.partition("=")
    if name.lstrip("!").startswith("__") and not sep:
        return bool(_answer(values, name.lstrip("!"))) != name.startswith("!")
    if sep:
        return str(_answer(values, name)) == expected
    if name.startswith("!"):
        return not to_bool(_answer(values, name[1:]))
    return to_bool(_answer(values, name))


def _answer(values: Mapping[str, Any], name: str) -> Any:
    if name not in values:
        raise HookError(f"a rule of the template names '{name}', which is not one of its variables")
    return values[name]


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
    validate_rules(values)
    if not str(values.get("project_name", "")).strip():
        raise HookError("project_name is empty; give the project a name")
    if not isinstance(values.get("project_slug"), str):
        raise HookError("project_slug must be text, such as 'my_project'")
    for key, value in values.items():
        if key.startswith("_") or isinstance(value, bool):
            continue
        if not isinstance(value, str | int | float):  # a replay file or extra context can hold anything
            raise HookError(f"{key} must be text, a number or yes/no, not {type(value).__name__}")
        validate_value(key, str(value))
    for condition, needed in missing_requirements(values):
        raise HookError(f"{describe(condition)} needs {describe(needed)}; set it, or change {describe(condition)}")


def post_gen(values: Mapping[str, Any], project_dir: Path) -> None:
    """Finish a rendered project: prune unselected files and byte-code, record it, write .env."""
    prune(values, project_dir)
    write_record(values, project_dir)
    write_env(values, project_dir)


def rule_table(values: Mapping[str, Any], key: str) -> dict[str, list[str]]:
    """A template rule `{"condition": ["text", ...]}` from the context, checked; a replay file can hold anything."""
    table = values.get(key, {})
    if not isinstance(table, Mapping) or not all(
        isinstance(condition, str) and isinstance(items, list) and all(isinstance(item, str) for item in items)
        for condition, items in table.items()
    ):
        raise HookError(f"{key} must map conditions to lists of text")
    return {condition: list(items) for condition, items in table.items()}


ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def secret_names(values: Mapping[str, Any]) -> frozenset[str]:
    """The template's `_secrets`, checked: a list of environment variable names."""
    names = values.get("_secrets", [])
    if not isinstance(names, list) or not all(isinstance(name, str) and ENV_NAME.fullmatch(name) for name in names):
        raise HookError("_secrets must be a list of environment variable names such as SECRET_KEY")
    return frozenset(names)


def validate_rules(values: Mapping[str, Any]) -> None:
    """Check the template's rules in the context: their shape, that each condition names a variable, and
    that every path to prune is relative and stays in the project."""
    secret_names(values)
    for key in ("_requires", "_prune_unless"):
        for condition, items in rule_table(values, key).items():
            for named in [condition, *(items if key == "_requires" else [])]:
                holds(named, values)  # raises HookError for a variable the context lacks
    for patterns in rule_table(values, "_prune_unless").values():
        for pattern in patterns:
            relative_parts(pattern)


def relative_parts(relative: str) -> tuple[str, ...]:
    """The parts of a path inside the project; refuse an absolute path, '..', an empty path or a NUL byte."""
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or ".." in parts or "\0" in relative:
        raise HookError(f"the path '{relative}' is not inside the project")
    return parts


def refuse_links_out(project_dir: Path) -> None:
    """Refuse a project folder that already holds a link leading out of it.

    Plain cookiecutter with --overwrite-if-exists renders into a folder that exists, writing through
    any link it finds there: a Dockerfile linked to ~/.bashrc would be overwritten. The pre hook runs
    before any file is written, so it stops that here.
    """
    root = project_dir.resolve()
    for folder, folders, files in os.walk(project_dir):  # a linked folder is listed, never entered
        for name in folders + files:
            path = Path(folder, name)
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                raise HookError(
                    f"{path.relative_to(project_dir)} in the existing project folder is a link to {os.readlink(path)}, "
                    "outside the project; cookiecutter would write through it. Remove the link first"
                )


def inside(project_dir: Path, relative: str) -> Path:
    """The path `relative` names in the project; refuse one that would leave it (absolute, '..', a link out)."""
    parts = relative_parts(relative)
    try:
        root = project_dir.resolve()
        path = root.joinpath(*parts)
        outside = not path.parent.resolve().is_relative_to(root)  # a linked folder on the way out
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links (Python < 3.13)
        raise HookError(f"the path '{relative}' cannot be followed in the project: {error}") from None
    if outside:
        raise HookError(f"the path '{relative}' leads outside the project")
    return path


def prune(values: Mapping[str, Any], project_dir: Path) -> None:
    """Remove the files and folders of options that were not selected, and stray byte-code."""
    slug = str(values.get("project_slug", ""))
    for condition, patterns in rule_table(values, "_prune_unless").items():
        if holds(condition, values):
            continue
        for pattern in patterns:
            _remove(inside(project_dir, pattern.replace("{project_slug}", slug)))
    # A wheel install byte-compiles the bundled templates; their caches are not part of a project.
    for cache in sorted(project_dir.rglob("__pycache__"), reverse=True):
        _remove(cache)
    for compiled in project_dir.rglob("*.py[co]"):
        _remove(compiled)


def _remove(path: Path) -> None:
    """Remove a file, a link (never what it points to) or a folder tree, if it is there."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        import shutil

        shutil.rmtree(path)


def token() -> str:
    """A fresh secret: 50 random bytes, URL-safe."""
    import secrets

    return secrets.token_urlsafe(50)


def write_env(values: Mapping[str, Any], project_dir: Path) -> None:
    """Write the git-ignored .env from .env.example, giving each secret a fresh random value."""
    example = inside(project_dir, ".env.example")
    if not example.is_file() or example.is_symlink():
        return
    fresh = secret_names(values)
    lines = []
    for line in example.read_text(encoding="utf-8").splitlines():
        name, sep, _ = line.partition("=")
        lines.append(f"{name}={token()}" if sep and name in fresh else line)
    env = inside(project_dir, ".env")
    # Created private and exclusively: never written through a link, never readable by others.
    try:
        descriptor = os.open(env, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        raise HookError("the project already has a .env (or a link of that name); it is left as it is") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


# framewise's record of a project: the answers and, as the base for three-way merges, the files as generated.
RECORD_DIR = ".framewise"
RECORD = f"{RECORD_DIR}/answers.yml"
BASE = f"{RECORD_DIR}/base.tar.gz"
# Never recorded, never merged: the secrets, a repository, and the record itself.
UNRECORDED = (".env", ".git", RECORD_DIR)
RECORD_HEADER = """\
# framewise's record of how this project was generated; `framewise update` reads it and moves it forward.
# Change answers with `framewise update --set KEY=VALUE` or `--answers FILE` rather than by hand.
# base.tar.gz beside it holds the files as framewise generated them: the base of the three-way merge
# that carries template changes into your files. No secret is kept here (.env never is).
"""


def recorded_files(project_dir: Path) -> dict[str, bytes]:
    """The project's files, by relative path, that framewise records and merges (not .env, not the record)."""
    files = {}
    for path in sorted(project_dir.rglob("*")):
        relative = path.relative_to(project_dir)
        if relative.parts[0] in UNRECORDED or path.is_symlink() or not path.is_file():
            continue
        files[relative.as_posix()] = path.read_bytes()
    return files


def pack(files: Mapping[str, bytes], executable: frozenset[str] = frozenset()) -> bytes:
    """A tar.gz of `files` that depends on their names, contents and modes only, so equal trees give equal bytes."""
    import gzip
    import io
    import tarfile

    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as zipped, tarfile.open(fileobj=zipped, mode="w") as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(files[name]), 0o755 if name in executable else 0o644
            tar.addfile(info, io.BytesIO(files[name]))
    return buffer.getvalue()


def unpack(archive: bytes) -> tuple[dict[str, bytes], frozenset[str]]:
    """The files of a base archive, and which of them are executable; members that are not plain files are ignored."""
    files, executable = {}, set()
    import io
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if not member.isfile() or not parts or Path(member.name).is_absolute() or ".." in parts:
                continue
            handle = tar.extractfile(member)
            if handle is not None:
                files[member.name] = handle.read()
                if member.mode & 0o111:
                    executable.add(member.name)
    return files, frozenset(executable)


def _yaml(value: Any) -> str:
    import json

    return ("true" if value else "false") if isinstance(value, bool) else json.dumps(str(value), ensure_ascii=False)


def record_text(template: str, assessment: Mapping[str, Any], values: Mapping[str, Any]) -> str:
    """The documented answers file: the template, framewise's version, the assessment answers and every value."""
    lines = [RECORD_HEADER + f"template: {_yaml(template)}", f"framewise: {_yaml(__version__)}"]
    lines.append("assessment:" + ("" if assessment else " {}"))
    lines += [f"  {key}: {_yaml(value)}" for key, value in assessment.items()]
    lines.append("values:")
    lines += [f"  {key}: {_yaml(value)}" for key, value in sorted(values.items())]
    return "\n".join(lines) + "\n"


def write_record(values: Mapping[str, Any], project_dir: Path) -> None:
    """Write .framewise/: the answers (never a secret) and the generated files as the base of future merges."""
    folder = inside(project_dir, RECORD_DIR)
    folder.mkdir(exist_ok=True)
    files = recorded_files(project_dir)
    executable = frozenset(name for name in files if (project_dir / name).stat().st_mode & 0o100)
    inside(project_dir, BASE).write_bytes(pack(files, executable))
    decision = values.get("_assessment") or {}
    assessment = {answer["id"]: answer["answer"] for answer in decision.get("answers", [])}
    answers = {key: value for key, value in values.items() if not key.startswith("_")}
    text = record_text(str(values.get("_framework", "")).lower(), assessment, answers)
    inside(project_dir, RECORD).write_text(text, encoding="utf-8")


# Markdown misreads these anywhere in running text; the rest only at the start of a line.
MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d*)([#+\-=>]|(?<=\d)[.)])")


def md(text: Any) -> str:
    """Escape text so Markdown shows it literally, touching only what Markdown would misread."""
    escaped = MARKDOWN_INLINE.sub(r"\\\1", str(text))
    return MARKDOWN_LINE_START.sub(r"\1\2\\\3", escaped)


def run(stage: str, context: Mapping[str, Any]) -> int:
    """Entry for cookiecutter's hook scripts: run a stage, print a one-line error, return the exit code."""
    values = context["cookiecutter"]
    try:
        if stage == "pre":
            pre_gen(values)
            refuse_links_out(Path.cwd())
        else:
            post_gen(values, Path.cwd())
    except HookError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0
