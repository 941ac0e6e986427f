"""``/healthz``: is the database answering, and is the translation queue moving?

For load balancers, systemd watchdogs and monitoring. It answers 200 while
the database answers a trivial query and 503 when it does not; it reports
the age of the oldest queued translation job (a queue that only grows older
means no worker is running) and how many are queued. It names no page, user
or setting, and is never cached.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from csp.decorators import csp_exempt

from exchange_site.translation.models import TranslationJob

logger = logging.getLogger(__name__)


@csp_exempt()
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
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
