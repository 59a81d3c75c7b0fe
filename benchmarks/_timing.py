"""Timing primitives: commands run alternately (A B A B ...), medians, min-max, ratios against targets.

Standard library only, so the benchmarks run in any environment that can run framewise.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path


class BenchmarkError(Exception):
    """Raised when a benchmark cannot be measured; the message says what failed and what to do."""


@dataclass
class Sample:
    """One measured quantity's repeated values (seconds, requests/s, ...)."""

    values: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # child CPU seconds (user + system), when known

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None


@dataclass(frozen=True)
class Command:
    """A command to time: argv, its working directory and environment, and what to do around each run.

    `env` is the whole environment (None: inherit). `prepare` runs before each timed run and `cleanup`
    after it, both untimed (e.g. make an empty output folder, or a fresh copy of a project so that
    every run is a first run).
    """

    name: str
    argv: Sequence[str]
    cwd: Callable[[int], Path] | Path | None = None
    env: Mapping[str, str] | None = None
    prepare: Callable[[int], object] | None = None
    cleanup: Callable[[int], object] | None = None
    timeout: float = 300.0
    ok_codes: tuple[int, ...] = (0,)
    optional: bool = False  # informational: dropped with a warning if its warm-up run fails


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(command: Command, index: int) -> tuple[float, float]:
    """Run `command` once; return (wall seconds, child CPU seconds). Raise BenchmarkError on failure."""
    if command.prepare:
        command.prepare(index)
    cwd = command.cwd(index) if callable(command.cwd) else command.cwd
    env = dict(command.env) if command.env is not None else None
    cpu_before = _children_cpu()
    start = time.perf_counter()
    try:
        completed = subprocess.run(
            list(command.argv),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=command.timeout,
            check=False,
        )
    except FileNotFoundError as error:
        raise BenchmarkError(f"{command.name}: cannot run {command.argv[0]!r}: {error.strerror}") from error
    except subprocess.TimeoutExpired as error:
        raise BenchmarkError(f"{command.name}: did not finish within {command.timeout:.0f} s") from error
    wall = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before
    if completed.returncode not in command.ok_codes:
        tail = "\n".join(completed.stdout.decode(errors="replace").splitlines()[-25:])
        raise BenchmarkError(
            f"{command.name}: `{' '.join(map(str, command.argv))}` exited with {completed.returncode}"
            f" in {cwd or os.getcwd()}; last lines of its output:\n{tail}"
        )
    if command.cleanup:
        command.cleanup(index)
    return wall, cpu


def alternate(
    commands: Sequence[Command], repetitions: int, warmup: int = 1, progress: Callable[[str], None] | None = None
) -> dict[str, Sample]:
    """Run every command `warmup` times untimed, then `repetitions` rounds of A, B, C, ... in turn.

    The order inside a round rotates (A B C, B C A, ...), so no command always follows the same one.
    """
    kept = []
    for command in commands:
        try:
            for w in range(max(warmup, 1 if command.optional else 0)):
                run_once(command, -1 - w)
        except BenchmarkError as error:
            if not command.optional:
                raise
            if progress:
                progress(f"dropped {command.name} (informational): {error}")
            continue
        kept.append(command)
    commands = kept
    samples = {c.name: Sample() for c in commands}
    for round_ in range(repetitions):
        shift = round_ % len(commands)
        for command in list(commands[shift:]) + list(commands[:shift]):
            wall, cpu = run_once(command, round_)
            samples[command.name].values.append(wall)
            samples[command.name].cpu.append(cpu)
        if progress:
            progress(f"round {round_ + 1}/{repetitions}")
    return samples


@dataclass(frozen=True)
class Target:
    """A ratio A/B of medians with its limit: `at_most` (times) or `at_least` (throughput)."""

    label: str
    a: str
    b: str
    limit: float | None
    at_most: bool = True

    def verdict(self, ratio: float) -> str:
        if self.limit is None:
            return "info"
        ok = ratio <= self.limit if self.at_most else ratio >= self.limit
        return "PASS" if ok else "FAIL"

    @property
    def limit_text(self) -> str:
        if self.limit is None:
            return "-"
        return f"{'<=' if self.at_most else '>='} {self.limit:.2f}x"


@dataclass
class Outcome:
    """A target's measured ratio, ready for the report."""

    group: str
    target: Target
    ratio: float
    verdict: str
    a_text: str
    b_text: str
    cpu_ratio: float | None = None  # the same ratio for CPU time (user + system) of the processes

    @property
    def cpu_text(self) -> str:
        return f"{self.cpu_ratio:.2f}x" if self.cpu_ratio is not None else "-"


def fmt_seconds(sample: Sample) -> str:
    """'123 ms (118-140)' with the min-max of the runs."""
    return f"{sample.median * 1000:.0f} ms ({sample.low * 1000:.0f}-{sample.high * 1000:.0f})"


def fmt_rate(sample: Sample) -> str:
    return f"{sample.median:.0f}/s ({sample.low:.0f}-{sample.high:.0f})"


def compare(group: str, target: Target, samples: Mapping[str, Sample], fmt: Callable[[Sample], str]) -> Outcome:
    a, b = samples[target.a], samples[target.b]
    ratio = a.median / b.median
    cpu_ratio = a.cpu_median / b.cpu_median if a.cpu_median and b.cpu_median else None
    return Outcome(group, target, ratio, target.verdict(ratio), fmt(a), fmt(b), cpu_ratio)


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """A plain-text table that is also valid Markdown."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "| " + " | ".join("-" * w for w in widths) + " |", *map(line, rows)])


def fresh_dir(path: Path) -> Path:
    """Remove `path` if it exists and create it empty."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path
