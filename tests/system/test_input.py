"""Hostile input: names, payloads and files that try to break or hijack generation."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framewise_hooks
from generator import catalog
from generator.cli import cli
from generator.errors import InvalidValueError
from tests.helpers import ALL_ON, TEMPLATES, compile_all, generate_project, run_project_tests, unrendered
from tests.system.processes import private_cookiecutter_config, run_cookiecutter

# Evaluated by Jinja, this would run a shell command that creates the marker file.
PAYLOAD = "{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"
NASTY = 'O\'Brien "Shop" {{ 7*7 }} {% if x %} # $HOME \\n ü 漢 <script>alert(1)</script>'


def _check_formats(target: Path) -> None:
    """Every generated file still parses in its own format."""
    compile_all(target)
    for path in target.rglob("*"):
        if path.suffix == ".toml":
            tomllib.loads(path.read_text(encoding="utf-8"))
        elif path.suffix in {".yaml", ".yml"}:
            yaml.safe_load(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
    assert unrendered(target) == []


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_a_code_running_payload_is_never_evaluated(tmp_path, framework) -> None:
    marker = tmp_path / "pwned"
    payload = PAYLOAD.format(marker=marker)
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({"description": payload, "author_name": payload}))
    out = tmp_path / payload.replace("/", "_")  # the output path is a value too
    result = CliRunner().invoke(
        cli,
        [
            "new-project",
            "--no-input",
            "--framework",
            framework,
            "--answers",
            str(answers),
            "--set",
            f"project_name={payload}",
            "--set",
            "project_slug=shop",
            "-o",
            str(out),
            *[f"--set={k}={v}" for k, v in ALL_ON[framework].items()],
        ],
    )
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    target = out / "shop"
    assert json.dumps(payload) in (target / "pyproject.toml").read_text()
    _check_formats(target)


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_plain_cookiecutter_prompts_do_not_re_render_typed_answers(tmp_path, framework) -> None:
    marker = tmp_path / "pwned"
    payload = PAYLOAD.format(marker=marker)
    count = len(catalog.load(framework).variables)
    answers = f"{payload}\nshop\n" + "\n" * count
    config = private_cookiecutter_config(tmp_path / "config")
    result = run_cookiecutter(
        "--config-file", config, TEMPLATES / framework, "-o", tmp_path, cwd=tmp_path, input=answers, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not marker.exists()
    adr = (tmp_path / "shop" / "docs/decisions/0001-web-framework.md").read_text()
    assert f"We build {framewise_hooks.md(payload)} with" in adr


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["django", "flask"])
def test_a_nasty_name_gives_a_project_whose_own_tests_pass(tmp_path, framework) -> None:
    target = generate_project(
        framework,
        {
            "project_name": NASTY,
            "project_slug": "nasty",
            "description": NASTY,
            "author_name": NASTY,
            **ALL_ON[framework],
            "database": "sqlite",
        },
        tmp_path,
    )
    _check_formats(target)
    assert NASTY in tomllib.loads((target / "pyproject.toml").read_text())["project"]["description"]
    run_project_tests(target)


@pytest.mark.parametrize(
    ("name", "hint"),
    [("123", "set project_slug"), ("漢字", "set project_slug"), ("json", "shadow"), ("class", "keyword")],
)
def test_a_name_whose_slug_is_unusable_says_how_to_set_one(tmp_path, name, hint) -> None:
    result = CliRunner().invoke(
        cli, ["new-project", "--no-input", "--framework", "flask", "--set", f"project_name={name}", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert hint in result.stderr and "project_slug" in result.stderr
    assert list(tmp_path.iterdir()) == []


printable = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.one_of(printable, st.text(min_size=1, max_size=30)), description=st.text(max_size=80))
@pytest.mark.parametrize("framework", ["django", "flask"])
def test_any_name_is_refused_in_one_line_or_renders_valid_files(tmp_path_factory, framework, name, description):
    out = tmp_path_factory.mktemp("prop")
    try:
        target = generate_project(
            framework, {"project_name": name, "description": description, **ALL_ON[framework]}, out
        )
    except InvalidValueError as error:
        assert "\n" not in str(error) and str(error)
        assert list(out.iterdir()) == []
        return
    _check_formats(target)
    meta = tomllib.loads((target / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["description"] == description
