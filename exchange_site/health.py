"""``/healthz``: is the database answering, and is the translation queue moving?

For load balancers, systemd watchdogs and monitoring. It answers 200 while
the database answers a trivial query and 503 when it does not; it reports
the age of the oldest queued translation job (a queue that only grows older
means no worker is running) and how many are queued. It names no page, user
or setting, and is never cached.

It is a middleware, first in ``MIDDLEWARE``, rather than a view: the
middlewares after it read the database (sessions, translation display
settings), check the host and redirect to HTTPS, so with the database down a
view would never be reached (a 500 instead of the 503), and a checker on the
server itself would have to pretend to be the public host over TLS.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from exchange_site.translation.models import TranslationJob

logger = logging.getLogger(__name__)
HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers ``/healthz`` itself; every other request passes on untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        response = health_response()
        add_never_cache_headers(response)
        response["X-Content-Type-Options"] = "nosniff"
        return response


def health_response() -> JsonResponse:
    """200 with the queue's state, or 503 naming only which part failed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        queued = TranslationJob.objects.filter(status=TranslationJob.Status.QUEUED)
        oldest = queued.order_by("created_at").values_list("created_at", flat=True).first()
        count = queued.count()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    age = round((timezone.now() - oldest).total_seconds(), 1) if oldest else None
    return JsonResponse(
        {
            "status": "ok",
            "database": "ok",
            "queued_translation_jobs": count,
            "oldest_queued_translation_job_age_seconds": age,
        }
    )
