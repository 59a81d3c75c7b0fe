"""Coverage-guided fuzzing of framewise's input boundaries with atheris (libFuzzer), outside the suite.

    python tests/fuzz_atheris.py answers -runs=200000      # the answers parser on any bytes
    python tests/fuzz_atheris.py values -max_total_time=600  # every variable's parse and the validators
    python tests/fuzz_atheris.py paths -runs=200000        # the hooks' path confinement

Any exception other than the one framewise error of each boundary, or an accepted value that breaks
its promise, is a finding: libFuzzer stops and writes the input to a crash-* file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "hooks")]

with atheris.instrument_imports():
    import email.headerregistry  # noqa: F401  # what the lazy imports of the validators and the parser load
    import json  # noqa: F401
    import zoneinfo  # noqa: F401

    import yaml  # noqa: F401

    import framewise_hooks as rules
    from generator import answers, catalog
    from generator.errors import AnswersFileError, InvalidValueError
    from generator.questions import QUESTIONS

SCRATCH = Path(tempfile.mkdtemp(prefix="framewise-fuzz-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
VARIABLES = [variable for name in catalog.names() for variable in catalog.load(name).variables] + list(QUESTIONS)
SUFFIXES = [".yaml", ".json", ".yml", ""]


def fuzz_answers(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    path = SCRATCH / f"answers{SUFFIXES[provider.ConsumeIntInRange(0, len(SUFFIXES) - 1)]}"
    path.write_bytes(provider.ConsumeBytes(provider.remaining_bytes()))
    try:
        loaded = answers.load_file(path)
    except AnswersFileError as error:
        assert "\n" not in str(error)
        return
    assert all(isinstance(key, str) and isinstance(value, str | bool) for key, value in loaded.items())


def fuzz_values(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    variable = VARIABLES[provider.ConsumeIntInRange(0, len(VARIABLES) - 1)]
    text = provider.ConsumeUnicodeNoSurrogates(provider.remaining_bytes())
    try:
        parsed = variable.parse(text)
    except InvalidValueError as error:
        assert "\n" not in str(error)
        return
    assert variable.parse(variable.show(parsed)) == parsed
    try:
        rules.validate_value(variable.name, text)
    except rules.HookError as error:
        assert "\n" not in str(error)


PROJECT = SCRATCH / "project"


def _project() -> None:
    (PROJECT / "a" / "b").mkdir(parents=True)
    (SCRATCH / "outside").mkdir()
    (PROJECT / "out").symlink_to(SCRATCH / "outside", target_is_directory=True)
    (PROJECT / "link").symlink_to(PROJECT / "a", target_is_directory=True)
    (PROJECT / "loop").symlink_to(PROJECT / "loop")


def fuzz_paths(data: bytes) -> None:
    relative = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    try:
        path = rules.inside(PROJECT, relative)
    except rules.HookError as error:
        assert "\n" not in str(error)
        return
    root = PROJECT.resolve()
    assert path.parent.resolve().is_relative_to(root) and path != root


TARGETS = {"answers": fuzz_answers, "values": fuzz_values, "paths": fuzz_paths}

if __name__ == "__main__":
    target = TARGETS[sys.argv.pop(1)]
    if target is fuzz_paths:
        _project()
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
