"""Jinja filters for the templates: quoting and escaping of user text, and the derived slug.

Each template links this file as its local_extensions.py; the logic lives in framewise_hooks.
"""

import contextlib
import json
import os
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.ext import Extension

# Imported as a template's link (or, in the wheel, its copy) the shared hooks folder is two levels up;
# imported as hooks/local_extensions.py itself, it is this folder. Made absolute here, while
# cookiecutter's working directory is still the user's.
_HERE = Path(__file__).absolute().parent
HOOKS_DIR = str(_HERE if (_HERE / "framewise_hooks.py").is_file() else _HERE.parent.parent / "hooks")
sys.path.insert(0, HOOKS_DIR)

import framewise_hooks  # noqa: E402


def quoted(value: object) -> str:
    """A double-quoted string literal valid in TOML, YAML and JSON alike."""
    return json.dumps(str(value), ensure_ascii=False)


def pystr(value: object) -> str:
    """A Python string literal written as ruff format writes it: double quotes unless that needs more escapes."""
    text = str(value).replace("\\", "\\\\")
    if text.count('"') > text.count("'"):
        return "'" + text.replace("'", "\\'") + "'"
    return '"' + text.replace('"', '\\"') + '"'


def cache_dir() -> Path | None:
    """Where compiled templates are kept between runs: the user's cache folder, per Jinja version.

    As the XDG spec says, a relative XDG_CACHE_HOME is ignored; with no absolute home there is no cache.
    """
    base = Path(os.environ.get("XDG_CACHE_HOME", ""))
    if not base.is_absolute():
        base = Path(os.path.expanduser("~")) / ".cache"
    return base / "framewise" / f"jinja-{jinja2.__version__}" if base.is_absolute() else None


class BytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, made best-effort: a run never fails because of it.

    cookiecutter loads templates by paths relative to the template folder, so the key includes the
    absolute path: two templates' README.md must not share an entry.
    """

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(name, filename and os.path.abspath(filename))

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        # A full or read-only cache only costs the next run its compile time.
        with contextlib.suppress(OSError):
            Path(self.directory).mkdir(mode=0o700, parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


class _Literal:
    """A template whose source holds no Jinja syntax: it renders to its source."""

    def __init__(self, source: str) -> None:
        self.source = source

    def render(self, *args: object, **kwargs: object) -> str:
        return self.source


def skip_literal_strings(environment: jinja2.Environment) -> None:
    """Make from_string return plain text as it is, uncompiled.

    cookiecutter renders every file and folder path with from_string; most hold no Jinja, and
    compiling them cost more than rendering the files that do.
    """
    if environment.line_statement_prefix or environment.line_comment_prefix:
        return
    markers = (environment.block_start_string, environment.variable_start_string, environment.comment_start_string)
    compile_string = environment.from_string

    def from_string(source: object, *args: object, **kwargs: object) -> object:
        # Jinja would turn line breaks into "\n"; one-line text is the only text it leaves alone.
        if isinstance(source, str) and not any(mark in source for mark in (*markers, "\n", "\r")):
            return _Literal(source)
        return compile_string(source, *args, **kwargs)  # type: ignore[arg-type]

    environment.from_string = from_string  # type: ignore[method-assign]


class FramewiseFilters(Extension):
    """Register the filters the templates use (quoted, pystr, md, slug) and where the hook logic lives."""

    def __init__(self, environment):  # type: ignore[no-untyped-def]
        super().__init__(environment)
        folder = cache_dir()
        if folder is not None:
            environment.bytecode_cache = BytecodeCache(str(folder))
        skip_literal_strings(environment)
        environment.globals["framewise_hooks_dir"] = HOOKS_DIR
        environment.filters["quoted"] = quoted
        environment.filters["pystr"] = pystr
        environment.filters["md"] = framewise_hooks.md
        environment.filters["slug"] = framewise_hooks.derive_slug
