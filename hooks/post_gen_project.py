"""Cookiecutter post-generation hook: prune unselected options, write .env and the ADR."""

import json
import sys

# tojson escapes every quote, so the raw single-quoted literal holds any answer safely.
context = {"cookiecutter": json.loads(r'{{ cookiecutter | tojson }}')}
sys.path.insert(0, {{ framewise_hooks_dir | tojson }})  # set by the template's local_extensions

import framewise_hooks  # noqa: E402

sys.exit(framewise_hooks.run("post", context))
