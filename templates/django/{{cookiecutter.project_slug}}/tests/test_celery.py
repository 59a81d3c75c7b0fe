"""Celery: the app reads the Django settings."""

from django.conf import settings

from config import celery_app


def test_celery_reads_the_django_settings() -> None:
    assert celery_app.main == "{{ cookiecutter.project_slug }}"
    assert celery_app.conf.task_always_eager is settings.CELERY_TASK_ALWAYS_EAGER is True
