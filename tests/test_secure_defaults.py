"""Secure defaults of generated projects, checked from outside across combinations of both templates."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import catalog, project, render
from tests.helpers import ALL_ON, FLASK_EXTENSIONS, clean_env

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
        values, _ = project.resolve(catalog.load(framework), {"project_slug": "secure_app", **options}, {})
        projects[name], _ = render.render(catalog.load(framework), values, root / name)
    return projects


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout


def _secret(project: Path, framework: str) -> str:
    variable = catalog.load(framework).data["_secrets"][0]
    for line in (project / ".env").read_text().splitlines():
        if line.startswith(f"{variable}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{variable} missing from .env")


@pytest.mark.parametrize("name", COMBINATIONS)
def test_the_secret_key_is_fresh_and_lives_only_in_the_ignored_env_file(baked, name, tmp_path) -> None:
    framework = COMBINATIONS[name][0]
    repo = tmp_path / "repo"
    shutil.copytree(baked[name], repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    tracked = _git(repo, "ls-files").splitlines()
    assert ".env" not in tracked and ".env.example" in tracked
    secret = _secret(repo, framework)
    assert len(secret) >= 50
    for path in tracked:
        assert secret not in (repo / path).read_text(errors="ignore"), f"secret leaked into {path}"
    others = [_secret(p, COMBINATIONS[n][0]) for n, p in baked.items() if n != name]
    assert secret not in others


@pytest.mark.parametrize("name", COMBINATIONS)
def test_gitignore_covers_secrets_databases_and_caches(baked, name) -> None:
    ignored = (baked[name] / ".gitignore").read_text().splitlines()
    for pattern in (".env", "__pycache__/", ".pytest_cache/", ".coverage"):
        assert pattern in ignored, pattern
    assert {"db.sqlite3", "*.sqlite3"} & set(ignored) or {"*.db", "*.sqlite"} & set(ignored)
    if COMBINATIONS[name][0] == "flask":
        assert "instance/" in ignored


@pytest.mark.parametrize("name", COMBINATIONS)
def test_bandit_finds_nothing_of_medium_or_high_severity(baked, name) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", str(baked[name]), "-f", "json", "-q", "--severity-level", "medium"],
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(result.stdout)["results"]
    assert findings == [], [(f["filename"], f["line_number"], f["test_id"], f["issue_text"]) for f in findings]


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
        env = {"APP_ENV": "production", **env}
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
