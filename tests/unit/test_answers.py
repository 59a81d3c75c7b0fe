"""Answers files and --set values: read and checked like interactive answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import answers
from generator.errors import AnswersFileError, InvalidValueError


def test_yaml_and_json_files_give_the_same_flat_mapping(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text("size: large\nuse_drf: yes\nproject_name: 'Shop: \"{{ x }}\"'\n")
    (tmp_path / "a.json").write_text('{"size": "large", "use_drf": true, "project_name": "Shop: \\"{{ x }}\\""}')
    from_yaml, from_json = answers.load_file(tmp_path / "a.yaml"), answers.load_file(tmp_path / "a.json")
    assert from_yaml == {**from_json, "use_drf": "yes"}  # YAML keeps what was typed; the variable reads it


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("a.yaml", "- size\n- large\n", "must be a mapping"),
        ("a.yaml", "size: [large\n", "not valid YAML"),
        ("a.json", "{size: large}", "not valid JSON"),
        ("a.yaml", "size:\n  nested: true\n", "'size' must be text, a number or yes/no"),
        ("a.yaml", "just text\n", "must be a mapping"),
    ],
)
def test_malformed_files_are_refused_in_one_line(tmp_path, name: str, content: str, problem: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(AnswersFileError, match=problem) as caught:
        answers.load_file(path)
    assert "\n" not in str(caught.value)


def test_unreadable_huge_and_binary_files_are_refused(tmp_path) -> None:
    with pytest.raises(AnswersFileError, match="cannot read"):
        answers.load_file(tmp_path / "missing.yaml")
    huge = tmp_path / "huge.yaml"
    huge.write_text("size: large\n" + "#" * answers.MAX_ANSWERS_BYTES)
    with pytest.raises(AnswersFileError, match="larger than the limit"):
        answers.load_file(huge)
    with pytest.raises(AnswersFileError, match="larger than the limit"):  # an endless stream is not read whole
        answers.load_file(Path("/dev/zero"))
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00size")
    with pytest.raises(AnswersFileError, match="not UTF-8"):
        answers.load_file(binary)


def test_yaml_tags_that_would_build_objects_are_refused(tmp_path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("size: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(AnswersFileError, match="must be text, a number or yes/no, not a list"):
        answers.load_file(path)  # the tag is ignored: nothing is ever constructed from it


def test_set_values_parse_and_keep_equals_signs_in_values() -> None:
    assert answers.parse_set(["project_name=a=b", "use_drf=yes"]) == {"project_name": "a=b", "use_drf": "yes"}
    with pytest.raises(InvalidValueError, match="KEY=VALUE"):
        answers.parse_set(["use_drf"])


def test_given_merges_the_file_and_set_values_which_win(tmp_path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("size: large\nproject_name: Shop\n")
    assert answers.given(path, ["project_name=Store", "size=small"]) == {"size": "small", "project_name": "Store"}
    assert answers.given(None, []) == {}


def test_json_numbers_stay_the_text_the_user_wrote(tmp_path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"version": 1.10, "project_name": 1e999, "author_name": 99999999999999999999999, "use_drf": true}')
    assert answers.load_file(path) == {
        "version": "1.10",
        "project_name": "1e999",
        "author_name": "99999999999999999999999",
        "use_drf": True,
    }


def test_yaml_scalars_stay_the_text_the_user_wrote(tmp_path) -> None:
    """'1.10' is not the float 1.1, 'no' is not False and a date is not a date: each variable reads its own type."""
    path = tmp_path / "a.yaml"
    path.write_text("version: 1.10\nuse_drf: no\nproject_name: 2024-02-30\nauthor_name: 99999999999999999999999\n")
    assert answers.load_file(path) == {
        "version": "1.10",
        "use_drf": "no",
        "project_name": "2024-02-30",
        "author_name": "99999999999999999999999",
    }


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("a.yaml", "", "is empty"),
        ("a.yaml", "# only a comment\n", "must be a mapping"),
        ("a.yaml", "size: !!binary aGVsbG8=\n", ""),
        ("a.yaml", "size: &a [*a]\n", "not valid YAML"),
        ("a.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply|not a list"),
        ("a.json", '{"a": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
        ("a.json", '{"a": ' + "9" * 5000 + "}", ""),  # text, which a variable then finds too long
        ("a.json", '{"a": 1e999}', ""),
        ("a.json", '{"a": NaN}', "NaN is not a JSON value"),
        ("a.json", '{"a": -Infinity}', "-Infinity is not a JSON value"),
        ("a.yaml", "a: !!python/name:os.system\n", ""),
        ("a.yaml", "a: !!timestamp 2024-02-30\n", ""),
        ("a.yaml", "a: &x b\nc: *x\n", ""),
    ],
)
def test_awkward_files_are_one_line_or_plain_text(tmp_path, name: str, content: str, problem: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    try:
        data = answers.load_file(path)
    except AnswersFileError as error:
        assert problem and re.search(problem, str(error)), str(error)
        assert "\n" not in str(error)
    else:
        assert not problem, data
        assert all(isinstance(value, str | int | float | bool) for value in data.values())
