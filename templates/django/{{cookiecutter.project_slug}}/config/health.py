"""Health checks for load balancers, orchestrators and the container's HEALTHCHECK.

/health/ says the process answers requests and touches nothing else: it is cheap enough to poll
often, and a database outage does not make every web process look dead. /health/ready/ also checks
that the database answers, for whatever should stop routing traffic to the process when it does not.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse

logger = logging.getLogger(__name__)


def live(request: HttpRequest) -> JsonResponse:
    """The process is up: no database query, no session, nothing cached."""
    return JsonResponse({"status": "ok"})


def ready(request: HttpRequest) -> JsonResponse:
    """The process can serve requests that need the database: 503 when the database fails."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Readiness check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
