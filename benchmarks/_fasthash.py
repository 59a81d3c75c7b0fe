"""A pytest plugin for the `tests` group's proposal row: cheap password hashing in a generated Flask project's tests.

`python -m pytest -p _fasthash` (with benchmarks/ on PYTHONPATH) makes werkzeug's generate_password_hash use
one round of PBKDF2 instead of scrypt, as a TestingConfig setting would, the way Django's test settings use the
MD5 hasher. check_password_hash reads the method from the stored hash, so nothing else changes.
"""

from __future__ import annotations

import functools

import werkzeug.security

werkzeug.security.generate_password_hash = functools.partial(  # type: ignore[assignment]
    werkzeug.security.generate_password_hash, method="pbkdf2:sha256:1"
)
