"""The log-in limits: counted per account and per address, shared through the cache."""

from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from {{ cookiecutter.project_slug }}.users.models import User
from {{ cookiecutter.project_slug }}.users.throttle import (
    LOGIN_PER_ACCOUNT,
    LOGIN_PER_ADDRESS,
    Limit,
    client_address,
    login_refused,
)

pytestmark = pytest.mark.django_db


def admin_login(client: Client, username: str, password: str, address: str = "127.0.0.1") -> Any:
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_a_limit_counts_attempts_per_key_within_its_window() -> None:
    limit = Limit("example", attempts=2, window=60)
    assert limit.attempt("a") and limit.attempt("a")
    assert not limit.attempt("a")
    assert limit.reached("a") and not limit.reached("b")
    assert limit.minutes == 1


def test_a_window_that_closes_between_add_and_incr_opens_a_new_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limit = Limit("example", attempts=1, window=60)
    real_add = cache.add
    refused: list[str] = []

    def add(key: str, value: int, timeout: int) -> bool:
        if not refused:  # the old window still held the key...
            refused.append(key)
            return False
        return real_add(key, value, timeout)

    monkeypatch.setattr(cache, "add", add)
    limit.count("a")  # ...and closed before incr(): this attempt opens a new window
    assert refused and limit.reached("a")


def test_the_eleventh_failed_admin_login_is_refused_even_with_the_right_password(
    client: Client, admin_user: User
) -> None:
    for _ in range(LOGIN_PER_ACCOUNT.attempts):
        assert "Please enter the correct" in admin_login(client, "admin", "guess").content.decode()
    response = admin_login(client, "admin", "password")  # pytest-django's admin_user password
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_accounts_are_counted_and_refused_alike(client: Client) -> None:
    for _ in range(LOGIN_PER_ACCOUNT.attempts):
        admin_login(client, "nobody", "guess")
    assert "Too many failed log-ins" in admin_login(client, "nobody", "x").content.decode()


def test_the_account_is_counted_in_any_letter_case(client: Client, admin_user: User) -> None:
    for number in range(LOGIN_PER_ACCOUNT.attempts):
        admin_login(client, "ADMIN" if number % 2 else "admin", "guess")
    assert login_refused(RequestFactory().get("/"), "Admin")


def test_one_address_is_limited_across_accounts(client: Client, admin_user: User) -> None:
    for number in range(LOGIN_PER_ADDRESS.attempts):
        admin_login(client, f"guess{number}", "guess", address="203.0.113.7")
    response = admin_login(client, "admin", "password", address="203.0.113.7")
    assert "Too many failed log-ins" in response.content.decode()
    response = admin_login(client, "admin", "password", address="203.0.113.8")
    assert response.status_code == 302


def test_logins_outside_a_request_are_not_counted(admin_user: User) -> None:
    for _ in range(LOGIN_PER_ACCOUNT.attempts):
        assert authenticate(username="admin", password="guess") is None
    assert not login_refused(RequestFactory().get("/"), "admin")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1"),  # no trusted proxy: the header is ignored
        (1, "", "10.0.0.1"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "192.0.2.66, 198.51.100.1", "198.51.100.1"),  # the first entry is forged
        (2, "192.0.2.66, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (3, "198.51.100.1", "198.51.100.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(
    proxies: int, forwarded: str, expected: str
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(NUM_PROXIES=proxies):
        assert client_address(request) == expected
