"""Fuzzing the boundaries: every input either is accepted as data or refused as one framewise error.

Bounded here (FRAMEWISE_FUZZ_EXAMPLES, a few dozen by default); a longer run sets it higher. The
targets: the answers parser on arbitrary bytes, every variable's parse, plan() with arbitrary given
mappings, and the path confinement of the hooks.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framewise_hooks as rules
from generator import answers, catalog, generate
from generator.errors import AnswersFileError, FramewiseError, InvalidValueError
from generator.questions import QUESTIONS

EXAMPLES = int(os.environ.get("FRAMEWISE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
VARIABLES = [variable for name in catalog.names() for variable in catalog.load(name).variables] + list(QUESTIONS)
KEYS = sorted({variable.name for variable in VARIABLES} | {"_prune_unless", "_secrets", "__uses_redis", "size"})

# Fragments that matter to YAML and JSON, mixed with arbitrary text and bytes.
YAML_BITS = st.sampled_from(
    [
        "project_name: ",
        "version: ",
        "use_drf: ",
        "!!python/object/apply:os.system ['x']",
        "!!binary aGk=",
        "&a [*a]",
        "[",
        "{",
        "]",
        "}",
        "---\n",
        "? ",
        ": ",
        "- ",
        "\n",
        "  ",
        '"\\0"',
        "'",
        "1e999",
        "0x1F",
        "2024-02-30",
        "~",
        "NaN",
        "%YAML 1.1\n",
        "\t",
        "#",
    ]
)
DOCUMENTS = st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(YAML_BITS, st.text(max_size=8)), max_size=30).map(lambda parts: "".join(parts).encode()),
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
        max_leaves=10,
    ).map(lambda value: repr(value).encode()),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=60),
    st.sampled_from(["yes", "no", "Europe", "UTC", "0.1.0", "you@example.com", "blog", "..", "/etc", "{{ 7*7 }}"]),
    st.lists(st.text(max_size=3), max_size=2),
)


@FUZZ
@given(content=DOCUMENTS, suffix=st.sampled_from([".yaml", ".yml", ".json", ".txt", ""]))
def test_the_answers_parser_takes_any_bytes(tmp_path_factory, content: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("answers") / f"answers{suffix}"
    path.write_bytes(content)
    try:
        loaded = answers.load_file(path)
    except AnswersFileError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert all(isinstance(key, str) for key in loaded)
    assert all(isinstance(value, str | bool) for value in loaded.values())  # text as written, or a JSON boolean


@FUZZ
@given(variable=st.sampled_from(VARIABLES), value=SCALARS)
def test_every_variable_parses_any_value_or_refuses_it_in_one_line(variable: Any, value: object) -> None:
    try:
        parsed = variable.parse(value)
    except InvalidValueError as error:
        assert str(error) and "\n" not in str(error) and len(str(error)) < 1000
        return
    assert parsed == variable.parse(variable.show(parsed))  # what is shown reads back the same


@FUZZ
@given(
    framework=st.sampled_from([None, "django", "flask", "Django", "rails"]),
    given_values=st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=12)), SCALARS, max_size=8),
)
def test_plan_settles_any_given_mapping_or_refuses_it_in_one_line_and_writes_nothing(
    tmp_path_factory, framework: str | None, given_values: dict[str, Any]
) -> None:
    out = tmp_path_factory.mktemp("plan")
    try:
        plan = generate.plan(framework, given_values, out)
    except FramewiseError as error:
        assert str(error) and "\n" not in str(error)
    else:
        rules.pre_gen(plan.context)  # what the hook would check holds
        assert plan.target.parent == out.resolve()
    assert list(out.iterdir()) == []


PATH_BITS = st.sampled_from(
    ["..", ".", "/", "a", "link", "loop", "out", "~", "\0", "\\", "//", "a/../b", "{project_slug}", "é"]
)


@pytest.fixture(scope="module")
def confined(tmp_path_factory) -> Path:
    """A project holding a link out of it, a link inside it and a loop, beside an outside folder."""
    root = tmp_path_factory.mktemp("confined")
    project, outside = root / "project", root / "outside"
    (project / "a" / "b").mkdir(parents=True)
    outside.mkdir()
    (project / "out").symlink_to(outside, target_is_directory=True)
    (project / "link").symlink_to(project / "a", target_is_directory=True)
    (project / "loop").symlink_to(project / "loop")
    return project


@FUZZ
@given(relative=st.one_of(st.lists(PATH_BITS, min_size=0, max_size=6).map("/".join), st.text(max_size=20)))
def test_inside_names_a_path_in_the_project_or_refuses(confined: Path, relative: str) -> None:
    try:
        path = rules.inside(confined, relative)
    except rules.HookError as error:
        assert "\n" not in str(error)
        return
    root = confined.resolve()
    assert path.parent.resolve().is_relative_to(root)
    assert path != root and path.is_relative_to(root)


@FUZZ
@given(key=st.sampled_from(KEYS), value=st.text(max_size=250))
def test_validating_any_text_is_a_hook_error_or_nothing(key: str, value: str) -> None:
    try:
        rules.validate_value(key, value)
    except rules.HookError as error:
        assert "\n" not in str(error)


@FUZZ
@given(name=st.text(max_size=300))
def test_a_derived_slug_is_always_plain_and_short(name: str) -> None:
    slug = rules.derive_slug(name)
    assert len(slug) <= rules.SLUG_MAX_LENGTH and set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789_")
    assert not slug.startswith("_") and not slug.endswith("_")
