"""Our own code keeps to its standards: ruff lint and format, and mypy strict on the package."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT

OURS = ["generator", "hooks", "tests"] + (["benchmarks"] if (ROOT / "benchmarks").is_dir() else [])


def _check(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_ruff_lint_passes() -> None:
    _check("ruff", "check", *OURS)


def test_ruff_format_is_clean() -> None:
    _check("ruff", "format", "--check", *OURS)


def test_mypy_strict_passes_on_the_package() -> None:
    _check("mypy")
