{%- set c = cookiecutter -%}
"""The application factory, `create_app`.

`flask --app <this package> run` finds it here; `wsgi.py` calls it for gunicorn.
Each feature is a module that binds its extensions and registers its routes in its own `init_app`;
`FEATURES` lists them in the order they are set up.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import (
{%- for name in (c.__features.split() + ["errors", "health", "logs", "security"]) | sort %}
    {{ name }},
{%- endfor %}
)
from .config import load_config

__version__ = {{ c.version | pystr }}

FEATURES = (
{%- for name in c.__features.split() %}
    {{ name }},
{%- endfor %}
)


def create_app(config_name: str | None = None) -> Flask:
    """Create and configure the application for APP_ENV (or `config_name`)."""
    config = load_config(config_name)
    logs.configure(config)
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config)
    if not app.testing:
        # Deployment-specific overrides that stay out of git: instance/config.py.
        app.config.from_pyfile("config.py", silent=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    security.init_app(app)
    health.init_app(app)
    for feature in FEATURES:
        feature.init_app(app)
    # Last, so that these handlers answer for every error, whichever feature raised it.
    errors.init_app(app)
    return app
