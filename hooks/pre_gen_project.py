"""Cookiecutter pre-generation hook: validate the answers before anything is written."""

import sys

# cookiecutter runs this script from a file in the temporary folder, and Python puts that folder first
# on sys.path: another user's json.py planted there would be imported instead of the standard library's.
if not getattr(sys.flags, "safe_path", False):
    del sys.path[0]

import json  # noqa: E402

# tojson escapes every quote, so the raw single-quoted literal holds any answer safely.
context = {"cookiecutter": json.loads(r'{{ cookiecutter | tojson }}')}
sys.path.insert(0, {{ framewise_hooks_dir | tojson }})  # set by the template's local_extensions

import framewise_hooks  # noqa: E402

sys.exit(framewise_hooks.run("pre", context))
