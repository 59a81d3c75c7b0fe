"""The templates' Jinja extension: filters whose literals stay valid, a compile cache, literal paths."""

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


def _environment(folder, **options) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), extensions=[filters.FramewiseFilters], **options
    )


def _no_compiling(environment: jinja2.Environment, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("compiled a template")

    monkeypatch.setattr(environment, "compile", refuse)


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_later_run_renders_from_the_compile_cache(tmp_path, cache_home, monkeypatch) -> None:
    (tmp_path / "page.txt").write_text("Hello {{ name | pystr }}")
    assert _environment(tmp_path).get_template("page.txt").render(name="Ada") == 'Hello "Ada"'
    assert len(list(filters.cache_dir().iterdir())) == 1
    later = _environment(tmp_path)
    _no_compiling(later, monkeypatch)
    assert later.get_template("page.txt").render(name="Bo") == 'Hello "Bo"'


def test_a_changed_template_is_compiled_again(tmp_path, cache_home) -> None:
    page = tmp_path / "page.txt"
    page.write_text("one {{ n }}")
    assert _environment(tmp_path).get_template("page.txt").render(n=1) == "one 1"
    page.write_text("two {{ n }}")
    assert _environment(tmp_path).get_template("page.txt").render(n=2) == "two 2"


def test_templates_sharing_a_relative_name_keep_their_own_entries(tmp_path, cache_home, monkeypatch) -> None:
    # cookiecutter loads each template's files by paths relative to its folder: README.md in both.
    for name in ("django", "flask"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text(f"{name} {{{{ x }}}}")
    for _ in range(2):
        for name in ("django", "flask"):
            monkeypatch.chdir(tmp_path / name)
            environment = jinja2.Environment(loader=jinja2.FileSystemLoader("."), extensions=[filters.FramewiseFilters])
            assert environment.get_template("README.md").render(x=1) == f"{name} 1"
    assert len(list(filters.cache_dir().iterdir())) == 2


def test_an_unusable_cache_never_fails_a_render(tmp_path, monkeypatch) -> None:
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    (tmp_path / "page.txt").write_text("{{ 6 * 7 }}")
    assert _environment(tmp_path).get_template("page.txt").render() == "42"


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert filters.cache_dir() == tmp_path / ".cache" / "framewise" / f"jinja-{jinja2.__version__}"


@pytest.mark.parametrize("text", ["{{cookiecutter.project_slug}}/config/settings.py", "/tmp/out/my_app/README.md"])
def test_paths_without_jinja_are_taken_as_they_are(tmp_path, text, monkeypatch) -> None:
    environment = _environment(tmp_path)
    if "{{" in text:
        assert environment.from_string(text).render(cookiecutter={"project_slug": "blog"}) == "blog/config/settings.py"
    else:
        _no_compiling(environment, monkeypatch)
        assert environment.from_string(text).render(cookiecutter={}) == text


@pytest.mark.parametrize(
    ("options", "text", "expected"),
    [
        ({"variable_start_string": "<<", "variable_end_string": ">>"}, "<< 6 * 7 >>", "42"),
        ({"line_statement_prefix": "%"}, "% if true\nyes\n% endif", "yes\n"),
        ({}, "one\r\ntwo", "one\ntwo"),
    ],
)
def test_text_jinja_would_change_is_still_rendered(tmp_path, options, text, expected) -> None:
    assert _environment(tmp_path, **options).from_string(text).render() == expected


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
