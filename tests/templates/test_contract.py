"""Each template's cookiecutter.json rules, and the covering set of bakes every other template test uses."""

from __future__ import annotations

import fnmatch
import itertools
from pathlib import Path
from typing import Any

import pytest

import framewise_hooks as rules
from tests.helpers import TEMPLATES, bake_with_cookies
from tests.templates.combinations import COMBINATIONS, CONTRACTS, FLASK_EXTENSIONS, Combo, choices

# Options whose every pair of values must meet in at least one Django bake.
DJANGO_PAIRWISE = ("database", "frontend", "use_accounts", "use_drf", "use_celery", "use_docker", "ci")


def valid(framework: str, values: dict[str, Any]) -> bool:
    """Whether the template's _requires rules allow these values (unset ones are taken as free)."""
    for condition, needs in CONTRACTS[framework]["_requires"].items():
        for need in needs:
            sides = {rules.satisfied(condition)[0], rules.satisfied(need)[0]}
            if sides <= set(values) and rules.holds(condition, values) and not rules.holds(need, values):
                return False
    return True


@pytest.mark.parametrize("framework", list(COMBINATIONS))
def test_every_combination_is_valid_and_names_real_variables(framework: str) -> None:
    for name in COMBINATIONS[framework]:
        combo = Combo(framework, name)
        assert valid(framework, combo.values), combo
        assert set(combo.context) <= set(CONTRACTS[framework]), combo


@pytest.mark.parametrize("framework", list(COMBINATIONS))
def test_every_value_of_every_variable_is_baked(framework: str) -> None:
    baked = [Combo(framework, name).values for name in COMBINATIONS[framework]]
    for name, default in CONTRACTS[framework].items():
        if not name.startswith("_") and isinstance(default, bool | list):
            assert set(map(str, choices(framework, name))) <= {str(v[name]) for v in baked}, name


def test_django_bakes_cover_every_pair_of_option_values() -> None:
    baked = [Combo("django", name).values for name in COMBINATIONS["django"]]
    for first, second in itertools.combinations(DJANGO_PAIRWISE, 2):
        for a, b in itertools.product(choices("django", first), choices("django", second)):
            if valid("django", {first: a, second: b}):
                assert any(v[first] == a and v[second] == b for v in baked), (first, a, second, b)


def test_flask_bakes_cover_all_on_all_off_each_alone_and_every_pair() -> None:
    baked = [Combo("flask", name).values for name in COMBINATIONS["flask"]]
    assert any(all(v[e] for e in FLASK_EXTENSIONS) for v in baked)
    assert any(not any(v[e] for e in FLASK_EXTENSIONS) for v in baked)
    requires = CONTRACTS["flask"]["_requires"]
    for extension in FLASK_EXTENSIONS:
        needed = {extension}
        while more := {n for option in needed for n in requires.get(option, []) if n in FLASK_EXTENSIONS} - needed:
            needed |= more
        assert any({e for e in FLASK_EXTENSIONS if v[e]} == needed for v in baked), extension
    for first, second in itertools.combinations(FLASK_EXTENSIONS, 2):
        for wanted in ({first: a, second: b} for a, b in itertools.product((True, False), repeat=2)):
            possible = any(
                valid("flask", assignment) and all(assignment[k] == w for k, w in wanted.items())
                for assignment in (
                    dict(zip(FLASK_EXTENSIONS, bits, strict=True))
                    for bits in itertools.product((True, False), repeat=len(FLASK_EXTENSIONS))
                )
            )
            covered = any(all(v[k] == w for k, w in wanted.items()) for v in baked)
            assert covered or not possible, f"no bake has {wanted}"


@pytest.mark.parametrize("framework", list(COMBINATIONS))
def test_rules_name_real_variables_paths_and_patterns(framework: str) -> None:
    """A typo in _requires, _prune_unless, _copy_without_render or _next_steps would silently do nothing."""
    contract = CONTRACTS[framework]
    root = TEMPLATES / framework / "{{cookiecutter.project_slug}}"
    variables = {k for k in contract if not k.startswith("_")}
    derived = {k for k in contract if k.startswith("__") and k != "__prompts__"}
    needs = [need for needed in contract["_requires"].values() for need in needed]
    steps = [step["when"] for step in contract["_next_steps"] if "when" in step]
    for condition in [*contract["_requires"], *needs]:
        assert rules.satisfied(condition)[0] in variables, condition  # rules settle answers, not derived flags
    for condition in [*contract["_prune_unless"], *steps]:
        assert rules.satisfied(condition)[0] in variables | derived, condition
    for condition, paths in contract["_prune_unless"].items():
        for path in paths:
            assert (root / path.replace("{project_slug}", root.name)).exists(), (condition, path)
    rendered = [str(p.relative_to(root)) for p in root.rglob("*")]
    for pattern in contract.get("_copy_without_render", []):
        assert any(fnmatch.fnmatch(path, pattern) for path in rendered), pattern
    assert all(set(step) <= {"run", "when", "uv", "batch", "serve"} for step in contract["_next_steps"])


@pytest.mark.parametrize(
    ("framework", "context"),
    [("django", {"frontend": "api", "use_drf": False}), ("flask", {"use_login": True, "use_sqlalchemy": False})],
)
def test_plain_cookiecutter_refuses_a_combination_the_rules_forbid(cookies_session: Any, framework, context) -> None:
    result = bake_with_cookies(cookies_session, framework, context)
    assert result.exit_code != 0
    assert result.project_path is None or not Path(result.project_path).exists()
