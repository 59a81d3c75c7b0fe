"""Per-request cost of a generated project, in-process: where the time goes, and what a setting costs.

    python benchmarks/_diagnose.py django PATH [PATH ...]   (cwd: the project; DJANGO_SETTINGS_MODULE set)
    python benchmarks/_diagnose.py flask MODULE:APP PATH...  (cwd: the project; APP_ENV, SECRET_KEY set)

Requests go through the framework's test client (the full middleware stack, no network), so the
numbers are the application's own CPU per request, without gunicorn or the socket. For Django, each
production setting the generated project adds is switched off in turn (override_settings), to show
what it costs; nothing here is a recommendation by itself.
"""

from __future__ import annotations

import cProfile
import functools
import io
import os
import pstats
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

REQUESTS = int(os.environ.get("FRAMEWISE_BENCH_REQUESTS", "500"))


def per_request(
    calls: dict[str, tuple[Callable[[], Any], Callable[[], Any]]], rounds: int = 5, n: int = REQUESTS
) -> dict[str, float]:
    """CPU microseconds per request (process time: what a worker would spend) for each variant.

    `calls` maps a label to (enter, call): enter() returns a context manager that applies the variant.
    Variants alternate in rounds (A B C, A B C, ...); the result is each one's median over the rounds.
    """
    samples: dict[str, list[float]] = {label: [] for label in calls}
    for enter, call in calls.values():
        with enter():
            for _ in range(50):
                call()
    for _ in range(rounds):
        for label, (enter, call) in calls.items():
            with enter():
                start = time.process_time()
                for _ in range(n):
                    call()
                samples[label].append((time.process_time() - start) / n * 1e6)
    return {label: sorted(values)[len(values) // 2] for label, values in samples.items()}


def by_package(call: Callable[[], Any], n: int = 500, top: int = 8) -> str:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(n):
        call()
    profile.disable()
    stats = pstats.Stats(profile, stream=io.StringIO())
    shares: dict[str, float] = {}
    total = 0.0
    for (filename, _line, _func), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        match = re.search(r"site-packages/([^/]+)", filename)
        package = (
            match.group(1).removesuffix(".py")
            if match
            else (
                "stdlib"
                if "/lib/python3" in filename or filename.startswith("<frozen")
                else "builtins"
                if filename == "~"
                else "project"
            )
        )
        shares[package] = shares.get(package, 0.0) + own
        total += own
    ordered = sorted(shares.items(), key=lambda kv: -kv[1])[:top]
    return ", ".join(f"{name} {own / total:.0%}" for name, own in ordered)


def django(paths: list[str]) -> None:
    import django as dj

    sys.path.insert(0, os.getcwd())
    dj.setup()
    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django.test.utils import override_settings

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    database = connections.settings["default"]  # the dict the handler reads on every request

    @contextmanager
    def db_option(key: str, value: Any) -> Iterator[None]:
        saved = database.get(key)
        database[key] = value
        try:
            yield
        finally:
            database[key] = saved

    toggles: dict[str, Callable[[], Any]] = {"as configured": nullcontext}
    if database.get("ATOMIC_REQUESTS"):
        toggles["ATOMIC_REQUESTS off"] = lambda: db_option("ATOMIC_REQUESTS", False)
    if database.get("CONN_HEALTH_CHECKS"):
        toggles["CONN_HEALTH_CHECKS off"] = lambda: db_option("CONN_HEALTH_CHECKS", False)
    if "Manifest" in settings.STORAGES.get("staticfiles", {}).get("BACKEND", ""):
        toggles["plain StaticFilesStorage"] = lambda: override_settings(
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        )
    for path in paths:
        status = client.get(path).status_code
        print(
            f"GET {path} (status {status}): CPU per request in-process, median of 5 alternating rounds of {REQUESTS}:"
        )
        results = per_request({label: (enter, functools.partial(client.get, path)) for label, enter in toggles.items()})
        base = results["as configured"]
        for label, micro in results.items():
            print(f"  {label:<30} {micro:6.0f} us  ({micro / base - 1:+.0%})")
        print(f"  time by package: {by_package(functools.partial(client.get, path))}")


def flask(spec: str, paths: list[str]) -> None:
    import importlib

    sys.path.insert(0, os.getcwd())
    module, _, name = spec.partition(":")
    client = getattr(importlib.import_module(module), name).test_client()
    results = per_request({path: (nullcontext, functools.partial(client.get, path)) for path in paths})
    for path in paths:
        status = client.get(path).status_code
        print(f"GET {path} (status {status}): CPU per request in-process: {results[path]:.0f} us")
        print(f"  time by package: {by_package(functools.partial(client.get, path))}")


if __name__ == "__main__":
    if sys.argv[1] == "django":
        django(sys.argv[2:])
    else:
        flask(sys.argv[2], sys.argv[3:])
