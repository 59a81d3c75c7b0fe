"""`framewise update`: carry a generated project forward without losing a line its owners wrote.

The project's record (.framewise/answers.yml) says how it was generated; .framewise/base.tar.gz holds
the files as generated. An update renders the installed template with the recorded answers (plus
the changes asked for) and merges three ways, file by file: the base, the user's files, the new
render. The result is left in the work tree for review; the record moves to the new base.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import framewise_hooks as rules
from generator import __version__, catalog, generate, render, vcs
from generator.assessment import Recommendation, assess
from generator.errors import InvalidValueError, NotAProjectError, UncommittedChangesError
from generator.questions import QUESTIONS_BY_ID

# The decision records are the project's history: written once, never re-rendered by an update.
HISTORY = "docs/decisions/"
MAX_RECORD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Record:
    """What .framewise/answers.yml says about a project."""

    template: str
    version: str
    assessment: dict[str, Any]
    values: dict[str, Any]


@dataclass
class Outcome:
    """What an update did, or (dry run) would do, file by file."""

    project: Path
    changes: dict[str, list[str]] = field(default_factory=dict)  # action -> paths
    notes: list[str] = field(default_factory=list)

    def add(self, action: str, path: str) -> None:
        self.changes.setdefault(action, []).append(path)

    @property
    def conflicts(self) -> list[str]:
        return self.changes.get("conflict", [])

    @property
    def changed(self) -> bool:
        return any(action not in {"kept", "left deleted"} for action in self.changes)


def read_record(project: Path) -> Record:
    """Read a project's record; refuse a folder that is not a framewise project, in one line."""
    import yaml

    path = project / rules.RECORD
    if not (project / rules.BASE).is_file() or not path.is_file():
        raise NotAProjectError(
            f"{project} is not a framewise project: it has no {rules.RECORD} and {rules.BASE} "
            "(generate one with 'framewise new-project'; see the README on adopting a project)"
        )
    try:
        text = path.read_bytes()[:MAX_RECORD_BYTES].decode("utf-8")
        data = yaml.load(text, Loader=yaml.BaseLoader)  # plain text only: nothing is constructed
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as error:
        raise NotAProjectError(f"{path} cannot be read as framewise's record: {error}") from error
    fields = ("template", "framewise", "assessment", "values")
    if not isinstance(data, dict) or any(key not in data for key in fields) or not isinstance(data["values"], dict):
        raise NotAProjectError(f"{path} is not framewise's record: it needs {', '.join(fields)}")
    assessment = data["assessment"] if isinstance(data["assessment"], dict) else {}
    return Record(str(data["template"]), str(data["framewise"]), assessment, dict(data["values"]))


def _split_changes(given: Mapping[str, Any], record: Record) -> tuple[dict[str, Any], dict[str, Any]]:
    template = catalog.load(record.template)
    answers = {k: v for k, v in given.items() if k in QUESTIONS_BY_ID}
    values = {k: v for k, v in given.items() if k not in QUESTIONS_BY_ID}
    unknown = [k for k in values if k not in template.names]
    if unknown:
        raise InvalidValueError(
            f"unknown key '{unknown[0]}' for a {record.template} project; the assessment takes "
            f"{', '.join(QUESTIONS_BY_ID)}, the template takes {', '.join(template.names)}"
        )
    return answers, values


def _reassess(record: Record, answers: Mapping[str, Any]) -> tuple[Recommendation | None, Recommendation | None]:
    """The recorded recommendation and, when the answers change, the new one."""
    old = assess({k: QUESTIONS_BY_ID[k].parse(v) for k, v in record.assessment.items() if k in QUESTIONS_BY_ID})
    if not answers:
        return (old if record.assessment else None), None
    new = assess({**old.answers, **{k: QUESTIONS_BY_ID[k].parse(v) for k, v in answers.items()}})
    if record.assessment and new.answers == old.answers:
        return old, None
    return (old if record.assessment else None), new


def plan_update(project: Path, given: Mapping[str, Any]) -> tuple[Record, generate.Plan, Recommendation | None]:
    """Settle the project's new values: the record, the changes given, and what changed answers imply."""
    record = read_record(project)
    answers, changes = _split_changes(given, record)
    old, new = _reassess(record, answers)
    values = {**record.values, **changes}
    if new is not None:
        before = old.options(record.template) if old else {}
        for name, value in new.options(record.template).items():
            if before.get(name) != value and name not in changes:
                values[name] = value
    current = new or old
    with tempfile.TemporaryDirectory(prefix="framewise-plan-") as scratch:
        plan = generate.plan(record.template, values, Path(scratch))
    context = {**plan.context, "_assessment": current.decision(record.template) if current else {}}
    return record, dataclasses.replace(plan, context=context), new


def _read(project: Path, relative: str) -> bytes | None:
    path = project / relative
    return path.read_bytes() if path.is_file() and not path.is_symlink() else None


def _write(project: Path, relative: str, content: bytes, executable: bool) -> None:
    path = rules.inside(project, relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        path.unlink()
    path.write_bytes(content)
    mode = path.stat().st_mode
    path.chmod(mode | 0o111 if executable else mode & ~0o111)


def _is_text(*contents: bytes | None) -> bool:
    return all(b"\0" not in content for content in contents if content is not None)


def merge_files(
    project: Path,
    base: Mapping[str, bytes],
    theirs: Mapping[str, bytes],
    executable: frozenset[str],
    outcome: Outcome,
    write: bool,
    label: str,
) -> None:
    """Merge three ways into the project: template changes arrive, the user's stay, clashes are marked."""
    for relative in sorted(set(base) | set(theirs)):
        if relative.startswith(HISTORY):
            continue
        was, new, ours = base.get(relative), theirs.get(relative), _read(project, relative)
        if was == new:
            continue  # the template did not change it: whatever the user did stands
        if new is None:  # the template no longer has it (an option turned off, a file removed)
            if ours is not None and ours == was:
                outcome.add("deleted", relative)
                if write:
                    rules.inside(project, relative).unlink()
            elif ours is not None:
                outcome.add("kept", relative)  # changed by its owner: theirs to remove
            continue
        if ours is None and was is not None:
            outcome.add("left deleted", relative)  # its owner deleted it: it stays deleted
            continue
        if ours is None or ours == was:
            outcome.add("added" if ours is None else "updated", relative)
            merged, conflicts = new, 0
        elif ours == new:
            continue
        elif _is_text(ours, was, new):
            merged, conflicts = vcs.merge(ours, was or b"", new, label)
            outcome.add("conflict" if conflicts else "merged", relative)
        else:
            outcome.add("conflict", relative)  # a binary file both changed: the owner's copy stays
            continue
        if write:
            _write(project, relative, merged, relative in executable)


def _next_decision(project: Path) -> tuple[int, Path | None]:
    folder = project / HISTORY
    numbered = sorted(p for p in folder.glob("[0-9][0-9][0-9][0-9]-*.md")) if folder.is_dir() else []
    latest = numbered[-1] if numbered else None
    return (int(latest.name[:4]) + 1 if latest else 1), latest


def _record_decision(project: Path, plan: generate.Plan, outcome: Outcome, write: bool) -> None:
    """A new decision record that supersedes the latest one, from the same template as the first."""
    number, latest = _next_decision(project)
    name = f"{number:04d}-web-framework-revisited.md"
    outcome.add("added", HISTORY + name)
    if not write:
        return
    source = plan.template.path / "{{cookiecutter.project_slug}}" / "docs" / "decisions" / "0001-web-framework.md"
    context = {**plan.context, "_decision_number": number, "_supersedes": latest.name if latest else ""}
    text = render.environment(plan.template).from_string(source.read_text(encoding="utf-8"))
    _write(project, HISTORY + name, text.render(cookiecutter=context).encode("utf-8"), False)
    if latest is not None:
        old = latest.read_text(encoding="utf-8")
        superseded = old.replace("Status: accepted", f"Status: superseded by [{number}]({name})", 1)
        _write(project, HISTORY + latest.name, superseded.encode("utf-8"), False)
        outcome.add("updated", HISTORY + latest.name)


def update(project: Path, given: Mapping[str, Any], dry_run: bool = False) -> Outcome:
    """Bring `project` up to date with the installed templates and the answers given; see the module docstring.

    Nothing is written when nothing would change (so a second update is a no-op), or with dry_run;
    otherwise a work tree with uncommitted changes is refused before anything is written.
    """
    project = project.resolve()
    record, plan, new = plan_update(project, given)
    base, _ = rules.unpack((project / rules.BASE).read_bytes())

    def merge(rendered: Path) -> Outcome:
        theirs = rules.recorded_files(rendered)
        executable = frozenset(name for name in theirs if (rendered / name).stat().st_mode & 0o100)

        def run(write: bool) -> Outcome:
            outcome = Outcome(project)
            merge_files(project, base, theirs, executable, outcome, write, f"framewise {__version__}")
            if new is not None:
                _record_decision(project, plan, outcome, write)
            for name in (rules.RECORD, rules.BASE):
                if _read(project, name) != (rendered / name).read_bytes():
                    outcome.add("updated", name)
                    if write:
                        _write(project, name, (rendered / name).read_bytes(), False)
            return outcome

        outcome = run(write=False)
        if outcome.changes and not dry_run:
            _refuse_uncommitted(project)
            outcome = run(write=True)
            touched = {path for action, paths in outcome.changes.items() if action != "conflict" for path in paths}
            if "pyproject.toml" in touched and (project / "uv.lock").exists():
                outcome.notes.append(generate.lock(project))  # the dependencies changed: so must the lock
        fresh = _env_names(rendered / ".env.example") - _env_names(project / ".env")
        if fresh and (project / ".env").exists():
            outcome.notes.append(f".env was left alone; .env.example now also has {', '.join(sorted(fresh))}")
        return outcome

    outcome = render.scratch(plan.template, plan.context, merge)
    if vcs.work_tree(project) is None:
        outcome.notes.append("the project is not in a git work tree: review the changes before you go on")
    if new is not None and new.framework != record.template:
        outcome.notes.append(
            f"the answers now point to {new.framework.capitalize()} (Django {new.scores['django']}, Flask "
            f"{new.scores['flask']}); framewise does not convert a {record.template.capitalize()} project: "
            "the new decision record says so, and what moved the scores"
        )
    return outcome


def _refuse_uncommitted(project: Path) -> None:
    if vcs.work_tree(project) is None:
        return
    dirty = vcs.uncommitted(project)
    if dirty:
        raise UncommittedChangesError(
            f"{project} has uncommitted changes ({len(dirty)} files, e.g. {dirty[0]}); commit or stash them first"
        )


def _env_names(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return {line.partition("=")[0].strip() for line in lines if "=" in line and not line.lstrip().startswith("#")}


def behind(project: Path) -> list[str]:
    """The files an update would change (empty when the project is current with its answers); writes nothing."""
    project = project.resolve()
    _, plan, _ = plan_update(project, {})
    base, _ = rules.unpack((project / rules.BASE).read_bytes())
    theirs = render.scratch(plan.template, plan.context, rules.recorded_files)
    changed = {name for name in set(base) | set(theirs) if base.get(name) != theirs.get(name)}
    return sorted(name for name in changed if not name.startswith(HISTORY))
