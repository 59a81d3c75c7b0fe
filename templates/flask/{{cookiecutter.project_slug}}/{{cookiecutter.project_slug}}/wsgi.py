{%- set c = cookiecutter -%}
"""The WSGI entry point: `gunicorn {{ c.project_slug }}.wsgi:app`{% if c.use_celery %}, and the Celery app for the worker{% endif %}.

Variables from a `.env` file in the project root are loaded first; real environment variables win.
"""

from dotenv import load_dotenv

from {{ c.project_slug }} import create_app

load_dotenv()
app = create_app()
{%- if c.use_celery %}
celery_app = app.extensions["celery"]
{%- endif %}
