"""The built wheel carries the templates and hooks: installed into a fresh venv, framewise works."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT, clean_env


def _run(*args, cwd=None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{args}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.mark.slow
def test_the_wheel_installs_into_a_fresh_venv_and_generates_projects(tmp_path) -> None:
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", ROOT)
    (wheel,) = (tmp_path / "dist").glob("framewise-*.whl")
    _run(sys.executable, "-m", "venv", tmp_path / "venv")
    bin_dir = tmp_path / "venv" / "bin"

    # First with cookiecutter alone: the templates' hooks need nothing from framewise.
    _run(bin_dir / "python", "-m", "pip", "install", "-q", "cookiecutter")
    for framework in ("django", "flask"):
        _run(bin_dir / "cookiecutter", "--no-input", ROOT / "templates" / framework, "-o", tmp_path / "plain")
    assert sorted(p.name for p in (tmp_path / "plain").iterdir()) == ["my_django_project", "my_flask_app"]
    assert (tmp_path / "plain" / "my_flask_app" / ".env").is_file()

    _run(bin_dir / "python", "-m", "pip", "install", "-q", wheel)

    out = tmp_path / "out"
    output = _run(bin_dir / "framewise", "new-project", "--no-input", "-o", out)
    assert "Recommendation: Flask" in output
    (project,) = out.iterdir()
    assert (project / "pyproject.toml").is_file() and (project / ".env").is_file()

    # The bundled templates also work by plain cookiecutter from the install, hooks included.
    where = "from generator import catalog; print(catalog.resources_root())"
    data = _run(bin_dir / "python", "-c", where, cwd=tmp_path).strip()  # not the checkout's generator/
    assert "site-packages" in data
    _run(bin_dir / "cookiecutter", "--no-input", f"{data}/templates/django", "-o", tmp_path / "direct")
    assert (tmp_path / "direct" / "my_django_project" / "docs/decisions/0001-web-framework.md").is_file()
