"""The shared hook logic: names, rules, pruning, secrets and the decision record."""

from __future__ import annotations

import stat

import pytest

import framewise_hooks as h


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
        ("__main__", "shadow"),
        ("a" * 41, "longer than 40"),
    ],
)
def test_unsafe_slugs_are_refused_with_a_reason(slug: str, problem: str) -> None:
    with pytest.raises(h.HookError, match=problem):
        h.validate_slug(slug)


@pytest.mark.parametrize("slug", ["blog", "my_shop", "api_v2", "a" * 40])
def test_good_slugs_pass(slug: str) -> None:
    h.validate_slug(slug)


@pytest.mark.parametrize(
    ("name", "slug"),
    [("My Blog!", "my_blog"), ("Café Crème", "cafe_creme"), ("  --Shop--  ", "shop"), ("{{ 7*7 }}", "7_7")],
)
def test_slugs_derive_from_names(name: str, slug: str) -> None:
    assert h.derive_slug(name) == slug


@pytest.mark.parametrize("text", ["two\nlines", "tab\there", "bell\x07", "nul\x00", "sep\u2028"])
def test_control_characters_and_line_breaks_are_refused(text: str) -> None:
    with pytest.raises(h.HookError, match="control character or line break"):
        h.validate_text("project_name", text)


def test_quotes_braces_and_unicode_are_fine_text() -> None:
    h.validate_text("project_name", 'O\'Brien "Shop" {{ x }} {% y %} # $ \\ ü 漢')


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
    with pytest.raises(FileExistsError):
        h.write_env({"_secrets": ["SECRET_KEY"]}, tmp_path)
    assert not outside.exists()


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
        ("timezone", "Europe/Paris"),
        ("author_email", "dev+tag@example.co.uk"),
    ],
)
def test_good_field_values_pass(key: str, value: str) -> None:
    h.validate_value(key, value)
