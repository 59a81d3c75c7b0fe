"""The Jinja filters the templates use: literals that stay valid, and stable under ruff format."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import tomllib

import pytest
import yaml

from tests.helpers import ROOT

_spec = importlib.util.spec_from_file_location("framewise_local_extensions", ROOT / "hooks" / "local_extensions.py")
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
