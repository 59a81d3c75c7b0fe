"""The shared hook logic: names, rules, pruning, secrets and the decision record."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framewise_hooks as h
from tests.helpers import TEMPLATES


@pytest.mark.parametrize(
    ("slug", "problem"),
    [
        ("", "empty"),
        ("My_Blog", "not a lower-case Python identifier"),
        ("2048_game", "not a lower-case Python identifier"),
        ("my-blog", "not a lower-case Python identifier"),
        ("café", "not a lower-case Python identifier"),
        ("class", "keyword"),
        ("json", "shadow the module 'json'"),
        ("django", "shadow"),
        ("flask", "shadow"),
        ("test", "shadow"),
        ("site", "shadow"),
        ("config", "shadow"),
        ("__main__", "starts or ends with '_'"),
        ("__init__", "starts or ends with '_'"),
        ("_private", "must begin and end with a letter or digit"),
        ("shop_", "must begin and end with a letter or digit"),
        ("build", "folder name the project's .gitignore"),
        ("media", "folder name the project's .gitignore"),
        ("a" * (h.SLUG_MAX_LENGTH + 1), f"longer than {h.SLUG_MAX_LENGTH}"),
    ],
)
def test_unsafe_slugs_are_refused_with_a_reason(slug: str, problem: str) -> None:
    with pytest.raises(h.HookError, match=problem):
        h.validate_slug(slug)


@pytest.mark.parametrize("slug", ["blog", "my_shop", "api_v2", "a__b", "x", "a" * h.SLUG_MAX_LENGTH])
def test_good_slugs_pass(slug: str) -> None:
    h.validate_slug(slug)


@pytest.mark.parametrize(
    ("name", "slug"),
    [("My Blog!", "my_blog"), ("Café Crème", "cafe_creme"), ("  --Shop--  ", "shop"), ("{{ 7*7 }}", "7_7")],
)
def test_slugs_derive_from_names(name: str, slug: str) -> None:
    assert h.derive_slug(name) == slug


@pytest.mark.parametrize(
    "text",
    [
        "two\nlines",
        "tab\there",
        "bell\x07",
        "nul\x00",
        "sep\u2028",
        "admin\u202e\u2066txt.exe\u2069",  # bidirectional overrides and isolates reorder what is shown
        "zero\u200bwidth",
        "\ufeffbom",
        "soft\u00adhyphen",
        "word\u2060joiner",
        "unassigned\U000e0080",
    ],
)
def test_control_line_break_and_invisible_characters_are_refused_naming_the_code_point(text: str) -> None:
    refused = next(char for char in text if h.unicodedata.category(char) in h.REFUSED_CATEGORIES)
    with pytest.raises(h.HookError, match=rf"line break or invisible character \(U\+{ord(refused):04X}\)"):
        h.validate_text("project_name", text)


def test_quotes_braces_and_unicode_are_fine_text() -> None:
    # Typographic quotes, dashes and spaces are text people type, not tricks.
    h.validate_text("project_name", 'O\'Brien "Shop" {{ x }} {% y %} # $ \\ ü 漢')
    h.validate_text("project_name", "O\u2019Brien \u2013 café\u00a0\u00d7 🚀")


def test_conditions_read_booleans_negations_and_values() -> None:
    values = {"use_api": "yes", "use_login": False, "database": "postgresql"}
    assert h.holds("use_api", values)
    assert h.holds("!use_login", values)
    assert h.holds("database=postgresql", values)
    assert not h.holds("database=sqlite", values)


def test_missing_requirements_are_found_and_refused_before_generation() -> None:
    values = {
        "project_name": "Blog",
        "project_slug": "blog",
        "use_login": True,
        "use_sqlalchemy": False,
        "_requires": {"use_login": ["use_sqlalchemy"]},
    }
    assert h.missing_requirements(values) == [("use_login", "use_sqlalchemy")]
    with pytest.raises(h.HookError, match="use_login=yes needs use_sqlalchemy=yes"):
        h.pre_gen(values)


def test_prune_removes_only_unselected_paths(tmp_path) -> None:
    (tmp_path / "blog" / "api").mkdir(parents=True)
    (tmp_path / "blog" / "api" / "views.py").write_text("")
    (tmp_path / "Dockerfile").write_text("")
    (tmp_path / "keep.py").write_text("")
    values = {
        "project_slug": "blog",
        "use_api": False,
        "use_docker": True,
        "_prune_unless": {"use_api": ["{project_slug}/api"], "use_docker": ["Dockerfile"]},
    }
    h.prune(values, tmp_path)
    assert not (tmp_path / "blog" / "api").exists()
    assert (tmp_path / "Dockerfile").exists() and (tmp_path / "keep.py").exists()


def test_env_gets_a_fresh_private_secret_each_time(tmp_path) -> None:
    (tmp_path / ".env.example").write_text("SECRET_KEY=\nDEBUG=true\n")
    values = {"_secrets": ["SECRET_KEY"]}
    h.write_env(values, tmp_path)
    first = (tmp_path / ".env").read_text()
    (tmp_path / ".env").unlink()
    h.write_env(values, tmp_path)
    second = (tmp_path / ".env").read_text()
    assert first.splitlines()[1] == "DEBUG=true"
    secret = first.splitlines()[0].removeprefix("SECRET_KEY=")
    assert len(secret) >= 50 and secret not in second
    assert stat.S_IMODE((tmp_path / ".env").stat().st_mode) == 0o600


def test_env_is_never_written_through_a_link(tmp_path) -> None:
    (tmp_path / ".env.example").write_text("SECRET_KEY=\n")
    outside = tmp_path.parent / f"{tmp_path.name}-victim"
    (tmp_path / ".env").symlink_to(outside)
    with pytest.raises(h.HookError, match=r"already has a \.env"):
        h.write_env({"_secrets": ["SECRET_KEY"]}, tmp_path)
    assert not outside.exists()


def test_an_existing_env_is_left_as_it_is(tmp_path) -> None:
    (tmp_path / ".env.example").write_text("SECRET_KEY=\n")
    (tmp_path / ".env").write_text("SECRET_KEY=mine\n")
    with pytest.raises(h.HookError, match=r"already has a \.env"):
        h.write_env({"_secrets": ["SECRET_KEY"]}, tmp_path)
    assert (tmp_path / ".env").read_text() == "SECRET_KEY=mine\n"


@pytest.mark.parametrize("pattern", ["../outside", "/etc", "{project_slug}/../../outside", "link/inner"])
def test_pruning_never_leaves_the_project(tmp_path, pattern: str) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    project.mkdir()
    (project / "link").symlink_to(outside, target_is_directory=True)
    values = {"project_slug": "blog", "use_x": False, "_prune_unless": {"use_x": [pattern]}}
    with pytest.raises(h.HookError, match=r"not inside the project|leads outside the project"):
        h.prune(values, project)
    assert (outside / "inner").is_dir()


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("A Django web application.", "A Django web application."),
        ("back-office, 100% (really) #1!", "back-office, 100% (really) #1!"),
        ("*bold* _it_ <b>x</b> [x](y) a|b `c` & ~", r"\*bold\* \_it\_ \<b\>x\</b\> \[x\](y) a\|b \`c\` \& \~"),
        ("# heading", r"\# heading"),
        ("- item", r"\- item"),
        ("1. first", r"1\. first"),
    ],
)
def test_markdown_escaping_touches_only_what_markdown_would_misread(text: str, escaped: str) -> None:
    assert h.md(text) == escaped


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("version", "1.0-final", "not a PEP 440 version"),
        ("version", "1.0.x", "not a PEP 440 version"),
        ("timezone", "Europe", "not an IANA time zone"),
        ("timezone", "Mars/Olympus", "not an IANA time zone"),
        ("timezone", "../../etc/passwd", "not an IANA time zone"),
        ("timezone", "America", "not an IANA time zone"),
        ("timezone", "posixrules", "not an IANA time zone"),
        ("timezone", "right/UTC", "not an IANA time zone"),
        ("timezone", "zone.tab", "not an IANA time zone"),
        ("timezone", "localtime", "not an IANA time zone"),
        ("timezone", "", "not an IANA time zone"),
        ("version", "1." * 40 + "1", "longer than 64"),
        ("version", "0.80000000000000000000", "a number above 18446744073709551615"),  # found by the property test
        ("version", "1.0.post18446744073709551616", "a number above"),
        ("author_email", "you[@example.com", "not an email address"),
        ("author_email", "a@b.c]", "not an email address"),
        ("author_email", ":@example.com", "not an email address"),
        ("author_email", "a@b.,c", "not an email address"),
        ("author_email", "a..b@example.com", "not an email address"),
        ("author_email", "ünïcode@example.com", "not an email address"),  # hatchling refuses it too
        ("author_email", "a(\\\\)b@[x.y", "not an email address"),  # the email parser breaks on it (found by atheris)
        ("author_email", "me at example", "not an email address"),
    ],
)
def test_fields_with_a_format_are_checked(key: str, value: str, problem: str) -> None:
    with pytest.raises(h.HookError, match=problem):
        h.validate_value(key, value)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("version", "0.1.0"),
        ("version", "2.0rc1"),
        ("version", "18446744073709551615.0"),
        ("timezone", "Europe/Paris"),
        ("author_email", "dev+tag@example.co.uk"),
        ("author_email", "o'brien@example.com"),
        ("author_email", "you@exämple.com"),
        ("timezone", "America/Argentina/Buenos_Aires"),
        ("timezone", "Etc/GMT+5"),
    ],
)
def test_good_field_values_pass(key: str, value: str) -> None:
    h.validate_value(key, value)


def _top_level_patterns(lines: list[str]) -> list[str]:
    """Ignore patterns that can match a folder at the project's top level, where the package lives."""
    patterns = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith(("#", "!", "{%")):
            continue
        pattern = line.removeprefix("**/").strip("/")
        if "/" not in pattern:  # 'a/b' patterns only reach into folders, never name the package itself
            patterns.append(pattern)
    return patterns


def _skipped_folder_patterns(tmp_path) -> dict[str, list[str]]:
    """Every folder pattern the generated project or its tools skip, read from the templates and the tools."""
    found = {}
    for ignore in sorted(TEMPLATES.glob("*/{{cookiecutter.project_slug}}/.*ignore")):
        found[str(ignore.relative_to(TEMPLATES))] = _top_level_patterns(ignore.read_text().splitlines())
    (tmp_path / "probe.py").write_text("")
    settings = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--show-settings", "probe.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    excluded = re.search(r"^file_resolver\.exclude = \[(.*?)\]", settings, re.MULTILINE | re.DOTALL)
    assert excluded, settings[:2000]
    found["ruff's default exclude"] = _top_level_patterns(re.findall(r'"([^"]+)"', excluded[1]))
    (tmp_path / "norecurse.py").write_text(
        "import json\n\ndef pytest_configure(config):\n"
        "    print('NORECURSE=' + json.dumps(config.getini('norecursedirs')))\n"
    )
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "norecurse", "-p", "no:cacheprovider", "--co", "-q"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found["pytest's norecursedirs"] = _top_level_patterns(json.loads(listed.split("NORECURSE=")[1].splitlines()[0]))
    from hatchling.builders.config import BuilderConfig

    found["hatchling's global exclude"] = _top_level_patterns(BuilderConfig.default_global_exclude(None))
    return found


def test_no_slug_can_be_a_folder_the_project_or_its_tools_skip(tmp_path) -> None:
    """A package git never commits, Docker never copies, ruff never lints or pytest never enters is refused."""
    checked = set()
    for source, patterns in _skipped_folder_patterns(tmp_path).items():
        for pattern in patterns:
            literal = re.sub(r"\[[^\]]*\]|[*?]", "", pattern)
            if literal != pattern:  # a glob: it must need a character no package name has
                assert not re.fullmatch(r"[a-z0-9_]*", literal), f"{source}: decide whether '{pattern}' can be a slug"
            elif re.fullmatch(r"[a-z_][a-z0-9_]*", pattern):
                with pytest.raises(h.HookError):
                    h.validate_slug(pattern)
                checked.add(pattern)
    assert {"build", "dist", "venv", "media", "staticfiles", "instance", "htmlcov", "node_modules"} <= checked


def test_the_hook_refuses_a_context_whose_values_are_not_text(tmp_path) -> None:
    """A replay file or extra context may hold lists or numbers where text belongs: the pre hook refuses them."""
    base = {"project_name": "Blog", "project_slug": "blog", "use_x": True}
    for values, problem in [
        ({**base, "project_slug": ["..", "etc"]}, "project_slug must be text"),
        ({**base, "project_slug": 7}, "project_slug must be text"),
        ({**base, "description": {"a": 1}}, "description must be text, a number or yes/no, not dict"),
        ({**base, "description": None}, "not NoneType"),
        ({**base, "version": 12.5e300}, "not a PEP 440 version"),
        ({**base, "_prune_unless": ["../outside"]}, "_prune_unless must map conditions to lists of text"),
        ({**base, "_prune_unless": {"use_x": "Dockerfile"}}, "_prune_unless must map conditions"),
        ({**base, "_prune_unless": {"nope": ["Dockerfile"]}}, "names 'nope', which is not one of its variables"),
        ({**base, "_requires": {"use_x": ["!nope"]}}, "names 'nope'"),
        ({**base, "_secrets": "SECRET_KEY"}, "_secrets must be a list of environment variable names"),
        ({**base, "_secrets": ["A=B"]}, "_secrets must be a list"),
    ]:
        with pytest.raises(h.HookError, match=problem):
            h.pre_gen(values)
    h.pre_gen({**base, "version": 2})  # a number where text belongs is read as its text


def test_pruning_refuses_malformed_rules_and_odd_paths_in_one_line(tmp_path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "loop").symlink_to(project / "loop")
    for rule, problem in [
        ({"use_x": "Dockerfile"}, "_prune_unless must map"),
        ({"use_x": ["a\0b"]}, "is not inside the project"),
        ({"use_x": ["loop/inner/x"]}, "cannot be followed|leads outside"),
        ({"use_x": ["."]}, "is not inside the project"),
        ({"use_x": [""]}, "is not inside the project"),
    ]:
        with pytest.raises(h.HookError, match=problem):
            h.prune({"project_slug": "blog", "use_x": False, "_prune_unless": rule}, project)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


# Text around the parts of an address, with the characters its grammar treats specially.
ADDRESS_PART = st.text(st.sampled_from("aZ0.-_+!#$%&'*/=?^`{|}~[]()<>:;,\\\"@ éü漢\u00a0"), max_size=8)
ADDRESSES = st.one_of(
    st.emails(),
    st.text(max_size=30),
    st.builds(lambda local, domain, tld: f"{local}@{domain}.{tld}", ADDRESS_PART, ADDRESS_PART, ADDRESS_PART),
)


def _accepted(key: str, value: str) -> bool:
    try:
        h.validate_value(key, value)
    except h.HookError:
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(email=ADDRESSES, name=st.one_of(st.just("Your Name"), st.text(max_size=20), ADDRESS_PART))
def test_every_author_framewise_accepts_is_one_hatchling_writes_into_metadata(email: str, name: str) -> None:
    """The metadata `pip install -e .` and `uv build` produce through hatchling, for any accepted author."""
    from hatchling.metadata.core import ProjectMetadata
    from hatchling.metadata.spec import construct_metadata_file_2_4
    from packaging.metadata import Metadata

    if not (_accepted("author_email", email) and _accepted("author_name", name)):
        return
    with tempfile.TemporaryDirectory() as root:
        author = f"{{ name = {json.dumps(name, ensure_ascii=False)}, email = {json.dumps(email, ensure_ascii=False)} }}"
        Path(root, "pyproject.toml").write_text(
            f'[project]\nname = "blog"\nversion = "1.0"\nauthors = [{author}]\n', encoding="utf-8"
        )
        metadata = Metadata.from_email(construct_metadata_file_2_4(ProjectMetadata(root, None)), validate=True)
    assert metadata.author_email and email in metadata.author_email
