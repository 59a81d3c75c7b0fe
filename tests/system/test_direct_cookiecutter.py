"""The templates used by plain cookiecutter, with the shared hooks running as cookiecutter runs them."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter

from tests.helpers import TEMPLATES

AWKWARD_NAME = "O'Brien's \"Shop\" ''' \"\"\" \\ é"  # quotes and backslashes that end naive literals


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_hook_scripts_carry_awkward_answers_intact(tmp_path, framework) -> None:
    project = cookiecutter(
        str(TEMPLATES / framework),
        no_input=True,
        output_dir=str(tmp_path),
        extra_context={"project_slug": "shop", "description": AWKWARD_NAME},
    )
    adr = (tmp_path / "shop" / "docs/decisions/0001-web-framework.md").read_text()
    assert project == str(tmp_path / "shop")
    assert "chosen by hand" in adr


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_the_pre_generation_hook_refuses_a_bad_slug_and_leaves_nothing(tmp_path, framework, capfd) -> None:
    with pytest.raises(FailedHookException):
        cookiecutter(
            str(TEMPLATES / framework),
            no_input=True,
            output_dir=str(tmp_path),
            extra_context={"project_slug": "import"},
        )
    assert "Error: project_slug 'import' is a Python keyword" in capfd.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_root_cookiecutter_json_offers_both_templates(tmp_path) -> None:
    project = cookiecutter(str(TEMPLATES.parent), no_input=True, output_dir=str(tmp_path))
    assert project == str(tmp_path / "my_django_project")  # the first template, when nobody is asked
    assert (tmp_path / "my_django_project" / "docs/decisions/0001-web-framework.md").is_file()


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_a_relative_template_path_works_from_the_repository_root(tmp_path, framework) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--no-input", f"templates/{framework}", "-o", str(tmp_path)],
        cwd=TEMPLATES.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (project,) = tmp_path.iterdir()
    assert (project / ".env").is_file() and (project / "docs/decisions/0001-web-framework.md").is_file()
