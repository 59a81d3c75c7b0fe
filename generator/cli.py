"""The framewise command line: it parses options, asks through a click prompter, and prints.

Everything else happens in the library (generator.generate, generator.update). The library modules,
and through them cookiecutter and Jinja, are imported inside the commands that use them, so
`framewise --help` starts about as fast as click itself.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import framewise_hooks as rules
from generator import __version__
from generator.errors import FramewiseError, NoTerminalError
from generator.questions import FRAMEWORKS

if TYPE_CHECKING:
    from generator.assessment import Recommendation
    from generator.generate import Result
    from generator.variables import Variable


class UserMistake(click.ClickException):
    """One line on stderr, 'Error: <message>', and exit code 2 like click's own usage errors."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        with contextlib.suppress(OSError):  # stderr itself may be full or gone: the exit code still says it
            super().show(file)


# click >= 8.2 shows help for a bare `framewise` through this UsageError; keep that behaviour.
_SHOWS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class FramewiseGroup(click.Group):
    """Catch the one error base class at the edge, so no user mistake shows a traceback."""

    def make_context(self, info_name: str | None, args: list[str], *rest: Any, **kwargs: Any) -> click.Context:
        check_output()
        if any("\0" in arg for arg in args):  # no process can be given one; a caller of main() can, and paths choke
            raise UserMistake("an argument holds a NUL byte, which no name or path may hold")
        try:
            return super().make_context(info_name, args, *rest, **kwargs)
        except click.UsageError as error:
            if isinstance(error, _SHOWS_HELP):
                raise
            raise _one_line(error) from error
        except OSError as error:  # --help into a full or broken stdout
            failed = _output_failed(error)
            if failed is None:
                raise
            raise failed from error

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FramewiseError as error:
            if error.exit_code == UserMistake.exit_code:
                raise UserMistake(str(error)) from error
            # A failure (1), or an update that left conflicts (3): one line and the error's own code.
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)
        except click.UsageError as error:
            raise _one_line(error) from error
        except OSError as error:  # framewise's own file errors are FramewiseErrors: this is its output failing
            failed = _output_failed(error)
            if failed is None:
                raise
            raise failed from error


# What writing to a standard stream fails with when it is full, closed or gone. (A reader that left
# early, as `| head` does, is EPIPE: click ends quietly then, as command-line tools do.)
_STREAM_ERRORS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EIO", "EBADF", "EFBIG", "EDQUOT") if hasattr(errno, name)
)


def check_output() -> None:
    """Refuse to start when standard output is closed or cannot be written, before anything is written.

    A zero-byte write tells without printing anything: it fails on a closed descriptor, a read-only
    one and /dev/full. (A disk that fills up later is reported when the write fails.)
    """
    if sys.stdout is None:
        raise UserMistake("standard output is closed; redirect it to a file or to /dev/null instead of closing it")
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file: a test runner's capture
        return
    try:
        os.write(descriptor, b"")
    except OSError as error:
        raise UserMistake(f"cannot write to standard output: {error.strerror}") from None


def _output_failed(error: OSError) -> UserMistake | None:
    """A failed write to a standard stream as one line; None for any other error."""
    if error.filename is not None or error.errno not in _STREAM_ERRORS:
        return None
    # What stays in stdout's buffer would fail again at exit, with a message of several lines: discard it.
    with contextlib.suppress(AttributeError, OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return UserMistake(f"cannot write to standard output: {error.strerror}")


def _one_line(error: click.UsageError) -> UserMistake:
    """A click usage error (unknown option, missing value) as one line instead of a usage block."""
    command = error.ctx.command_path if error.ctx else "framewise"
    return UserMistake(rules.visible(f"{error.format_message()} (see '{command} --help')"))


class VariableType(click.ParamType):  # type: ignore[type-arg]  # generic in newer click only
    """A click type for one variable: its own parsing, then the plan's check; a refusal asks again."""

    def __init__(self, variable: Variable, check: Callable[[Any], None]) -> None:
        self.variable, self.check, self.name = variable, check, variable.name

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            parsed = self.variable.parse(value)
            self.check(parsed)
        except FramewiseError as error:
            self.fail(str(error), param, ctx)
        return parsed


class ClickPrompter:
    """Asks on the terminal with the template's labels; shows the recommendation with its reasons."""

    def ask(self, variable: Variable, default: Any, check: Callable[[Any], None]) -> Any:
        shown = variable.show(default) if default != "" else None
        return click.prompt(variable.prompt(), default=shown, type=VariableType(variable, check))

    def recommend(self, recommendation: Recommendation) -> None:
        show_recommendation(recommendation)


def show_recommendation(recommendation: Recommendation) -> None:
    scores = recommendation.scores
    click.secho(f"Recommendation: {recommendation.framework.capitalize()}", bold=True)
    for framework in FRAMEWORKS:
        click.echo(f"  {framework.capitalize():<7}{'#' * scores[framework]:<20} {scores[framework]}")
    if recommendation.close_call:
        click.secho(f"  Close call: {recommendation.close_call_reason}", fg="yellow")
    else:
        click.echo(f"  Not a close call: a margin of {recommendation.margin} points.")
    click.echo("Reasons:")
    for reason in recommendation.reasons:
        evidence = reason.evidence
        click.echo(f"  {evidence.framework.capitalize():<6} +{evidence.points}  {evidence.reason}")


def stdin_is_terminal() -> bool:
    """Whether prompts can be answered (a function so tests can stand in for a terminal); no stdin cannot."""
    return sys.stdin is not None and sys.stdin.isatty()


def prompter(no_input: bool) -> ClickPrompter | None:
    """A prompter for a terminal; None with --no-input; refuse to wait on a prompt nobody can answer."""
    if no_input:
        return None
    if not stdin_is_terminal():
        raise NoTerminalError(
            "standard input is not a terminal; pass --no-input to use the answers file, --set values and defaults"
        )
    return ClickPrompter()


def print_result(result: Result, title: str, dry_run_values: dict[str, Any] | None = None) -> None:
    """What was made and what to do next; for a dry run, the values and the files that would be written."""
    if dry_run_values is not None:
        import json

        click.echo("Context:")
        click.echo(json.dumps(dry_run_values, indent=2, ensure_ascii=False))
        click.echo(f"Would create {result.target} with {len(result.files)} files:")
        click.echo("".join(f"  {name}\n" for name in result.files), nl=False)
        return
    click.secho(f"Created {result.target} ({title}, {len(result.files)} files).", fg="green")
    for note in result.notes:
        click.echo(f"  {note}.")
    click.echo("Next steps:")
    for step in result.steps:
        click.echo(f"  {step.run}")


@click.group(cls=FramewiseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="framewise")
def cli() -> None:
    """Choose Django or Flask with a short assessment, then generate a production-grade project."""


answers_option = click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="YAML or JSON mapping of assessment answers and template variables.",
)
no_input_option = click.option(
    "--no-input", is_flag=True, help="Never prompt: use the answers file, --set and defaults."
)
set_option = click.option(
    "--set", "settings", multiple=True, metavar="KEY=VALUE", help="An assessment answer or template variable."
)


@cli.command("new-project")
@click.option("--framework", type=click.Choice(FRAMEWORKS, case_sensitive=False), help="Skip the assessment.")
@answers_option
@no_input_option
@set_option
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Create the project at DIR/<project_slug>.",
)
@click.option("--dry-run", is_flag=True, help="Print the recommendation, context and files; write nothing.")
@click.option("--no-git", is_flag=True, help="Do not make the project a git repository.")
@click.option("--no-lock", is_flag=True, help="Do not lock the dependencies with uv.")
def new_project(
    framework: str | None,
    answers_file: Path | None,
    no_input: bool,
    settings: tuple[str, ...],
    output_dir: Path,
    dry_run: bool,
    no_git: bool,
    no_lock: bool,
) -> None:
    """Assess, recommend a framework, and generate the project."""
    from generator import answers, generate

    asking = prompter(no_input)
    plan = generate.plan(framework, answers.given(answers_file, settings), output_dir, asking)
    if plan.recommendation and not asking:
        show_recommendation(plan.recommendation)
    for note in plan.notes:
        click.echo(f"Note: {note}.")
    result = generate.generate(plan, dry_run=dry_run, git=not no_git, lock_dependencies=not no_lock)
    print_result(result, plan.template.title, plan.values if dry_run else None)


@cli.command()
@answers_option
@no_input_option
@set_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def assess(answers_file: Path | None, no_input: bool, settings: tuple[str, ...], as_json: bool) -> None:
    """Run the assessment alone and print the recommendation."""
    from generator import answers, generate

    recommendation = generate.assess_given(answers.given(answers_file, settings), prompter(no_input))
    if as_json:
        import json

        click.echo(json.dumps(recommendation.as_dict(), indent=2))
    else:
        show_recommendation(recommendation)


@cli.command()
@click.argument("project", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
@answers_option
@set_option
@click.option("--dry-run", is_flag=True, help="List what would change and where conflicts would be; write nothing.")
@click.option("--check", is_flag=True, help="Exit 1 when the project is behind the templates or its answers.")
def update(project: Path, answers_file: Path | None, settings: tuple[str, ...], dry_run: bool, check: bool) -> None:
    """Bring PROJECT (default: here) up to date: merge the installed templates and changed answers into it.

    Exit codes: 0 done, 1 behind (--check) or a failure, 2 a mistake, 3 conflicts left to resolve.
    """
    from generator import answers
    from generator import update as updating

    if check:
        stale = updating.behind(project)
        if stale:
            click.echo(f"{project} is behind the installed templates: {len(stale)} files would change, e.g. {stale[0]}")
            raise SystemExit(1)
        click.echo(f"{project} is up to date.")
        return
    outcome = updating.update(project, answers.given(answers_file, settings), dry_run=dry_run)
    for action, paths in sorted(outcome.changes.items()):
        for path in paths:
            click.echo(f"  {'would be ' if dry_run else ''}{action}: {path}")
    for note in outcome.notes:
        click.echo(f"Note: {note}.")
    if outcome.conflicts:
        verb = "would have" if dry_run else "has"
        click.secho(
            f"{len(outcome.conflicts)} files {verb} conflicts marked <<<<<<< yours ... >>>>>>>; "
            "resolve them, then review and commit.",
            fg="yellow",
            err=True,
        )
        raise SystemExit(3)
    if not outcome.changes:
        click.echo("Already up to date.")
    elif not dry_run:
        click.echo("Updated: review the changes (git diff) and commit them.")


@cli.command()
def templates() -> None:
    """List the bundled templates and their variables."""
    from generator import catalog

    for name in catalog.names():
        template = catalog.load(name)
        click.secho(f"{name}: {template.description}", bold=True)
        for variable in template.variables:
            default = "derived from project_name" if variable.derived else "|".join(variable.values) or variable.default
            click.echo(f"  {variable.name:<16} {variable.label} [{default}]")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="framewise")
