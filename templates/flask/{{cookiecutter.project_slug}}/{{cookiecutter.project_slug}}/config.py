{%- set c = cookiecutter -%}
"""Configuration classes, selected by APP_ENV and read from the environment when created.

APP_ENV is development, testing or production (the default, so a server never runs with
development settings by accident). Locally, `.env` sets APP_ENV=development. A feature's fixed
settings live with the feature (its `init_app` sets defaults); what varies by environment is here.
"""

from __future__ import annotations

import os

# Used only outside production when SECRET_KEY is unset; production refuses it.
DEV_SECRET_KEY = "dev-only-secret-key-never-use-in-production"  # noqa: S105  # nosec B105
MIN_SECRET_KEY_LENGTH = 32
# An hour: long enough to protect, short enough to undo a mistake. Raise it once HTTPS works.
DEFAULT_HSTS_SECONDS = 3600
{%- if c.__postgres %}
DATABASE_NAME = "{{ c.project_slug }}"
DEFAULT_DATABASE_URL = f"postgresql://postgres@localhost:5432/{DATABASE_NAME}"
{%- elif c.use_sqlalchemy %}
# A relative SQLite path lives in the instance folder.
DEFAULT_DATABASE_URL = "sqlite:///{{ c.project_slug }}.db"
{%- endif %}


class ConfigurationError(RuntimeError):
    """Raised when the environment cannot produce a safe configuration."""


def env_list(name: str) -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """Read a whole number from the environment, naming the variable when it is not one."""
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number") from None
{%- if c.__postgres %}


def database_url(variable: str, default: str) -> str:
    """Read a PostgreSQL URL for the psycopg 3 driver: postgres:// -> postgresql+psycopg://."""
    url = os.environ.get(variable, default)
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url
{%- elif c.use_sqlalchemy %}


def database_url(variable: str, default: str) -> str:
    """Read a database URL from the environment."""
    return os.environ.get(variable, default)
{%- endif %}


class Config:
    """Settings shared by every environment."""

    PROJECT_NAME = {{ c.project_name | pystr }}
    PROJECT_DESCRIPTION = {{ c.description | pystr }}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    HTTPS_REDIRECT = False
    HSTS_SECONDS = 0

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
        # "json" writes one JSON object per line, for log collectors; anything else is plain text.
        self.LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").lower()
        # Error reporting to Sentry starts only when a DSN is set.
        self.SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
        # Larger request bodies are refused with 413 before they are read.
        self.MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 1024 * 1024)
        # How many reverse proxies (load balancer, ingress...) stand in front of the app: their
        # X-Forwarded-* headers are trusted, nobody else's.
        self.PROXY_COUNT = env_int("PROXY_COUNT", 0)
        # Host names the app answers to; any other Host header gets 400. Empty: any host.
        self.TRUSTED_HOSTS = env_list("TRUSTED_HOSTS") or None
{%- if c.use_sqlalchemy %}
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.SQLALCHEMY_DATABASE_URI = database_url("DATABASE_URL", DEFAULT_DATABASE_URL)
{%- endif %}
{%- if c.__redis %}
        # Shared state (cache, rate limits, task queue) lives in Redis; unset, each process keeps
        # its own in memory, which is fine for one local process only.
        self.REDIS_URL = os.environ.get("REDIS_URL", "")
{%- endif %}
{%- if c.use_cors %}
        self.CORS_ORIGINS = env_list("CORS_ORIGINS")
{%- endif %}


class DevelopmentConfig(Config):
    """Local development: debug logging and the development defaults."""

    DEBUG = True

    def __init__(self) -> None:
        super().__init__()
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "DEBUG").upper()


class TestingConfig(Config):
    """The test suite: in-process services{% if c.use_sqlalchemy %} and an isolated database{% endif %}."""

    TESTING = True
{%- if c.__html %}
    # Tests post forms directly; tests/test_csrf.py turns CSRF back on to prove it works.
    WTF_CSRF_ENABLED = False
{%- endif %}
{%- if c.use_login %}
    # One cheap round keeps the suite fast, as Django's test settings do with their hasher.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"  # noqa: S105  # nosec B105 (a method, not a password)
{%- endif %}

    def __init__(self) -> None:
        super().__init__()
        self.SENTRY_DSN = ""
{%- if c.use_sqlalchemy %}
        self.SQLALCHEMY_DATABASE_URI = database_url("TEST_DATABASE_URL", "sqlite://")
{%- endif %}
{%- if c.__redis %}
        self.REDIS_URL = ""
{%- endif %}


class ProductionConfig(Config):
    """Production: real secrets, HTTPS only, a fixed list of host names."""

    PREFERRED_URL_SCHEME = "https"
    SESSION_COOKIE_SECURE = True
    HTTPS_REDIRECT = True

    def __init__(self) -> None:
        super().__init__()
        secret_key = os.environ.get("SECRET_KEY", "")
        if secret_key == DEV_SECRET_KEY or len(secret_key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigurationError(
                f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_KEY_LENGTH} "
                'characters in production; generate one with: python -c "import secrets; '
                'print(secrets.token_urlsafe(50))"'
            )
        if not self.TRUSTED_HOSTS:
            raise ConfigurationError(
                "TRUSTED_HOSTS must list the host names the site is served on in production, "
                "comma-separated, such as www.example.com,example.com"
            )
        self.HSTS_SECONDS = env_int("HSTS_SECONDS", DEFAULT_HSTS_SECONDS)
{%- if c.__redis %}
        if not self.REDIS_URL:
            raise ConfigurationError(
                "REDIS_URL must be set in production, such as redis://localhost:6379/0: "
                "it holds what the processes share"
            )
{%- endif %}


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(name: str | None = None) -> Config:
    """Build the configuration for `name`, or for APP_ENV when no name is given."""
    name = name or os.environ.get("APP_ENV", "production")
    try:
        config_class = CONFIGS[name]
    except KeyError:
        choices = ", ".join(CONFIGS)
        raise ConfigurationError(f"APP_ENV={name!r} is not one of: {choices}") from None
    return config_class()
