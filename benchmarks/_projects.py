"""The projects under test: framewise's generated ones, and the baselines they are measured against.

Baselines are written here, small on purpose:
- django-baseline: `django-admin startproject` with its default settings and middleware, DEBUG off,
  plus a home page (a template extending a base, with the same tags the generated home page uses)
  and a JsonResponse view at /health/.
- flask-baseline: a hello-world Flask app whose /health returns {"status": "ok"}.
- test baselines: startproject + pytest-django with one trivial database test; the Flask
  hello-world with one test-client test.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from _timing import BenchmarkError

BIN = Path(sys.executable).parent
# Every Flask extension the template offers, on.
FLASK_ALL = ("use_sqlalchemy", "use_login", "use_wtf", "use_admin", "use_api", "use_cors", "use_caching", "use_celery")
# Variables that would leak the benchmark's own settings into a project's commands.
LEAKY = ("DJANGO_SETTINGS_MODULE", "APP_ENV", "FLASK_APP", "DATABASE_URL", "SECRET_KEY", "PYTHONPATH")


def tool(name: str) -> str:
    """A console script next to this Python (the venv's), or on PATH."""
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if not found:
        raise BenchmarkError(
            f"{name} is not installed next to {sys.executable} nor on PATH; install framewise with its `test` extra"
        )
    return found


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without variables that would change a project's behaviour."""
    env = {k: v for k, v in os.environ.items() if k not in LEAKY and not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(extra)
    return env


def run(argv: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, what: str = "") -> str:
    """Run an untimed set-up step; fail with its output."""
    completed = subprocess.run(
        list(argv),
        cwd=cwd,
        env=dict(env) if env is not None else clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip().splitlines()[-30:]
        raise BenchmarkError(
            f"{what or 'set-up'} failed: `{' '.join(argv)}` in {cwd} exited with "
            f"{completed.returncode}:\n" + "\n".join(output)
        )
    return completed.stdout


def new_project_argv(framework: str, output: Path, sets: Sequence[str] = ()) -> list[str]:
    argv = [tool("framewise"), "new-project", "--no-input", "--framework", framework, "-o", str(output)]
    for item in sets:
        argv += ["--set", item]
    return argv


def flask_all_sets() -> list[str]:
    return [f"{name}=yes" for name in FLASK_ALL]


def generate(framework: str, output: Path, sets: Sequence[str] = ()) -> Path:
    """Generate a project with framewise into an empty `output`; return the project folder."""
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    run(new_project_argv(framework, output, sets), output, what=f"generating the {framework} template")
    projects = [p for p in output.iterdir() if p.is_dir()]
    if len(projects) != 1:
        raise BenchmarkError(f"expected one project in {output}, found {[p.name for p in projects]}")
    return projects[0]


def count_files(path: Path) -> int:
    return sum(1 for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def copy_project(source: Path, target: Path) -> Path:
    """A pristine copy: no bytecode, no caches, no database, as right after generation."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(
        source,
        target,
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.sqlite3", ".coverage*"),
    )
    return target


def secret_key() -> str:
    return secrets.token_urlsafe(50)


# --- Django -------------------------------------------------------------------------------------

BASELINE_BASE_HTML = """{% load static %}<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}Baseline{% endblock %}</title>
  <link rel="stylesheet" href="{% static 'site.css' %}">
</head>
<body>
  <header>
    <a href="{% url 'home' %}">Baseline</a>
    <nav>
      {% if user.is_authenticated %}<span>{{ user.get_username }}</span>
      {% else %}<a href="{% url 'admin:login' %}">Log in</a>{% endif %}
    </nav>
  </header>
  <main>
    {% if messages %}<ul>{% for message in messages %}<li>{{ message }}</li>{% endfor %}</ul>{% endif %}
    {% block content %}{% endblock %}
  </main>
</body>
</html>
"""
BASELINE_HOME_HTML = """{% extends "base.html" %}
{% block content %}
  <h1>Baseline</h1>
  {% if user.is_authenticated %}<p>Welcome back, {{ user.get_username }}.</p>
  {% else %}<p>Welcome. <a href="{% url 'admin:login' %}">Log in</a>.</p>{% endif %}
{% endblock %}
"""
BASELINE_VIEWS = """from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    return render(request, "home.html")


def health(request):
    return JsonResponse({"status": "ok"})
"""
BASELINE_URLS = """from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
]
"""
BASELINE_SETTINGS = """
# Added by framewise's benchmarks: production-like switches, nothing else.
import os

DEBUG = False
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1").split(",")
TEMPLATES[0]["DIRS"] = [BASE_DIR / "templates"]
"""
BASELINE_TEST = """import pytest


@pytest.mark.django_db
def test_no_users_yet(django_user_model):
    assert django_user_model.objects.count() == 0
"""


def django_baseline(parent: Path, name: str = "baseline") -> Path:
    """`django-admin startproject` plus a home page and a JSON view; migrated. Returns the project folder."""
    shutil.rmtree(parent / name, ignore_errors=True)
    parent.mkdir(parents=True, exist_ok=True)
    run([tool("django-admin"), "startproject", name], parent, what="django-admin startproject")
    project = parent / name
    package = project / name
    (package / "views.py").write_text(BASELINE_VIEWS)
    (package / "urls.py").write_text(BASELINE_URLS)
    with (package / "settings.py").open("a") as settings:
        settings.write(BASELINE_SETTINGS)
    (project / "templates").mkdir()
    (project / "templates" / "base.html").write_text(BASELINE_BASE_HTML)
    (project / "templates" / "home.html").write_text(BASELINE_HOME_HTML)
    return project


def django_test_baseline(parent: Path) -> Path:
    """startproject + pytest-django with one trivial test: what a first test run costs at least."""
    shutil.rmtree(parent / "testbase", ignore_errors=True)
    parent.mkdir(parents=True, exist_ok=True)
    run([tool("django-admin"), "startproject", "testbase"], parent, what="django-admin startproject")
    project = parent / "testbase"
    (project / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "testbase.settings"\n'
        'pythonpath = ["."]\ntestpaths = ["tests"]\n'
    )
    (project / "tests").mkdir()
    (project / "tests" / "__init__.py").write_text("")
    (project / "tests" / "test_trivial.py").write_text(BASELINE_TEST)
    return project


BENCH_TOKEN = (
    "from django.contrib.auth import get_user_model; from rest_framework.authtoken.models import Token; "
    "u = get_user_model().objects.create_user('bench', 'bench@example.com', 'bench-password-1234'); "
    "print(Token.objects.create(user=u).key)"
)


def api_token(project: Path, env: Mapping[str, str]) -> str:
    """A user and a DRF token in the generated project's database, for its authenticated JSON API."""
    out = run([sys.executable, "manage.py", "shell", "-c", BENCH_TOKEN], project, env, what="creating an API token")
    return out.strip().splitlines()[-1]


def django_server_env(settings: str) -> dict[str, str]:
    return clean_env(
        DJANGO_SETTINGS_MODULE=settings,
        DJANGO_SECRET_KEY=secret_key(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PYTHONDONTWRITEBYTECODE="",
    )


def prepare_django(project: Path, env: Mapping[str, str], collectstatic: bool) -> None:
    """migrate (the generated project's .env points DATABASE_URL at SQLite) and collect static files,
    which production settings need for their manifest storage."""
    python = sys.executable
    run([python, "manage.py", "migrate", "--noinput"], project, env, what=f"migrate in {project.name}")
    if collectstatic:
        run([python, "manage.py", "collectstatic", "--noinput"], project, env, what=f"collectstatic in {project.name}")


# --- Flask --------------------------------------------------------------------------------------

FLASK_HELLO = """from flask import Flask

app = Flask(__name__)


@app.get("/health")
def health():
    return {"status": "ok"}
"""
FLASK_HELLO_TEST = """from hello import app


def test_health():
    assert app.test_client().get("/health").json == {"status": "ok"}
"""


def flask_baseline(parent: Path) -> Path:
    project = parent / "flask-hello"
    shutil.rmtree(project, ignore_errors=True)
    (project / "tests").mkdir(parents=True)
    (project / "hello.py").write_text(FLASK_HELLO)
    (project / "tests" / "test_health.py").write_text(FLASK_HELLO_TEST)
    (project / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\ntestpaths = ["tests"]\n')
    return project


def flask_package(project: Path) -> str:
    """The generated Flask project's package: the folder holding wsgi.py."""
    found = [p.parent.name for p in project.glob("*/wsgi.py")]
    if len(found) != 1:
        raise BenchmarkError(f"cannot find the Flask package (a folder with wsgi.py) in {project}: {found}")
    return found[0]


def flask_server_env() -> dict[str, str]:
    return clean_env(APP_ENV="production", SECRET_KEY=secret_key())


BENCH_FLASK_WSGI = '''"""The generated app plus the hello-world's view at /bench/json (framewise's benchmarks)."""
from {package}.wsgi import app


@app.get("/bench/json")
def bench_json():
    return {{"status": "ok"}}
'''


def add_flask_bench(project: Path, package: str) -> str:
    """Serve the generated app with the baseline's view added at /bench/json: the same view inside the
    generated app, behind every extension's per-request hooks (its /health is answered before them)."""
    (project / "bench_wsgi.py").write_text(BENCH_FLASK_WSGI.format(package=package))
    return "bench_wsgi:app"
