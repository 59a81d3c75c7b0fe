"""SECURITY.md stays true: every test it names exists, and the limits and signals it states are the code's."""

from __future__ import annotations

import re
import signal

import framewise_hooks as rules
from generator import answers, render
from tests.helpers import ROOT

TEXT = (ROOT / "SECURITY.md").read_text(encoding="utf-8")


def test_every_test_named_as_proof_exists() -> None:
    named, module = [], None
    for path, name in re.findall(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`", TEXT):
        module = path or module
        if name or path:
            named.append((module, name))
    assert len(named) > 40
    for path, name in named:
        assert path is not None and (ROOT / path).is_file(), path
        if name:
            assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), f"{path}::{name}"


def test_the_limits_and_signals_stated_are_the_codes() -> None:
    assert re.search(rf"at most\s+{rules.SLUG_MAX_LENGTH}\s+characters,\s+what every line", TEXT)
    assert re.search(rf"PEP 440\s+and at most\s+{rules.VERSION_MAX_LENGTH}\s+characters", TEXT)
    assert re.search(rf"at most\s+{answers.MAX_ANSWERS_BYTES // 1024}\s+KiB", TEXT)
    stated = re.search(r"the first of (.+?) stops the run", TEXT, re.DOTALL)
    assert stated is not None
    names = re.findall(r"SIG\w+", stated[1])
    assert [signal.Signals(signum).name for signum in render.STOP_SIGNALS] == names
    categories = re.search(r"\((Cc(?:, \w\w)+)\)", TEXT)
    assert categories is not None and set(categories[1].split(", ")) == rules.REFUSED_CATEGORIES
