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

    # pip byte-compiles what it installs, the bundled templates included (PYTHONDONTWRITEBYTECODE aside).
    _run(bin_dir / "python", "-m", "pip", "install", "-q", "--compile", wheel)
    compiled = list((tmp_path / "venv").rglob("_data/templates/**/__pycache__/*.pyc"))
    assert compiled, "the install compiled no template file, so this test would prove nothing"

    out = tmp_path / "out"
    output = _run(bin_dir / "framewise", "new-project", "--no-input", "--no-lock", "-o", out)
    assert "Recommendation: Flask" in output
    (project,) = out.iterdir()
    assert (project / "pyproject.toml").is_file() and (project / ".env").is_file()
    assert [p for p in project.rglob("*") if "__pycache__" in p.parts or p.suffix == ".pyc"] == []
    assert f"({catalog_title('flask')}, " in output

    # The bundled templates also work by plain cookiecutter from the install, hooks included.
    where = "from generator import catalog; print(catalog.resources_root())"
    data = _run(bin_dir / "python", "-c", where, cwd=tmp_path).strip()  # not the checkout's generator/
    assert "site-packages" in data
    _run(bin_dir / "cookiecutter", "--no-input", f"{data}/templates/django", "-o", tmp_path / "direct")
    direct = tmp_path / "direct" / "my_django_project"
    assert (direct / "docs/decisions/0001-web-framework.md").is_file()
    assert [p for p in direct.rglob("*") if "__pycache__" in p.parts or p.suffix == ".pyc"] == []
    # The shared rules are an ordinary installed module, and framewise update works from the install.
    _run(
        bin_dir / "python",
        "-c",
        "import framewise_hooks, generator; assert framewise_hooks.__version__ == generator.__version__",
    )
    _run(bin_dir / "framewise", "update", "--set", "use_drf=yes", direct)
    assert (direct / "config" / "api.py").is_file()


def catalog_title(name: str) -> str:
    from generator import catalog

    return catalog.titles()[name]
