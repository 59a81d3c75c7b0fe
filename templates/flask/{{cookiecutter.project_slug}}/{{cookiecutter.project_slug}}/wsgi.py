{%- set c = cookiecutter -%}
"""The WSGI entry point for gunicorn: `gunicorn {{ c.project_slug }}.wsgi:app`.

Variables from a `.env` file in the project root are loaded first; real environment variables win.
{%- if c.use_celery %}
`celery_app` is the Celery application the worker and beat run.
{%- endif %}
"""

from dotenv import load_dotenv

from {{ c.project_slug }} import create_app

load_dotenv()
app = create_app()
{%- if c.use_celery %}
celery_app = app.extensions["celery"]
{%- endif %}
