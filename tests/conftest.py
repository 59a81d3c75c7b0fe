"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator import cli
from tests.browser import chromium  # noqa: F401  (one browser per test session: every module shares it)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the CLI prompt as it would on a terminal; CliRunner feeds the answers."""
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
