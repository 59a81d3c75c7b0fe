"""The framewise command line: a thin layer that parses, asks, and delegates to the library."""

from __future__ import annotations

import functools
import signal
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from generator import __version__
from generator.errors import FramewiseError, NoTerminalError
from generator.questions import FRAMEWORKS, QUESTIONS, QUESTIONS_BY_ID

if TYPE_CHECKING:
    from generator.assessment import Recommendation
    from generator.catalog import Variable

# The library modules (and through them json, yaml, cookiecutter and jinja2) are imported inside the
# commands, and only on the paths that use them, so `framewise --help` starts about as fast as click.


class _UserMistake(click.ClickException):
    """One line on stderr, 'Error: <message>', and exit code 2 like click's own usage errors."""

    exit_code = 2


# click >= 8.2 shows help for a bare `framewise` through this UsageError; keep that behaviour.
_SHOWS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _one_line(error: click.UsageError) -> _UserMistake:
    """A click usage error (unknown option, missing value) as one line instead of a usage block."""
    command = error.ctx.command_path if error.ctx else "framewise"
    return _UserMistake(f"{error.format_message()} (see '{command} --help')")


class FramewiseGroup(click.Group):
    """Catch the one error base class at the edge, so no user mistake shows a traceback."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as error:
            if isinstance(error, _SHOWS_HELP):
                raise
            raise _one_line(error) from error

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FramewiseError as error:
            if error.exit_code == _UserMistake.exit_code:
                raise _UserMistake(str(error)) from error
            raise click.ClickException(str(error)) from error  # exit 1: a failure, not a mistake
        except click.UsageError as error:
            raise _one_line(error) from error


def _checked(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A prompt's value_proc: the library's check, where a refusal makes click ask again."""

    def value_proc(value: Any) -> Any:
        try:
            return convert(value)
        except FramewiseError as error:
            raise click.UsageError(str(error)) from error

    return value_proc


def stdin_is_terminal() -> bool:
    """Whether prompts can be answered (a function so tests can stand in for a terminal)."""
    return sys.stdin.isatty()


def _interactive(no_input: bool) -> bool:
    if no_input:
        return False
    if not stdin_is_terminal():
        raise NoTerminalError(
            "standard input is not a terminal; pass --no-input to use the answers file, --set values and defaults"
        )
    return True


def _on_sigterm(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt


@contextmanager
def _interruptible() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C while writing, so the clean-up of a partial project runs."""
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _given(answers_file: Path | None, settings: tuple[str, ...], variables: tuple[str, ...]) -> dict[str, Any]:
    """Merge the answers file with --set values (which win); --set takes template variables only."""
    from generator import answers

    values = answers.load_file(answers_file) if answers_file else {}
    overrides = answers.parse_set(settings)
    answers.split(overrides, (), variables)
    return {**values, **overrides}


def _all_variables() -> tuple[str, ...]:
    """Every template variable of every bundled template: with the questions, one flat namespace."""
    from generator import catalog

    return tuple(dict.fromkeys(n for name in catalog.names() for n in catalog.load(name).names))


def _variable(name: str) -> Variable:
    """The first bundled template's definition of a variable, to check a given value early."""
    from generator import catalog

    return next(catalog.load(t).variable(name) for t in catalog.names() if name in catalog.load(t).names)


def _ask_assessment(given: Mapping[str, Any], interactive: bool) -> dict[str, Any]:
    from generator import assessment

    chosen = dict(given)
    if interactive:
        for question in QUESTIONS:
            if question.id not in chosen:
                chosen[question.id] = click.prompt(
                    f"{question.text} ({', '.join(question.choices)})",
                    default=question.default,
                    value_proc=_checked(functools.partial(assessment.normalize_answer, question.id)),
                )
    return chosen


def _show(recommendation: Recommendation) -> None:
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


def _ask_variable(variable: Variable, default: Any) -> Any:
    from generator import answers, project

    def convert(value: Any) -> Any:
        result = answers.coerce(variable, value)
        if variable.kind == "text":
            project.check_text(variable.name, result)
        return result

    shown = ("yes" if default else "no") if variable.kind == "bool" else default
    suffix = f" ({', '.join(variable.choices)})" if variable.choices else ""
    suffix = " (yes/no)" if variable.kind == "bool" else suffix
    return click.prompt(f"{variable.prompt}{suffix}", default=shown, value_proc=_checked(convert))


@click.group(cls=FramewiseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="framewise")
def cli() -> None:
    """Choose Django or Flask with a short assessment, then generate a production-grade project."""


answers_option = click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="YAML or JSON mapping of assessment ids and template variables.",
)
no_input_option = click.option(
    "--no-input", is_flag=True, help="Never prompt: use the answers file, --set and defaults."
)


@cli.command("new-project")
@click.option("--framework", metavar="|".join(FRAMEWORKS), help="Skip the assessment and use this framework.")
@answers_option
@no_input_option
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", help="Set a template variable (repeatable).")
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Create the project at DIR/<project_slug>.",
)
@click.option("--dry-run", is_flag=True, help="Print the recommendation, context and files; write nothing.")
def new_project(
    framework: str | None,
    answers_file: Path | None,
    no_input: bool,
    settings: tuple[str, ...],
    output_dir: Path,
    dry_run: bool,
) -> None:
    """Assess, recommend a framework, and generate the project."""
    from generator import answers, assessment, catalog, project, render

    all_variables = _all_variables()
    template_names = catalog.load(framework).names if framework else all_variables  # checks --framework
    given = _given(answers_file, settings, template_names)
    given_answers, given_values = answers.split(given, QUESTIONS_BY_ID, all_variables)
    given_values = {key: answers.coerce(_variable(key), value) for key, value in given_values.items()}
    interactive = _interactive(no_input)

    decision: dict[str, Any] = {}
    implied: dict[str, Any] = {}
    if framework is None:
        recommendation = assessment.assess(_ask_assessment(given_answers, interactive))
        _show(recommendation)
        framework = recommendation.framework
        if interactive:
            other = next(f for f in FRAMEWORKS if f != framework)
            framework = click.prompt(
                f"Generate a {framework.capitalize()} project, or take {other.capitalize()} instead?",
                type=click.Choice([framework, other]),
                default=framework,
            )
        decision = recommendation.decision_context(framework)
        implied = recommendation.options(framework)
    elif given_answers:
        click.echo(f"Note: --framework skips the assessment; ignored {', '.join(given_answers)}.")

    template = catalog.load(framework)
    ignored = [key for key in given_values if key not in template.names]
    if ignored:
        click.echo(f"Note: ignored {', '.join(ignored)}: not variables of the {framework} template.")
    values, notes = project.resolve(
        template,
        {k: v for k, v in given_values.items() if k in template.names},
        implied,
        _ask_variable if interactive else None,
    )
    values["_assessment"] = decision
    for note in notes:
        click.echo(f"Note: {note}.")
    project.check(values)

    with _interruptible():
        target, files = render.render(template, values, output_dir, dry_run=dry_run)
    if dry_run:
        import json

        click.echo("Context:")
        click.echo(json.dumps({k: v for k, v in values.items() if not k.startswith("_")}, indent=2, ensure_ascii=False))
        click.echo(f"Would create {target} with {len(files)} files:")
        for name in files:
            click.echo(f"  {name}")
        return
    click.secho(f"Created {target} ({template.title}, {len(files)} files).", fg="green")
    click.echo("Next steps:")
    for step in project.next_steps(values):
        click.echo(f"  {step}")


@cli.command()
@answers_option
@no_input_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def assess(answers_file: Path | None, no_input: bool, as_json: bool) -> None:
    """Run the assessment alone and print the recommendation."""
    from generator import assessment

    given_answers: dict[str, Any] = {}
    if answers_file:  # only then: reading the templates' variables is most of this command's start-up
        from generator import answers

        given_answers, _ = answers.split(answers.load_file(answers_file), QUESTIONS_BY_ID, _all_variables())
    recommendation = assessment.assess(_ask_assessment(given_answers, _interactive(no_input)))
    if as_json:
        import json

        click.echo(json.dumps(recommendation.as_dict(), indent=2))
    else:
        _show(recommendation)


@cli.command()
def templates() -> None:
    """List the bundled templates and their variables."""
    from generator import catalog

    for name in catalog.names():
        template = catalog.load(name)
        click.secho(f"{name}: {template.description}", bold=True)
        for variable in template.variables:
            if variable.derived:
                default = "derived from project_name"
            elif variable.kind == "bool":
                default = "yes" if variable.default else "no"
            else:
                default = "|".join(variable.choices) if variable.choices else variable.default
            click.echo(f"  {variable.name:<16} {variable.prompt} [{default}]")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="framewise")
