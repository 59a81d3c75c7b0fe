"""The generated projects' infrastructure files, each checked by the tool its ecosystem uses.

GitHub workflows: actionlint and zizmor (offline). Dockerfiles: hadolint. Kubernetes: `kubectl kustomize`
on the base and the production overlay, then kubernetes-validate (offline schemas, strict). Compose: the
Compose specification's schema on compose.yaml, compose.override.yaml and the two merged as `docker compose`
merges them. Dependabot: its schema. Every YAML file: yamllint. Each bake is checked for the files it has,
and for the invariants a user relies on (non-root, read-only root file system, probes on the health
endpoints, no secret value in a manifest, a development override that mounts the source).

Docker builds, `docker compose up` and a cluster cannot run here. What can run does: `uv lock`,
`uv sync --locked` and the project's tests through `uv run` (as CI and the README do), every check of
each generated workflow and each README's Test block as written, and each Dockerfile followed step by
step without Docker up to its HEALTHCHECK passing.
"""

from __future__ import annotations

import contextlib
import fnmatch
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser import mail_catcher
from tests.helpers import (
    clean_env,
    free_port,
    interpreter,
    postgres_database,
    redis_url,
    run,
    stop,
    unavailable,
)
from tests.templates.combinations import Combo, combos
from tests.templates.test_common import COVERAGE_REACHED

pytestmark = pytest.mark.slow


def bake(framework: str, name: str, *marks: pytest.MarkDecorator) -> Any:
    """One named bake as a pytest parameter, in its bake's xdist group."""
    combo = Combo(framework, name)
    return pytest.param(combo, id=str(combo), marks=[pytest.mark.xdist_group(f"bake-{combo}"), *marks])


# Templates whose generated code is mypy-clean in every combination.
TYPED = {"django", "flask"}
HEALTH = {"django": ("/health/", "/health/ready/"), "flask": ("/health", "/health/ready")}
YAMLLINT_CONFIG = json.dumps(
    {
        "extends": "default",
        "rules": {
            "document-start": "disable",
            # `on:` is a key in GitHub workflows, not a boolean.
            "truthy": {"check-keys": False},
            # URLs and commands that hold the project's name cannot always be wrapped.
            "line-length": {"max": 120, "level": "warning"},
        },
    }
)


def copied(project: Path, tmp_path: Path) -> Path:
    """A copy of a shared bake that a test may change (lock, install, build)."""
    return Path(shutil.copytree(project, tmp_path / project.name, symlinks=True))


def tool(name: str) -> str:
    """A checker's executable: beside this Python (the test extra installs them) or on PATH."""
    found = Path(sys.executable).parent / name
    path = str(found) if found.is_file() else shutil.which(name)
    if path is None:
        unavailable(f"{name} is not installed")
    return path


def pods(documents: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every pod spec of the rendered manifests, with the name of its workload."""
    for document in documents:
        if document["kind"] in {"Deployment", "Job"}:
            yield f"{document['kind']}/{document['metadata']['name']}", document["spec"]["template"]["spec"]


def kustomize(folder: Path) -> tuple[str, list[dict[str, Any]]]:
    text = run([tool("kubectl"), "kustomize", folder], folder).stdout
    return text, [doc for doc in yaml.safe_load_all(text) if doc]


def merge_compose(base: Any, override: Any, key: str = "") -> Any:
    """Merge two Compose files as the Compose specification says `docker compose` does.

    Mappings merge recursively; command, entrypoint and healthcheck.test are replaced; a service's
    volumes merge by their target path; other sequences are concatenated without duplicates.
    """
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for name, value in override.items():
            merged[name] = merge_compose(base[name], value, name) if name in base else value
        return merged
    if isinstance(base, list) and isinstance(override, list):
        if key in {"command", "entrypoint", "test"}:
            return override
        if key == "volumes":
            by_target = {str(v).split(":")[1]: v for v in base}
            by_target.update({str(v).split(":")[1]: v for v in override})
            return list(by_target.values())
        return base + [item for item in override if item not in base]
    return override


@pytest.mark.parametrize("combo", combos())
def test_infrastructure_files_follow_the_options(project: Path, combo: Combo) -> None:
    answers = {**combo.values, "framework": combo.framework}
    for path in ("Dockerfile", ".dockerignore", "compose.yaml", "compose.override.yaml"):
        assert (project / path).is_file() == answers["use_docker"], path
    assert (project / "deploy").exists() == (answers["deploy"] == "kubernetes")
    assert (project / ".github").exists() == (answers["ci"] == "github")


@pytest.mark.parametrize("combo", combos(where=lambda v: v["ci"] == "github"))
def test_github_workflows_and_dependabot(project: Path, combo: Combo) -> None:
    workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
    assert workflows, "ci=github bakes have a workflow"
    run([tool("actionlint"), "-no-color", *workflows], project)
    run([tool("zizmor"), "--offline", "--no-progress", ".github"], project)
    run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *workflows], project)
    run([tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", ".github/dependabot.yml"], project)

    workflow = yaml.safe_load(workflows[0].read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            uses = step.get("uses", "")
            if uses:
                # Pinned to a full commit, and checkout keeps no credential in .git/config.
                assert len(uses.partition("@")[2]) == 40, uses
            if uses.startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    commands = "\n".join(step.get("run", "") for step in workflow["jobs"]["test"]["steps"])
    for command in ("uv sync --locked", "ruff check .", "ruff format --check .", "python -m mypy .", "bandit"):
        assert command in commands, command
    assert "python -m pytest --cov" in commands
    if combo.framework == "django":
        assert "check --deploy" in commands
    setup_uv = next(s for s in workflow["jobs"]["test"]["steps"] if s.get("uses", "").startswith("astral-sh/setup-uv@"))
    assert setup_uv["with"]["enable-cache"] is True

    dependabot = yaml.safe_load((project / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"] for update in dependabot["updates"]}
    expected = {"uv", "github-actions", "pre-commit"}
    expected |= {"docker", "docker-compose"} if combo.values["use_docker"] else set()
    assert ecosystems == expected


def fresh_clone(project: Path, tmp_path: Path) -> Path:
    """What a CI runner checks out: the bake committed to git, then cloned (no .env, nothing ignored)."""
    work = copied(project, tmp_path / "work")
    identity = ["-c", "user.name=CI", "-c", "user.email=ci@example.com"]
    run(["git", "init", "-q"], work)
    run(["git", "add", "-A"], work)
    run(["git", *identity, "commit", "-qm", "generated"], work)
    run(["git", "clone", "-q", work, tmp_path / "clone"], tmp_path)
    return tmp_path / "clone"


def ci_steps(project: Path) -> list[tuple[str, dict[str, str]]]:
    """The test job's `run` steps after the install, each with the environment GitHub gives it
    (workflow, job, then step `env`). The Docker job needs a container engine: test_dockerfile and
    test_the_image_runs_its_migrations_server_and_health_check follow the Dockerfile instead."""
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["test"]
    steps = [step for step in job["steps"] if "run" in step and not step["run"].startswith("uv sync")]
    return [(step["run"], {**workflow.get("env", {}), **job.get("env", {}), **step.get("env", {})}) for step in steps]


@pytest.mark.services
@pytest.mark.parametrize("combo", combos(where=lambda v: v["ci"] == "github"))
def test_the_generated_ci_commands_pass_on_a_fresh_clone(project: Path, combo: Combo, tmp_path: Path) -> None:
    """Every check of the generated workflow, as written, in GitHub's shell, on what a runner checks out.

    The tools come from this suite's environment (the install step itself runs in
    test_uv_lock_sync_and_project_tests); the workflow's PostgreSQL service is a throwaway database here.
    """
    clone = fresh_clone(project, tmp_path)
    steps = ci_steps(clone)
    assert {"ruff", "mypy", "bandit", "pytest"} <= set(" ".join(command for command, _ in steps).split())
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(postgres_database()) if combo.values["database"] == "postgresql" else ""
        for command, step_env in steps:
            env = {
                name: database if name.endswith("DATABASE_URL") and database else value
                for name, value in step_env.items()
            }
            as_written(command, clone, env)


def as_written(command: str, cwd: Path, env: dict[str, str]) -> None:
    """Run a documented command as GitHub's runner and a developer's bash do, with this suite's tools on
    PATH; it must succeed, and a coverage run must reach its gate."""
    env = {**env, "PATH": f"{Path(sys.executable).parent}:{clean_env()['PATH']}"}
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command],
        cwd=cwd,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    if "--cov" in command:
        assert COVERAGE_REACHED.search(result.stdout), result.stdout[-2000:]


# Bakes without CI: test_the_generated_ci_commands_pass_on_a_fresh_clone already runs these commands for the others.
README_BAKES = [
    bake("django", "defaults"),
    bake("django", "sqlite-html-drf-celery"),
    bake("flask", "defaults"),
    bake("flask", "all_off"),
]


@pytest.mark.parametrize("combo", README_BAKES)
def test_the_readme_test_commands_pass_as_written(project: Path, combo: Combo, tmp_path: Path) -> None:
    """The README's "Test" block, line by line, in a fresh project (its .env as framewise wrote it)."""
    readme = (project / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Test\n\n```\w*\n(.*?)\n```", readme, re.M | re.S)
    assert block, "the README has a Test section opening with a command block"
    commands = block.group(1).splitlines()
    assert any(command.startswith("python -m pytest --cov") for command in commands), commands
    work = copied(project, tmp_path)
    for command in commands:
        as_written(command, work, {})


@pytest.mark.parametrize("combo", combos(where=lambda v: v["use_docker"]))
def test_dockerfile(project: Path, combo: Combo) -> None:
    run([tool("hadolint"), "--no-color", "Dockerfile"], project)
    dockerfile = (project / "Dockerfile").read_text(encoding="utf-8")
    # Installs what uv.lock pins, without the dev group, and fails on a stale lock.
    assert "COPY pyproject.toml uv.lock ./" in dockerfile
    assert "uv sync --locked --no-dev --no-install-project" in dockerfile
    assert "\nUSER 10001:10001\n" in dockerfile
    live = HEALTH[combo.framework][0]
    assert f"'http://localhost:8000{live}'" in dockerfile.partition("HEALTHCHECK")[2]
    ignored = (project / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for private in (".env", ".framewise", ".git", ".venv"):
        assert private in ignored, private


@pytest.mark.parametrize("combo", combos(where=lambda v: v["use_docker"]))
def test_compose_files(project: Path, combo: Combo, tmp_path: Path) -> None:
    checker = [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec"]
    run([*checker, "compose.yaml", "compose.override.yaml"], project)
    production = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))
    development = merge_compose(
        production, yaml.safe_load((project / "compose.override.yaml").read_text(encoding="utf-8"))
    )
    merged = tmp_path / "merged.yaml"
    merged.write_text(yaml.safe_dump({k: v for k, v in development.items() if not k.startswith("x-")}))
    run([*checker, merged], project)

    answers = {**combo.values, "framework": combo.framework}
    for stack in (production, development):
        for service in stack["services"].values():
            for needed in service.get("depends_on", {}):
                assert needed in stack["services"], needed
    web = production["services"]["web"]
    # Production: the image's own server and settings, no source mount, published on loopback only.
    assert "command" not in web
    assert web["ports"] == ["127.0.0.1:8000:8000"]
    assert not any(str(v).startswith(".:") for v in web.get("volumes", []))
    dev_web = development["services"]["web"]
    assert ".:/app" in dev_web["volumes"]
    if answers["framework"] == "django":
        assert dev_web["command"][:3] == ["python", "manage.py", "runserver"]
        assert dev_web["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.local"
        assert dev_web["environment"]["DJANGO_EMAIL_HOST"] == "mailpit"
        assert development["services"]["mailpit"]["image"].startswith("axllent/mailpit:")
        assert "media:/app/media" in dev_web["volumes"]
    else:
        assert dev_web["command"][:5] == ["flask", "--app", project.name, "run", "--debug"]
        assert dev_web["environment"]["APP_ENV"] == "development"
    assert ("worker" in production["services"]) == answers["use_celery"]
    assert ("beat" in production["services"]) == answers["use_celery"]
    if answers["use_celery"]:
        assert development["services"]["worker"]["volumes"][-1] == ".:/app"


def env_file(path: Path) -> dict[str, str]:
    """The variables of a .env file, as Compose's env_file reads it (KEY=value lines)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


@pytest.mark.parametrize("combo", [bake("django", "pg-html-celery-docker")])
def test_development_email_reaches_the_mail_catcher(project: Path, combo: Combo, tmp_path: Path) -> None:
    """The development override's web environment (.env, then its `environment`) sends e-mail over
    SMTP to the catcher (Mailpit in Docker; a local SMTP server here, at the address Mailpit would have)."""
    project = copied(project, tmp_path)
    production = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))
    development = merge_compose(
        production, yaml.safe_load((project / "compose.override.yaml").read_text(encoding="utf-8"))
    )
    web = development["services"]["web"]
    assert web["env_file"] == ".env"
    env = env_file(project / ".env") | {k: str(v) for k, v in web["environment"].items()}
    assert env["DJANGO_EMAIL_HOST"] == "mailpit" and env["DJANGO_EMAIL_PORT"] == "1025"
    assert "mailpit" in web["depends_on"]
    del env["DATABASE_URL"]  # sendtestemail needs no database
    with mail_catcher() as (port, mailbox):
        env |= {"DJANGO_EMAIL_HOST": "127.0.0.1", "DJANGO_EMAIL_PORT": str(port)}
        run([sys.executable, "manage.py", "sendtestemail", "dev@example.com"], project, env)
        message = mailbox.wait_for(lambda m: m["To"] == "dev@example.com")
    assert "Test email" in message["Subject"]


@pytest.mark.parametrize("combo", combos(where=lambda v: v["deploy"] == "kubernetes"))
def test_kubernetes_manifests(project: Path, combo: Combo, tmp_path: Path) -> None:
    source = project / "deploy" / "k8s"
    k8s = tmp_path / "k8s"
    shutil.copytree(source, k8s)
    overlay = k8s / "overlays" / "production"
    # As the README says: the secrets file is made from its example (git ignores it).
    assert (overlay / ".gitignore").read_text(encoding="utf-8").split() == ["secret.env"]
    shutil.copy(overlay / "secret.env.example", overlay / "secret.env")

    answers = {**combo.values, "framework": combo.framework}
    live, ready = HEALTH[answers["framework"]]
    for folder in (k8s / "base", overlay):
        text, documents = kustomize(folder)
        rendered = tmp_path / f"{folder.name}.yaml"
        rendered.write_text(text)
        run([tool("kubernetes-validate"), "--strict", "--quiet", rendered], tmp_path)

        kinds = {f"{d['kind']}/{unhashed(d)}" for d in documents}
        expected = {"Deployment/web", "Service/web", "Ingress/web", "HorizontalPodAutoscaler/web"}
        expected |= {"PodDisruptionBudget/web", "ConfigMap/app-config"}
        expected |= {"Job/migrate"} if answers["framework"] == "django" or answers["use_sqlalchemy"] else set()
        expected |= {"Deployment/worker", "Deployment/beat"} if answers["use_celery"] else set()
        expected |= {"Namespace/" + project_dns(project), "Secret/app-secrets"} if folder == overlay else set()
        assert kinds == expected

        for workload, pod in pods(documents):
            assert pod["securityContext"]["runAsNonRoot"] is True, workload
            assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, workload
            assert pod["automountServiceAccountToken"] is False, workload
            for container in pod["containers"]:
                context = container["securityContext"]
                assert context["readOnlyRootFilesystem"] is True, workload
                assert context["allowPrivilegeEscalation"] is False, workload
                assert context["capabilities"] == {"drop": ["ALL"]}, workload
                assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], workload
                refs = [next(iter(ref.values()))["name"] for ref in container["envFrom"]]
                assert refs[0].startswith("app-config") and refs[1].startswith("app-secrets"), refs
        web = next(d for d in documents if d["kind"] == "Deployment" and d["metadata"]["name"] == "web")
        container = web["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == ready
        assert container["livenessProbe"]["httpGet"]["path"] == live
        assert "replicas" not in web["spec"], "the HorizontalPodAutoscaler owns the replica count"

    # No secret value in any manifest: the only Secret is generated from secret.env, whose example is empty.
    secret = next(d for d in documents if d["kind"] == "Secret")
    assert set(secret["data"].values()) == {""}
    names = set(secret["data"])
    assert names >= ({"DJANGO_SECRET_KEY", "DATABASE_URL"} if answers["framework"] == "django" else {"SECRET_KEY"})
    # Django's production cache is Redis; Flask needs it for its cache, log-in limits or Celery.
    redis = answers["framework"] == "django" or answers["use_celery"] or answers["use_caching"] or answers["use_login"]
    assert ("REDIS_URL" in names) == redis
    configs = {k for d in documents if d["kind"] == "ConfigMap" for k in d["data"]}
    assert not configs & names, "a value is either configuration or a secret"


def project_dns(project: Path) -> str:
    return project.name.replace("_", "-")


def unhashed(document: dict[str, Any]) -> str:
    """A resource's name without the content hash Kustomize appends to generated ConfigMaps and Secrets."""
    name = str(document["metadata"]["name"])
    return name.rsplit("-", 1)[0] if document["kind"] in {"ConfigMap", "Secret"} else name


@pytest.mark.parametrize("combo", combos())
def test_yaml_files_pass_yamllint(project: Path, combo: Combo) -> None:
    files = sorted(
        str(p.relative_to(project))
        for pattern in ("*.yaml", "*.yml")
        for p in project.rglob(pattern)
        if ".venv" not in p.parts
    )
    assert files
    run([tool("yamllint"), "-d", YAMLLINT_CONFIG, *files], project)


# --- uv: the lock, the locked install and the project's own tests -------------------------------


def uv() -> str:
    try:
        from uv import find_uv_bin
    except ImportError:
        unavailable("uv is not installed")
    return str(find_uv_bin())


def uv_run(
    args: list[str], project: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run uv in a bake as a developer would: their shell, no active virtual environment."""
    shell = {k: v for k, v in clean_env(env).items() if k != "VIRTUAL_ENV" and not k.startswith("UV_")}
    return subprocess.run(
        [uv(), *args], cwd=project, env=shell, capture_output=True, text=True, timeout=timeout, check=False
    )


def uv_lock(project: Path, python: str) -> None:
    """`uv lock`, or skip (fail under FRAMEWISE_REQUIRE_SERVICES=1) when the package index is unreachable."""
    lock = uv_run(["lock", "--python", python], project)
    if lock.returncode != 0:
        network = ("Failed to fetch", "error sending request", "dns error", "Could not connect")
        if any(word in lock.stderr for word in network):
            unavailable(f"the package index is unreachable: {lock.stderr.strip().splitlines()[-1]}")
        pytest.fail(f"uv lock failed:\n{lock.stderr}")


@pytest.mark.parametrize(
    "combo",
    [
        bake("django", "defaults"),
        bake("django", "pg-html-celery-docker", pytest.mark.services),
        bake("flask", "login"),
        bake("flask", "all_on"),
    ],
)
def test_uv_lock_sync_and_project_tests(project: Path, combo: Combo, tmp_path: Path) -> None:
    """`uv lock`, `uv sync --locked` and the project's tests through `uv run`, as CI and the README do,
    for each Python version the templates offer (the bakes' requires-python differ).

    Uses uv's default cache, so runs after the first are warm. Skips (fails under
    FRAMEWISE_REQUIRE_SERVICES=1) when the package index cannot be reached.
    """
    project = copied(project, tmp_path)
    python = interpreter(combo.values["python_version"])
    uv_lock(project, python)
    locked = (project / "uv.lock").read_text(encoding="utf-8")
    assert 'name = "pytest"' in locked and 'name = "mypy"' in locked, "the dev group is locked"

    sync = uv_run(["sync", "--locked", "--python", python], project)
    assert sync.returncode == 0, sync.stderr
    with contextlib.ExitStack() as stack:
        env = {}
        if combo.framework == "django" and combo.values["database"] == "postgresql":
            env["DATABASE_URL"] = stack.enter_context(postgres_database())
        tests = uv_run(["run", "--locked", "pytest", "-q", "-p", "no:cacheprovider", "--cov"], project, env)
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout and "Required test coverage of 100" in tests.stdout
    if combo.framework in TYPED:
        # The pre-commit hook that runs mypy from the project's .venv (the hooks from other
        # repositories need a download; only the project's own local ones run here).
        config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
        config["repos"] = [repo for repo in config["repos"] if repo["repo"] == "local"]
        (project / "local-hooks.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
        run(["git", "init", "-q"], project)
        run(["git", "add", "-A"], project)
        hooks = uv_run(["run", "--locked", "pre-commit", "run", "--config", "local-hooks.yaml", "--all-files"], project)
        assert hooks.returncode == 0, hooks.stdout[-4000:] + hooks.stderr[-2000:]
        assert "mypy" in hooks.stdout and "Passed" in hooks.stdout

    # A dependency added to pyproject.toml without `uv lock` makes `uv sync --locked` (CI, Docker) fail.
    pyproject = project / "pyproject.toml"
    original = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(original.replace("dev = [\n", 'dev = [\n    "iniconfig>=2",\n', 1), encoding="utf-8")
    try:
        stale = uv_run(["sync", "--locked", "--python", python], project)
        assert stale.returncode != 0
        assert "lock" in stale.stderr.lower()
    finally:
        pyproject.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("combo", [bake("django", "defaults"), bake("flask", "all_on")])
def test_the_pip_path_installs_the_dev_group_and_passes_the_tests(project: Path, combo: Combo, tmp_path: Path) -> None:
    """The README's pip steps, literally: a venv, pip 25.1 or later, `pip install -e . --group dev`."""
    project = copied(project, tmp_path)
    python = interpreter(combo.values["python_version"])
    steps = (
        f"{python} -m venv .venv && . .venv/bin/activate && python -m pip install -q -U pip"
        " && python -m pip install -q -e . --group dev && python -m pytest -q -p no:cacheprovider --cov"
    )
    env = {k: v for k, v in clean_env().items() if k != "VIRTUAL_ENV"}
    result = subprocess.run(["sh", "-c", steps], cwd=project, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 and any(
        word in result.stderr for word in ("NewConnectionError", "No matching distribution")
    ):
        unavailable("the package index is unreachable for pip")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Required test coverage of 100" in result.stdout


# --- the image, without a container engine -------------------------------------------------------


def dockerfile_stages(dockerfile: str) -> list[list[tuple[str, str]]]:
    """The Dockerfile's stages, each a list of (INSTRUCTION, arguments), continuation lines joined."""
    stages: list[list[tuple[str, str]]] = []
    for line in re.sub(r"\\\n\s*", " ", dockerfile).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        instruction, _, arguments = line.strip().partition(" ")
        if instruction == "FROM":
            stages.append([])
        elif stages:
            stages[-1].append((instruction, arguments))
    return stages


def context_files(project: Path) -> Iterator[Path]:
    """What `docker build` sends: every file that .dockerignore does not exclude.

    As Docker reads it: a pattern matches a path from the context's root (and so everything under
    it), `**/` matches at any depth, and the last matching pattern wins (`!` re-includes).
    """
    patterns = [
        line.strip()
        for line in (project / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for path in sorted(project.rglob("*")):
        if not path.is_file():
            continue
        parts = path.relative_to(project).parts
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        excluded = False
        for pattern in patterns:
            glob = pattern.removeprefix("!")
            if glob.startswith("**/"):
                matched = any(fnmatch.fnmatch(part, glob.removeprefix("**/")) for part in parts)
            else:
                matched = any(fnmatch.fnmatch(prefix, glob) for prefix in prefixes)
            if matched:
                excluded = not pattern.startswith("!")
        if not excluded:
            yield path


def environment(arguments: str, env: dict[str, str]) -> dict[str, str]:
    """The variables an ENV instruction sets, read as Docker reads them ($PATH expanded)."""
    return dict(item.split("=", 1) for item in shlex.split(arguments.replace("$PATH", env.get("PATH", ""))))


@pytest.mark.parametrize(
    "combo",
    [
        bake("django", "sqlite-api-celery-docker-github", pytest.mark.services),
        bake("flask", "all_on", pytest.mark.services),
    ],
)
def test_the_image_runs_its_migrations_server_and_health_check(project: Path, combo: Combo, tmp_path: Path) -> None:
    """Follow the Dockerfile without Docker: the build stage's commands on the build context, the
    runtime stage's files and environment, the migration command of compose and Kubernetes, then CMD
    until HEALTHCHECK passes, and the readiness endpoint the Kubernetes probe calls.

    It proves the context holds what the app needs, the locked runtime dependencies (without the dev
    group) run it, and the health check answers. The image's own Python, its user and layers need
    Docker: here this Python stands in for the image's, and files keep this user's ownership.
    """
    project = copied(project, tmp_path)
    framework = combo.framework
    python = interpreter(combo.values["python_version"])
    uv_lock(project, python)
    build = tmp_path / "build"
    for path in context_files(project):
        (build / path.relative_to(project)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, build / path.relative_to(project))
    assert not (build / ".env").exists() and not (build / "tests").exists()

    build_stage, final_stage = dockerfile_stages((project / "Dockerfile").read_text(encoding="utf-8"))[-2:]
    copies = [arguments for instruction, arguments in final_stage if instruction == "COPY"]
    runtime = build if "--from=build /app /app" in copies else tmp_path / "app"
    port = free_port()
    places = {"/opt/venv": str(tmp_path / "venv"), "/app": str(runtime), "8000": str(port)}

    def here(text: str) -> str:
        """Paths and the port of the image, as they are in this emulation."""
        for image, local in places.items():
            text = text.replace(image, local)
        return text

    env = {k: v for k, v in clean_env().items() if k != "VIRTUAL_ENV" and not k.startswith("UV_")}
    env["PATH"] = f"{Path(uv()).parent}{os.pathsep}{env['PATH']}"
    env["UV_PYTHON"] = python  # stands in for the image's Python
    for instruction, arguments in build_stage:
        if instruction == "ENV":
            env.update(environment(here(arguments), env))
        elif instruction == "RUN":
            run(["sh", "-c", here(re.sub(r"--mount=\S+\s*", "", arguments))], build, env)

    runtime_env = {k: v for k, v in env.items() if not k.startswith("UV_")}
    runtime.mkdir(exist_ok=True)
    for instruction, arguments in final_stage:
        if instruction == "ENV":
            runtime_env.update(environment(here(arguments), runtime_env))
        elif instruction == "COPY" and not arguments.startswith("--from"):
            source, target = arguments.split()
            shutil.copytree(build / source, runtime / target)
        elif instruction == "RUN":  # the folders the app user may write; users and owners need Docker
            for folder in re.findall(r"mkdir (?:-p )?(\S+)", here(arguments)):
                Path(folder).mkdir(parents=True, exist_ok=True)
    if framework == "django":
        runtime_env |= {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "localhost"}
        runtime_env["REDIS_URL"] = redis_url(9)  # production's cache, as compose and Kubernetes provide it
        runtime_env["WEB_CONCURRENCY"] = "2"  # as the Kubernetes ConfigMap sets it
        run(["python", "manage.py", "migrate", "--noinput"], runtime, runtime_env)
    else:
        runtime_env |= {"SECRET_KEY": secrets.token_urlsafe(50), "TRUSTED_HOSTS": "localhost"}
        runtime_env["REDIS_URL"] = redis_url(9)
        if combo.values["use_sqlalchemy"]:
            run(["flask", "--app", project.name, "db", "upgrade"], runtime, runtime_env)

    command = json.loads(here(next(arguments for instruction, arguments in final_stage if instruction == "CMD")))
    healthcheck = next(arguments for instruction, arguments in final_stage if instruction == "HEALTHCHECK")
    probe = json.loads(here(healthcheck.partition(" CMD ")[2]))
    with (tmp_path / "server.log").open("w") as log:
        server = subprocess.Popen(command, cwd=runtime, env=runtime_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while subprocess.run(probe, cwd=runtime, env=runtime_env, capture_output=True, check=False).returncode:
                assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                time.sleep(0.3)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", HEALTH[framework][1], headers={"Host": "localhost"})
            response = connection.getresponse()
            assert response.status == 200, response.read()
            connection.close()
        finally:
            stop(server)
