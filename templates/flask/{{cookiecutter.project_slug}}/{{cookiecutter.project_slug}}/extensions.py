{%- set c = cookiecutter -%}
{%- set any_extension = c.use_sqlalchemy or c.use_login or c.use_wtf or c.use_api or c.use_cors or c.use_caching or c.use_celery or c.use_admin -%}
{%- if any_extension -%}
"""Every Flask extension the application uses, created unbound; `create_app` binds them."""
{%- else -%}
"""The home of the application's Flask extensions: create each one here, unbound, and bind it in
`create_app` (`extension.init_app(app)`), so every module imports the same instance.
"""
{%- endif %}
{%- if any_extension %}

from __future__ import annotations
{% endif %}
{%- if c.use_celery %}
from typing import Any

from celery import Celery, Task
from flask import Flask
{%- endif %}
{%- if c.use_admin %}
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
{%- endif %}
{%- if c.use_caching %}
from flask_caching import Cache
{%- endif %}
{%- if c.use_cors %}
from flask_cors import CORS
{%- endif %}
{%- if c.use_login %}
from flask_login import LoginManager
{%- endif %}
{%- if c.use_sqlalchemy %}
from flask_migrate import Migrate
{%- endif %}
{%- if c.use_api %}
from flask_smorest import Api
{%- endif %}
{%- if c.use_sqlalchemy %}
from flask_sqlalchemy import SQLAlchemy
{%- endif %}
{%- if c.use_wtf %}
from flask_wtf.csrf import CSRFProtect
{%- endif %}
{%- if c.use_sqlalchemy %}
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base with named constraints, so migrations can alter them on every database."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
{%- elif c.use_wtf or c.use_api or c.use_cors or c.use_caching %}
{# one blank line after the imports #}
{%- endif %}
{%- if c.use_login %}
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message_category = "info"
{%- endif %}
{%- if c.use_wtf %}
csrf = CSRFProtect()
{%- endif %}
{%- if c.use_api %}
api = Api()
{%- endif %}
{%- if c.use_cors %}
cors = CORS()
{%- endif %}
{%- if c.use_caching %}
cache = Cache()
{%- endif %}
{%- if c.use_admin %}
admin = Admin(name="Admin", theme=Bootstrap4Theme())
{%- endif %}
{%- if c.use_celery %}


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app from app.config["CELERY"]; every task runs in an app context."""

    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
{%- endif %}
