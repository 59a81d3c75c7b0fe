"""The next steps framewise prints work when followed literally: for every bake, in one shell, in order.

Each step runs in its non-interactive form; a step that starts a server runs until the page it names
answers, then stops. uv is on PATH, as it is for most users (the install step then uses it).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import generate
from tests.helpers import POSTGRES_HOST, POSTGRES_PORT, clean_env, free_port, interpreter, require_service, unavailable
from tests.templates.combinations import Combo, combos

pytestmark = pytest.mark.slow
DROPDB = ["dropdb", "--if-exists", "--host", POSTGRES_HOST, "--username", "postgres"]
# Waits for a served page (any answer below 500) and exits 0, or exits 1 after the deadline.
PROBE = """
import sys, time, urllib.request, urllib.error
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(sys.argv[1], timeout=2)
        sys.exit(0)
    except urllib.error.HTTPError as error:
        sys.exit(0 if error.code < 500 else 1)
    except OSError:
        time.sleep(0.3)
sys.exit(1)
"""


def script(steps: tuple[generate.Step, ...], probe: Path) -> str:
    """The steps as one bash session: stop at the first failure; servers run until their page answers."""
    lines = ["set -euo pipefail"]
    for step in steps[1:]:  # the first is `cd <project>`: the session starts there
        if step.serve:
            port = free_port()
            command = step.batch.replace("{port}", str(port))
            lines += [
                f"echo {shlex.quote('+ ' + command)}",
                f"( {command} ) > server.log 2>&1 &",
                "server=$!",
                f'"$PROBE_PYTHON" {probe} http://127.0.0.1:{port}{step.serve} || {{ cat server.log; exit 1; }}',
                "kill $server; wait $server || true",
            ]
        else:
            lines += [f"echo {shlex.quote('+ ' + step.batch)}", step.batch]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("combo", combos())
def test_the_printed_next_steps_succeed_in_order(project: Path, combo: Combo, tmp_path: Path) -> None:
    uv = Path(sys.executable).parent / "uv"
    if not uv.exists():
        unavailable("uv is not installed beside this Python")
    # The developer's Python of the bake's version is on PATH, as it would be on their machine.
    python = Path(interpreter(combo.values["python_version"])).parent
    path = os.pathsep.join([str(uv.parent), str(python), os.environ.get("PATH", "")])
    copy = tmp_path / project.name
    shutil.copytree(project, copy)
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE)
    saved = os.environ.get("PATH", "")
    os.environ["PATH"] = path  # the steps are chosen the way a user with uv on PATH gets them
    try:
        steps = generate.next_steps(generate.plan(combo.framework, combo.context, tmp_path / "plan"))
    finally:
        os.environ["PATH"] = saved
    assert steps[0].run == f"cd {project.name}"
    assert steps[1].batch.startswith("uv sync")
    env = clean_env({"PATH": path, "PROBE_PYTHON": sys.executable})
    env.pop("VIRTUAL_ENV", None)
    database = any(step.batch.startswith("createdb") for step in steps)
    if database:
        require_service("PostgreSQL", POSTGRES_HOST, POSTGRES_PORT)
        subprocess.run([*DROPDB, project.name], env=env, capture_output=True, check=False)
    try:
        result = subprocess.run(
            ["bash", "-c", script(steps, probe)], cwd=copy, env=env, capture_output=True, text=True, timeout=900
        )
    finally:
        if database:
            subprocess.run([*DROPDB, project.name], env=env, capture_output=True, check=False)
    assert result.returncode == 0, f"{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
