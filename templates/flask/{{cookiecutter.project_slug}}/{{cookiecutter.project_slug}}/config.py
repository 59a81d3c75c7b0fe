{%- set c = cookiecutter -%}
"""Configuration classes, selected by APP_ENV and read from the environment when created.

APP_ENV is development, testing or production (the default, so a server never runs with
development settings by accident). Locally, `.env` sets APP_ENV=development.
"""

from __future__ import annotations

import os

# Used only outside production when SECRET_KEY is unset; production refuses it.
DEV_SECRET_KEY = "dev-only-secret-key-never-use-in-production"  # noqa: S105
MIN_SECRET_KEY_LENGTH = 32
{%- if c.use_sqlalchemy %}
{%- if c.database == "postgresql" %}
DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@localhost:5432/{{ c.project_slug }}"
{%- else %}
# A relative SQLite path lives in the instance folder.
DEFAULT_DATABASE_URL = "sqlite:///{{ c.project_slug }}.db"
{%- endif %}
{%- endif %}
{%- if c.use_caching or c.use_celery %}
DEFAULT_REDIS_URL = "redis://localhost:6379/0"
{%- endif %}


class ConfigurationError(RuntimeError):
    """Raised when the environment cannot produce a safe configuration."""
{%- if c.use_cors %}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
{%- endif %}
{%- if c.use_sqlalchemy and c.database == "postgresql" %}


def database_url(url: str) -> str:
    """Make a PostgreSQL URL use the psycopg 3 driver: postgres:// -> postgresql+psycopg://."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url
{%- endif %}


class Config:
    """Settings shared by every environment."""

    PROJECT_NAME = {{ c.project_name | pystr }}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
{%- if c.use_login %}
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # werkzeug's strong default; stored hashes name their method, so it can change later.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a hashing method, not a password)
{%- endif %}
{%- if c.use_api %}
    API_TITLE = PROJECT_NAME
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/"
{%- endif %}

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
{%- if c.use_sqlalchemy %}
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
{%- if c.database == "postgresql" %}
        self.SQLALCHEMY_DATABASE_URI = database_url(
            os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
        )
{%- else %}
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
{%- endif %}
{%- endif %}
{%- if c.use_caching or c.use_celery %}
        redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
{%- endif %}
{%- if c.use_cors %}
        self.CORS_ORIGINS = env_list("CORS_ORIGINS")
{%- endif %}
{%- if c.use_caching %}
        self.CACHE_TYPE = "SimpleCache"
        self.CACHE_DEFAULT_TIMEOUT = 300
        self.CACHE_REDIS_URL = redis_url
{%- endif %}
{%- if c.use_celery %}
        self.CELERY = {
            "broker_url": redis_url,
            "result_backend": redis_url,
            "task_ignore_result": True,
        }
{%- endif %}


class DevelopmentConfig(Config):
    """Local development: debug logging and the development defaults."""

    DEBUG = True

    def __init__(self) -> None:
        super().__init__()
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "DEBUG").upper()


class TestingConfig(Config):
    """The test suite{% if c.use_sqlalchemy %}: an isolated database{% endif %}{% if c.use_celery %}{% if c.use_sqlalchemy %},{% else %}:{% endif %} tasks run in-process{% endif %}."""

    TESTING = True
{%- if c.use_wtf %}
    # Tests post forms directly; tests/test_forms.py turns CSRF back on to prove it works.
    WTF_CSRF_ENABLED = False
{%- endif %}
{%- if c.use_login %}
    # One cheap round keeps the suite fast, as Django's test settings do with their hasher.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"  # noqa: S105
{%- endif %}
{%- if c.use_sqlalchemy or c.use_celery %}

    def __init__(self) -> None:
        super().__init__()
{%- endif %}
{%- if c.use_sqlalchemy %}
{%- if c.database == "postgresql" %}
        self.SQLALCHEMY_DATABASE_URI = database_url(
            os.environ.get("TEST_DATABASE_URL", "sqlite://")
        )
{%- else %}
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
{%- endif %}
{%- endif %}
{%- if c.use_celery %}
        self.CELERY = {
            "broker_url": "memory://",
            "result_backend": "cache+memory://",
            "task_always_eager": True,
            "task_store_eager_result": True,
            "task_ignore_result": True,
        }
{%- endif %}


class ProductionConfig(Config):
    """Production: a real secret key is required and cookies are HTTPS-only."""

    PREFERRED_URL_SCHEME = "https"
    SESSION_COOKIE_SECURE = True
{%- if c.use_login %}
    REMEMBER_COOKIE_SECURE = True
{%- endif %}

    def __init__(self) -> None:
        super().__init__()
        secret_key = os.environ.get("SECRET_KEY", "")
        if secret_key == DEV_SECRET_KEY or len(secret_key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigurationError(
                f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_KEY_LENGTH} "
                'characters in production; generate one with: python -c "import secrets; '
                'print(secrets.token_urlsafe(50))"'
            )
{%- if c.use_caching %}
        self.CACHE_TYPE = "RedisCache"
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
