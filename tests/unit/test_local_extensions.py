"""The templates' Jinja extension: filters whose literals stay valid in every format, and nothing else."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import tomllib

import jinja2
import pytest
import yaml

from tests.helpers import TEMPLATES

# Loaded through a template's link, as cookiecutter loads it: the link's place finds the shared hooks.
_spec = importlib.util.spec_from_file_location(
    "framewise_local_extensions", TEMPLATES / "django" / "local_extensions.py"
)
assert _spec and _spec.loader
filters = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(filters)

TEXTS = ["plain", 'say "hi"', "it's", 'both \' and ""', "back\\slash\\", "{{ 7*7 }} {% x %}", "ü 漢 $ # <b>", ""]


@pytest.mark.parametrize("text", TEXTS)
def test_pystr_is_the_python_literal_ruff_format_would_write(text: str) -> None:
    literal = filters.pystr(text)
    assert ast.literal_eval(literal) == text
    source = f"X = {literal}\n"
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "-"], input=source, capture_output=True, text=True, check=True
    ).stdout
    assert formatted == source


@pytest.mark.parametrize("text", TEXTS)
def test_quoted_is_one_literal_for_toml_yaml_and_json(text: str) -> None:
    literal = filters.quoted(text)
    assert tomllib.loads(f"x = {literal}")["x"] == text
    assert yaml.safe_load(f"x: {literal}")["x"] == text
    assert json.loads(literal) == text


def test_the_extension_registers_the_filters_and_nothing_that_outlives_the_run(tmp_path) -> None:
    """Filters and today's date only: no compile cache, nothing written outside the project, no patching."""
    before = jinja2.Environment()
    environment = jinja2.Environment(extensions=[filters.FramewiseFilters])
    assert {"quoted", "pystr", "md", "slug"} <= set(environment.filters)
    assert environment.bytecode_cache is None
    assert type(environment).from_string is type(before).from_string
    assert "from_string" not in vars(environment)
    assert environment.from_string("{{ name | slug }}").render(name="My Blog") == "my_blog"


@pytest.mark.parametrize(
    "path", [TEMPLATES / "flask" / "local_extensions.py", TEMPLATES.parent / "hooks" / "local_extensions.py"]
)
def test_the_hooks_folder_is_found_through_the_link_and_from_the_file_itself(path) -> None:
    # Once imported, hooks/ leads sys.path, so a later `import local_extensions` may find the file itself.
    spec = importlib.util.spec_from_file_location("local_extensions_copy", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = module.HOOKS_DIR
    assert found == str(TEMPLATES.parent / "hooks")
