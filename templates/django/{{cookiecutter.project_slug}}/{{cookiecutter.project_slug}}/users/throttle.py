"""Limits on log-in{% if cookiecutter.use_accounts %}, sign-up and password-reset{% endif %} attempts, counted in the shared cache.

Failed log-ins are counted per account and per client address, however they came: Django's
`user_login_failed` signal reports each one. Every log-in asks `login_refused()` before it checks a
password (ThrottledAuthenticationForm does, for the forms), so an attempt over the limit costs the
same, and says the same, whether the account exists or not.

The counts live in Django's default cache: Redis in production, so that every web process shares
them (see CACHES); in-process memory in development and tests.
"""

from dataclasses import dataclass
from hashlib import sha256
from math import ceil
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver

from .models import User


class HasMeta(Protocol):
    """A request, Django's or Django REST Framework's: what the address is read from."""

    META: dict[str, Any]


@dataclass(frozen=True)
class Limit:
    """At most `attempts` in a window of `window` seconds for one key (an account, an address)."""

    scope: str
    attempts: int
    window: int

    @property
    def minutes(self) -> int:
        return ceil(self.window / 60)

    def _key(self, ident: str) -> str:
        # Hashed: the cache holds no address or username, and any text makes a valid key.
        return f"throttle:{self.scope}:{sha256(ident.encode()).hexdigest()}"

    def reached(self, ident: str) -> bool:
        """Whether the window's attempts are used up for this key."""
        return int(cache.get(self._key(ident), 0)) >= self.attempts

    def count(self, ident: str) -> None:
        """Count one attempt; the first one opens the window."""
        key = self._key(ident)
        if cache.add(key, 1, self.window):
            return
        try:
            cache.incr(key)  # atomic, and keeps the window's expiry
        except ValueError:  # the window closed between add() and incr(): open a new one
            cache.add(key, 1, self.window)

    def attempt(self, ident: str) -> bool:
        """Count an attempt unless the limit is reached; say whether it may go ahead."""
        if self.reached(ident):
            return False
        self.count(ident)
        return True


LOGIN_PER_ACCOUNT = Limit("login-account", attempts=10, window=15 * 60)
# Higher: people behind one office or mobile network share an address.
LOGIN_PER_ADDRESS = Limit("login-address", attempts=50, window=15 * 60)
LOGIN_REFUSED = (
    "Too many failed log-ins for this account or from your network. "
    f"Wait {LOGIN_PER_ACCOUNT.minutes} minutes, then try again."
)
{%- if cookiecutter.use_accounts %}
SIGNUP_PER_ADDRESS = Limit("signup-address", attempts=10, window=60 * 60)
SIGNUP_REFUSED = (
    "Too many sign-ups from your network. "
    f"Wait {SIGNUP_PER_ADDRESS.minutes} minutes, then try again."
)
{%- endif %}
{%- if cookiecutter.__account_pages %}
RESET_PER_ADDRESS = Limit("reset-address", attempts=10, window=60 * 60)
RESET_REFUSED = (
    "Too many password reset requests from your network. "
    f"Wait {RESET_PER_ADDRESS.minutes} minutes, then try again."
)
{%- endif %}


def client_address(request: HasMeta) -> str:
    """The client's IP address, as the nearest of the NUM_PROXIES trusted proxies saw it.

    Without proxies it is REMOTE_ADDR. Behind them, REMOTE_ADDR is the proxy's, and each proxy
    appends the address it saw to X-Forwarded-For; the entries before those are the client's
    own claims, which anyone can forge.
    """
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    proxies: int = settings.NUM_PROXIES
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return str(request.META.get("REMOTE_ADDR", ""))


def login_refused(request: HasMeta, username: str) -> bool:
    """Whether too many log-ins failed lately for this account or from this address."""
    return LOGIN_PER_ACCOUNT.reached(username.casefold()) or LOGIN_PER_ADDRESS.reached(
        client_address(request)
    )


@receiver(user_login_failed)
def count_failed_login(
    sender: object, credentials: dict[str, Any], request: HasMeta | None = None, **kwargs: Any
) -> None:
    """Count a failed log-in against its account and its address."""
    if request is None:  # authenticate() outside a request (a shell, a script): no address
        return
    username = str(credentials.get(User.USERNAME_FIELD, ""))
    LOGIN_PER_ACCOUNT.count(username.casefold())
    LOGIN_PER_ADDRESS.count(client_address(request))


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's log-in form, refusing an attempt over the limits before it checks the password."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and self.request is not None and login_refused(self.request, username):
            raise ValidationError(LOGIN_REFUSED, code="throttled")
        return super().clean()
