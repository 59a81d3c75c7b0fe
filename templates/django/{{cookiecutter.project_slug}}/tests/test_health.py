"""The health checks: /health/ (liveness, no database) and /health/ready/ (the database answers)."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries


@pytest.mark.django_db
def test_liveness_answers_without_the_database(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_checks_the_database(client: Client) -> None:
    response = client.get(reverse("health-ready"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_readiness_fails_when_the_database_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def unreachable() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "error"}
    assert "the database did not answer" in caplog.text
