"""The one bake fixture: each combination is baked once per worker, by plain cookiecutter, and shared."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import bake_with_cookies
from tests.templates.combinations import Combo


@pytest.fixture(scope="session")
def bakery(cookies_session: Any) -> Callable[[Combo], Path]:
    """Bake a combination (once per worker session, through pytest-cookies and the real hooks)."""
    baked: dict[Combo, Path] = {}

    def bake(combo: Combo) -> Path:
        if combo not in baked:
            result = bake_with_cookies(cookies_session, combo.framework, combo.context)
            assert result.exit_code == 0, f"{combo}: {result.exception}"
            assert result.exception is None
            baked[combo] = Path(result.project_path)
            PRISTINE[combo] = sorted(str(p.relative_to(baked[combo])) for p in baked[combo].rglob("*"))
        return baked[combo]

    return bake


# Every path of each bake as generated, before any test ran a tool in it.
PRISTINE: dict[Combo, list[str]] = {}


@pytest.fixture
def project(bakery: Callable[[Combo], Path], combo: Combo) -> Path:
    """The baked project of the test's `combo` parameter. Tests must not change it: copy it first."""
    return bakery(combo)
