"""Answers files and --set values: read and checked like interactive answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import answers, catalog
from generator.errors import AnswersFileError, InvalidValueError, UnknownKeyError


def test_yaml_and_json_files_give_the_same_flat_mapping(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text("size: large\nuse_drf: yes\nproject_name: 'Shop: \"{{ x }}\"'\n")
    (tmp_path / "a.json").write_text('{"size": "large", "use_drf": true, "project_name": "Shop: \\"{{ x }}\\""}')
    assert answers.load_file(tmp_path / "a.yaml") == answers.load_file(tmp_path / "a.json")


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("a.yaml", "- size\n- large\n", "must hold a mapping"),
        ("a.yaml", "size: [large\n", "not valid YAML"),
        ("a.json", "{size: large}", "not valid JSON"),
        ("a.yaml", "size:\n  nested: true\n", "'size' must be text, a number or yes/no"),
        ("a.yaml", "1: large\n", "is not text"),
        ("a.yaml", "just text\n", "must hold a mapping"),
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
    with pytest.raises(AnswersFileError, match="not valid YAML"):
        answers.load_file(path)


def test_set_values_parse_and_keep_equals_signs_in_values() -> None:
    assert answers.parse_set(["project_name=a=b", "use_drf=yes"]) == {"project_name": "a=b", "use_drf": "yes"}
    with pytest.raises(InvalidValueError, match="KEY=VALUE"):
        answers.parse_set(["use_drf"])


def test_values_are_coerced_to_the_variable_type() -> None:
    django = catalog.load("django")
    assert answers.coerce(django.variable("use_drf"), "TRUE") is True
    assert answers.coerce(django.variable("use_drf"), "no") is False
    assert answers.coerce(django.variable("database"), "postgresql") == "postgresql"
    assert answers.coerce(django.variable("version"), 1.0) == "1.0"
    with pytest.raises(InvalidValueError, match="'mysql' is not one of sqlite, postgresql"):
        answers.coerce(django.variable("database"), "mysql")
    with pytest.raises(InvalidValueError, match="is not one of yes, no, true, false"):
        answers.coerce(django.variable("use_drf"), "maybe")


def test_split_separates_questions_from_variables_and_names_valid_keys() -> None:
    given = {"size": "large", "use_drf": True}
    assert answers.split(given, ["size"], ["use_drf"]) == ({"size": "large"}, {"use_drf": True})
    with pytest.raises(UnknownKeyError, match="unknown key 'colour'; valid keys are size, use_drf"):
        answers.split({"colour": "red"}, ["size"], ["use_drf"])
