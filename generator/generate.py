"""The library entry point: plan a project from answers, then generate it.

    plan(framework, given, output_dir, prompter) -> Plan      decide every value; write nothing
    generate(plan, dry_run=False) -> Result                   render, place, and say what comes next

The CLI, the tests and `framewise update` all go through these two functions.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import framewise_hooks as rules
from generator import __version__, catalog, render, trust, vcs
from generator.assessment import Recommendation, assess
from generator.catalog import Step, Template
from generator.errors import InvalidValueError, UnknownKeyError
from generator.questions import FRAMEWORKS, QUESTIONS, QUESTIONS_BY_ID
from generator.variables import Variable

Check = Callable[[Any], None]


class Prompter(Protocol):
    """How `plan` asks a person; without one, given values and defaults decide everything."""

    def ask(self, variable: Variable, default: Any, check: Check) -> Any:
        """Ask until `variable.parse` and then `check` accept an answer; return the parsed answer."""

    def recommend(self, recommendation: Recommendation) -> None:
        """Show the recommendation before the framework is confirmed."""


@dataclass(frozen=True)
class Plan:
    """Everything decided about a project before anything is written."""

    template: Template
    values: dict[str, Any]  # every template variable, settled
    context: dict[str, Any]  # what cookiecutter renders with: values, rules, derived flags, the decision
    target: Path
    recommendation: Recommendation | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """What generation produced (files, what became of the lock and the repository) and what comes next."""

    target: Path
    files: list[str]
    notes: tuple[str, ...]
    steps: tuple[Step, ...] = field(default=())


def _framework_question(recommended: str) -> Variable:
    other = next(f for f in FRAMEWORKS if f != recommended)
    titles = catalog.titles()
    return Variable(
        name="framework",
        label="Framework to generate",
        default=recommended,
        choices=(recommended, other),
        choice_labels={recommended: f"{titles[recommended]}, recommended", other: titles[other]},
    )


def _split(given: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split one flat namespace into assessment answers and template values; refuse unknown keys."""
    variables = dict.fromkeys(name for fw in catalog.names() for name in catalog.load(fw).names)
    for key in given:
        if key not in QUESTIONS_BY_ID and key not in variables:
            raise UnknownKeyError(
                f"unknown key '{key}'; the assessment takes {', '.join(QUESTIONS_BY_ID)}, "
                f"the templates take {', '.join(variables)}"
            )
    answers = {k: v for k, v in given.items() if k in QUESTIONS_BY_ID}
    return answers, {k: v for k, v in given.items() if k in variables}


def _parse_for(template: Template, values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: template.variable(k).parse(v) for k, v in values.items() if k in template.names}


class _Settler:
    """Settle a template's variables in prompt order: given > asked > implied > default, then its rules."""

    def __init__(self, template: Template, given: dict[str, Any], implied: Mapping[str, Any], output_dir: Path):
        self.template = template
        self.given = given
        self.implied = implied
        self.output_dir = output_dir
        self.values: dict[str, Any] = {}
        self.explicit = set(given)
        self.notes: list[str] = []
        self.interactive = False
        self._env: Any = None

    def settle(self, prompter: Prompter | None) -> dict[str, Any]:
        self.interactive = prompter is not None
        for variable in self.template.variables:
            check = self._checker(variable)
            if variable.name in self.given:
                value = self.given[variable.name]
                check(value)
            elif prompter is not None:
                value = prompter.ask(variable, self._default(variable), check)
                self.explicit.add(variable.name)
            else:
                value = self._default(variable)
                if variable.name == "project_slug":
                    check(value)
            self.values[variable.name] = value
        self._apply_rules()
        return self.values

    def _default(self, variable: Variable) -> Any:
        if variable.derived:
            if self._env is None:
                self._env = render.environment(self.template)
            return render.render_value(self._env, variable.derived, self.values)
        default = self.implied.get(variable.name, variable.default)
        running = f"{sys.version_info.major}.{sys.version_info.minor}"
        if variable.name == "python_version" and running in variable.choices:
            default = running
        candidates = [default, *((not default,) if variable.kind == "bool" else variable.choices)]
        # Offer a default that keeps to the rules with what was already chosen.
        fitting = next((c for c in candidates if not self._conflict(variable.name, c)), default)
        if fitting != default and not self.interactive:
            self.notes.append(f"{self._conflict(variable.name, default)}; set {variable.name}={variable.show(fitting)}")
        return fitting

    def _checker(self, variable: Variable) -> Check:
        def check(value: Any) -> None:
            if variable.name == "project_slug":
                rules_check(variable.name, value)
                render.check_target(self.output_dir / value)
            conflict = self._conflict(variable.name, value)
            if conflict:
                raise InvalidValueError(conflict)

        return check

    def _conflict(self, name: str, value: Any) -> str | None:
        """Say why `name=value` breaks a rule with a value the user chose; None when it does not."""
        trial = {**self.values, name: value}
        for condition, needs in self.template.data.get("_requires", {}).items():
            for need in needs:
                sides = {rules.satisfied(condition)[0], rules.satisfied(need)[0]}
                if name not in sides or not sides <= set(trial) or not sides <= self.explicit | {name}:
                    continue
                if rules.holds(condition, trial) and not rules.holds(need, trial):
                    other = next(iter(sides - {name}), name)
                    return (
                        f"{name}={self.template.variable(name).show(value)} does not go with "
                        f"{other}={self.template.variable(other).show(trial[other])}: "
                        f"{rules.describe(condition)} needs {rules.describe(need)}"
                    )
        return None

    def _apply_rules(self) -> None:
        """Turn implied options on (or off) where the rules need it; an explicit choice is never flipped."""
        for _ in range(len(self.template.names) + 1):
            missing = rules.missing_requirements({**self.template.data, **self.values})
            if not missing:
                return
            condition, need = missing[0]
            name, value = rules.satisfied(need)
            owner, _ = rules.satisfied(condition)
            variable = self.template.variable(name)
            if name not in self.explicit:
                self.values[name] = value
                change = f"turned {name} {'on' if value else 'off'}" if isinstance(value, bool) else f"set {need}"
                self.notes.append(f"{rules.describe(condition)} needs {rules.describe(need)}: {change}")
            elif owner not in self.explicit and self.template.variable(owner).kind == "bool":
                self.values[owner] = not self.values[owner]
                self.notes.append(
                    f"{rules.describe(condition)} needs {rules.describe(need)}, and {name}="
                    f"{variable.show(self.values[name])} was chosen: turned {owner} "
                    f"{'on' if self.values[owner] else 'off'}"
                )
            else:
                raise InvalidValueError(
                    f"{rules.describe(condition)} needs {rules.describe(need)}; "
                    f"set {rules.describe(need)} or change {rules.describe(condition)}"
                )
        raise InvalidValueError("the template's rules contradict each other")  # pragma: no cover


def rules_check(name: str, value: str) -> None:
    """The shared hook rules for one value, as a framewise error."""
    try:
        rules.validate_value(name, value)
    except rules.HookError as error:
        raise InvalidValueError(str(error)) from None


def plan(
    framework: str | None,
    given: Mapping[str, Any],
    output_dir: Path = Path("."),
    prompter: Prompter | None = None,
) -> Plan:
    """Decide every value of a project: assess (unless a framework is given), then settle the template.

    `given` is one flat namespace of assessment answers and template variables (from an answers
    file and --set); each is parsed once. Nothing is written.
    """
    answers_given, values_given = _split(given)
    notes: list[str] = []
    recommendation = None
    if framework is None:
        # Every template that has a given variable reads it now, so a bad value fails before any question.
        parsed = {name: _parse_for(catalog.load(name), values_given) for name in catalog.names()}
        recommendation = _assess(answers_given, prompter)
        framework = recommendation.framework
        if prompter is not None:
            prompter.recommend(recommendation)
            framework = prompter.ask(_framework_question(framework), framework, _accept)
        template = catalog.load(framework)
        chosen = parsed[framework]
        implied = recommendation.options(framework)
    else:
        template = catalog.load(framework.lower())
        chosen = _parse_for(template, values_given)
        implied = {}
        if answers_given:
            notes.append(f"--framework skips the assessment; ignored {', '.join(answers_given)}")
    ignored = [key for key in values_given if key not in template.names]
    if ignored:
        notes.append(f"ignored {', '.join(ignored)}: not variables of the {template.name} template")

    output_dir = render.resolve_output(Path(output_dir))
    settler = _Settler(template, chosen, implied, output_dir)
    values = settler.settle(prompter)
    context = _context(template, values, recommendation, settler)
    try:
        rules.pre_gen(context)
    except rules.HookError as error:
        raise InvalidValueError(str(error)) from None
    return Plan(
        template=template,
        values=values,
        context=context,
        target=output_dir / values["project_slug"],
        recommendation=recommendation,
        notes=tuple(notes + settler.notes),
    )


def _accept(value: Any) -> None:
    """An answer needs no check beyond its variable's own."""


def _assess(answers_given: Mapping[str, Any], prompter: Prompter | None) -> Recommendation:
    """Parse the given answers, ask the rest (or take their defaults), and score them."""
    answers = {k: QUESTIONS_BY_ID[k].parse(v) for k, v in answers_given.items()}
    if prompter is not None:
        for question in QUESTIONS:
            if question.name not in answers:
                answers[question.name] = prompter.ask(question, question.default, _accept)
    return assess(answers)


def assess_given(given: Mapping[str, Any], prompter: Prompter | None = None) -> Recommendation:
    """The assessment alone, from the same flat namespace `plan` takes (template variables are ignored)."""
    return _assess(_split(given)[0], prompter)


def _context(
    template: Template, values: dict[str, Any], recommendation: Recommendation | None, settler: _Settler
) -> dict[str, Any]:
    """The cookiecutter context: the values, the template's private data, the decision, the derived flags."""
    context: dict[str, Any] = {**values, **template.data}
    context["_assessment"] = recommendation.decision(template.name) if recommendation else {}
    context["_date"] = datetime.date.today().isoformat()
    context["_framewise_version"] = __version__
    if template.derived:
        env = settler._env or render.environment(template)
        for key, raw in template.derived.items():
            context[key] = render.render_value(env, raw, context)
    return context


def next_steps(plan: Plan) -> tuple[Step, ...]:
    """The template's next steps that apply to this project, with its name filled in."""
    slug = plan.values["project_slug"]
    uv = shutil.which("uv") is not None

    def fill(text: str) -> str:
        return text.replace("{project_slug}", slug)

    steps = [Step(run=f"cd {slug}")]
    for step in plan.template.steps:
        if step.when and not rules.holds(step.when, plan.context):
            continue
        shown = step.uv if uv and step.uv else step.run
        steps.append(Step(run=fill(shown), batch=fill(step.batch or shown), serve=step.serve))
    return tuple(steps)


def lock(project: Path) -> str:
    """Lock the project's dependencies with uv when it is on PATH and the index answers; say what happened."""
    uv = shutil.which("uv")
    if uv is None:
        return "uv is not on PATH: no uv.lock yet; run `uv lock` once uv is installed"
    arguments = trust.uv_lock_arguments(project)
    if isinstance(arguments, str):
        return f"not locked: {arguments}; check it, then run `uv lock`"
    try:
        result = vcs.run(
            [uv, "lock", "--quiet", *arguments],
            cwd=project,
            # A Python the project asks for must already be on the machine: uv never downloads one here.
            env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
            timeout=300,
        )
    except subprocess.TimeoutExpired:
        return "uv lock took too long (is the package index reachable?): run `uv lock` later"
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["no reason given"])[-1][:200]
        return f"uv could not lock the dependencies ({reason}): run `uv lock` when the package index answers"
    return "locked the dependencies in uv.lock"


def generate(plan: Plan, dry_run: bool = False, git: bool = True, lock_dependencies: bool = True) -> Result:
    """Render the planned project into its target (or, with dry_run, only list its files).

    Then lock its dependencies (uv.lock) and make it a git repository with a first commit, unless
    told not to or already inside a work tree.
    """
    notes: list[str] = []

    def finish(project: Path) -> None:
        # In the staging folder, before the project is placed: a run stopped here leaves nothing.
        if lock_dependencies:
            notes.append(lock(project))
        if git:
            notes.append(vcs.init(project, plan.values["author_name"], plan.values["author_email"]))

    files = render.render(plan.template, plan.context, plan.target, dry_run=dry_run, finish=None if dry_run else finish)
    return Result(target=plan.target, files=files, notes=tuple(notes), steps=next_steps(plan))
