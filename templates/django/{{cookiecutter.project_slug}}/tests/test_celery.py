"""Celery: the app reads the Django settings, and beat's scheduled clean-up."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config import celery_app
from config.celery import clear_expired_sessions


def test_celery_reads_the_django_settings() -> None:
    assert celery_app.main == "{{ cookiecutter.project_slug }}"
    assert celery_app.conf.task_always_eager is settings.CELERY_TASK_ALWAYS_EAGER is True
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.worker_hijack_root_logger is False


def test_every_scheduled_task_exists() -> None:
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in celery_app.tasks


@pytest.mark.django_db
def test_clear_expired_sessions_keeps_live_ones() -> None:
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    clear_expired_sessions.delay().get(timeout=10)
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
