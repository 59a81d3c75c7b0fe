"""Secure defaults of projects generated through framewise: fresh secrets, and production refusing weak ones.

(Secrets kept out of git, ignore rules and bandit are checked for every bake in tests/templates.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import catalog
from tests.helpers import ALL_ON, FLASK_EXTENSIONS, clean_env, generate_project

COMBINATIONS = {
    "django-plain": ("django", {"use_drf": False, "use_celery": False, "use_docker": False}),
    "django-all": ("django", ALL_ON["django"]),
    "django-api": ("django", {"frontend": "api", "use_drf": True}),
    "flask-bare": ("flask", dict.fromkeys(FLASK_EXTENSIONS, False)),
    "flask-all": ("flask", ALL_ON["flask"]),
    "flask-default": ("flask", {}),
}


@pytest.fixture(scope="session")
def baked(tmp_path_factory) -> dict[str, Path]:
    """Each combination generated once through the library, as framewise generates it."""
    root = tmp_path_factory.mktemp("secure")
    projects = {}
    for name, (framework, options) in COMBINATIONS.items():
        projects[name] = generate_project(framework, {"project_slug": "secure_app", **options}, root / name)
    return projects


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout


def _secret(project: Path, framework: str) -> str:
    variable = catalog.load(framework).data["_secrets"][0]
    for line in (project / ".env").read_text().splitlines():
        if line.startswith(f"{variable}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{variable} missing from .env")


def test_every_project_gets_its_own_secret(baked) -> None:
    secrets = [_secret(project, COMBINATIONS[name][0]) for name, project in baked.items()]
    assert len(set(secrets)) == len(secrets) and all(len(secret) >= 50 for secret in secrets)


def _start_in_production(project: Path, framework: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Load the app the way a production server would, in a copy without the local .env."""
    if framework == "django":
        code = "import django; django.setup()"
        env = {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_ALLOWED_HOSTS": "example.com",
            "REDIS_URL": "redis://127.0.0.1:6379/0",  # the shared cache production requires (not contacted)
            **env,
        }
    else:
        code = f"from {project.name} import create_app; create_app()"
        # Production also needs its host names, and Redis for what processes share (not reached here).
        env = {"APP_ENV": "production", "TRUSTED_HOSTS": "example.com", "REDIS_URL": "redis://127.0.0.1:6379/8", **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=project,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("name", ["django-plain", "flask-bare", "flask-all"])
def test_production_refuses_to_start_without_a_real_secret(baked, name, tmp_path) -> None:
    framework = COMBINATIONS[name][0]
    copy = tmp_path / "secure_app"
    shutil.copytree(baked[name], copy)
    (copy / ".env").unlink()
    variable = catalog.load(framework).data["_secrets"][0]
    refused = _start_in_production(copy, framework, {})
    assert refused.returncode != 0 and variable in refused.stderr, refused.stderr[-2000:]
    weak = _start_in_production(copy, framework, {variable: "changeme"})
    assert weak.returncode != 0 and variable in weak.stderr, weak.stderr[-2000:]
    started = _start_in_production(copy, framework, {variable: "k" * 60})
    assert started.returncode == 0, started.stderr[-2000:]
