"""The bundled templates as framewise reads them."""

from __future__ import annotations

import json

import pytest

from generator import catalog
from generator.errors import InvalidValueError
from tests.helpers import ROOT


def test_both_templates_are_listed_in_the_root_cookiecutter_json() -> None:
    assert catalog.names() == ("django", "flask")
    index = json.loads((ROOT / "cookiecutter.json").read_text())["templates"]
    for name in catalog.names():
        assert (ROOT / index[name]["path"] / "cookiecutter.json").is_file()


@pytest.mark.parametrize("name", ["django", "flask"])
def test_every_variable_has_a_readable_prompt_and_a_default(name: str) -> None:
    template = catalog.load(name)
    for variable in template.variables:
        assert variable.label != variable.name, f"{name}: {variable.name} has no __prompts__ entry"
        assert variable.default is not None
    assert template.variable("project_slug").derived
    assert template.data["_framework"].lower() == name


def test_an_unknown_framework_names_the_valid_ones() -> None:
    with pytest.raises(InvalidValueError, match="unknown framework 'rails'; choose one of django, flask"):
        catalog.load("rails")


def test_the_template_rules_are_one_ordinary_module_in_hooks() -> None:
    import framewise_hooks

    assert framewise_hooks.__file__ == str(ROOT / "hooks" / "framewise_hooks.py")


@pytest.mark.parametrize("name", ["django", "flask"])
def test_templates_link_the_shared_hook_scripts_and_decision_record_instead_of_copying_them(name: str) -> None:
    template = ROOT / "templates" / name
    for link in ("hooks/pre_gen_project.py", "hooks/post_gen_project.py", "local_extensions.py"):
        assert (template / link).is_symlink()
        assert (template / link).resolve().parent == ROOT / "hooks"
    record = template / "{{cookiecutter.project_slug}}" / "docs" / "decisions" / "0001-web-framework.md"
    assert record.resolve() == ROOT / "templates" / "_shared" / "0001-web-framework.md"


@pytest.mark.parametrize("name", ["django", "flask"])
def test_next_steps_and_derived_entries_are_read_as_data(name: str) -> None:
    template = catalog.load(name)
    assert template.steps and all(step.run for step in template.steps)
    assert all(key.startswith("__") for key in template.derived)
    assert "__prompts__" not in template.derived and "_requires" in template.data
