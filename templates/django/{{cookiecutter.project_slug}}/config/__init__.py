"""Project configuration: settings, URLs and the WSGI/ASGI{% if cookiecutter.use_celery %}/Celery{% endif %} entry points."""
{%- if cookiecutter.use_celery %}

from .celery import app as celery_app

__all__ = ("celery_app",)
{%- endif %}
