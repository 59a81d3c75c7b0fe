{%- set c = cookiecutter -%}
{%- set any_extension = c.use_sqlalchemy or c.use_login or c.use_wtf or c.use_api or c.use_cors or c.use_caching or c.use_celery or c.use_admin -%}
"""{{ cookiecutter.project_slug }}: the application factory.

`flask --app {{ cookiecutter.project_slug }} run` finds `create_app` here; `wsgi.py` calls it for gunicorn.
"""

from __future__ import annotations

import logging.config
from pathlib import Path

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from .config import load_config
from .errors import register_error_handlers
from .health import LivenessCheck

__version__ = {{ cookiecutter.version | pystr }}

# Sent with every response, security-hardening headers that a view has not set itself.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)


def create_app(config_name: str | None = None) -> Flask:
    """Create and configure the application for APP_ENV (or `config_name`)."""
    config = load_config(config_name)
    configure_logging(config.LOG_LEVEL)
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config)
    app.session_interface = CookieSessionInterface()
    if not app.testing:
        # Deployment-specific overrides that stay out of git: instance/config.py.
        app.config.from_pyfile("config.py", silent=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

{%- if any_extension %}
    init_extensions(app)
{%- endif %}
    register_blueprints(app)
    register_error_handlers(app)
    app.after_request(set_security_headers)
    # Liveness probes are answered before the request handling pages need (see health.py).
    app.wsgi_app = LivenessCheck(app.wsgi_app, SECURITY_HEADERS)
    return app
{%- if any_extension %}


def init_extensions(app: Flask) -> None:
    """Bind every extension from `extensions.py` to this application."""
{%- if c.use_sqlalchemy %}
    from . import models  # noqa: F401  (registers the models before Flask-Migrate reads them)
{%- endif %}
{%- if c.use_admin %}
    from .admin import init_admin
{%- endif %}
    from .extensions import (
{%- if c.use_api %}
        api,
{%- endif %}
{%- if c.use_caching %}
        cache,
{%- endif %}
{%- if c.use_celery %}
        celery_init_app,
{%- endif %}
{%- if c.use_cors %}
        cors,
{%- endif %}
{%- if c.use_wtf %}
        csrf,
{%- endif %}
{%- if c.use_sqlalchemy %}
        db,
{%- endif %}
{%- if c.use_login %}
        login_manager,
{%- endif %}
{%- if c.use_sqlalchemy %}
        migrate,
{%- endif %}
    )
{% if c.use_sqlalchemy %}
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
{%- endif %}
{%- if c.use_login %}
    login_manager.init_app(app)
{%- endif %}
{%- if c.use_wtf %}
    csrf.init_app(app)
{%- endif %}
{%- if c.use_api %}
    api.init_app(app)
{%- endif %}
{%- if c.use_cors %}
    cors.init_app(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}})
{%- endif %}
{%- if c.use_caching %}
    cache.init_app(app)
{%- endif %}
{%- if c.use_celery %}
    celery_init_app(app)
{%- endif %}
{%- if c.use_admin %}
    init_admin(app)
{%- endif %}
{%- endif %}


def register_blueprints(app: Flask) -> None:
    """Attach the application's blueprints."""
{%- if c.use_api %}
    from .api import blp as api_blueprint
{%- endif %}
{%- if c.use_login %}
    from .auth import bp as auth_blueprint
{%- endif %}
{%- set exempt = c.use_wtf and (c.use_api or c.use_celery) %}
{%- if c.use_api and exempt %}
    from .extensions import api, csrf
{%- elif c.use_api %}
    from .extensions import api
{%- elif exempt %}
    from .extensions import csrf
{%- endif %}
    from .health import bp as health_blueprint
    from .main import bp as main_blueprint
{%- if c.use_celery %}
    from .tasks import bp as tasks_blueprint
{%- endif %}

    app.register_blueprint(main_blueprint)
    app.register_blueprint(health_blueprint)
{%- if c.use_login %}
    app.register_blueprint(auth_blueprint)
{%- endif %}
{%- if c.use_api %}
    api.register_blueprint(api_blueprint)
{%- endif %}
{%- if c.use_celery %}
    app.register_blueprint(tasks_blueprint)
{%- endif %}
{%- if c.use_wtf and (c.use_api or c.use_celery) %}
    # JSON endpoints that read no session cookie need no CSRF token.
{%- endif %}
{%- if c.use_wtf and c.use_api %}
    csrf.exempt(api_blueprint)
{%- endif %}
{%- if c.use_wtf and c.use_celery %}
    csrf.exempt(tasks_blueprint)
{%- endif %}


def configure_logging(level: str) -> None:
    """Log to stderr in one format; gunicorn and `flask run` both collect it."""
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "default": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
            },
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "formatter": "default",
                    "stream": "ext://sys.stderr",
                },
            },
            "root": {"level": level, "handlers": ["stderr"]},
        }
    )


def set_security_headers(response: Response) -> Response:
    """Add headers that harden every response against sniffing and framing."""
    headers = response.headers
    for name, value in SECURITY_HEADERS:
        if name not in headers:
            headers.add(name, value)
    return response


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, without preparing a signer for requests that send no cookie.

    Health probes, API clients and first visits send none; they get an empty session at once.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)
