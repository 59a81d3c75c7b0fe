"""Cookiecutter post-generation hook: prune unselected options, write .env and the ADR."""

import json
import sys
from pathlib import Path

# tojson escapes every quote, so the raw single-quoted literal holds any answer safely.
context = {"cookiecutter": json.loads(r'{{ cookiecutter | tojson }}')}  # fmt: skip
sys.path.insert(0, str(Path(context["cookiecutter"]["_repo_dir"]).resolve().parent.parent / "hooks"))

import framewise_hooks  # noqa: E402

sys.exit(framewise_hooks.run("post", context))
