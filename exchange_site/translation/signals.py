"""Publishing a page queues its translation; the pipeline's own publishes do not.

Two switches: ``MACHINE_TRANSLATION["AUTO_TRANSLATE_ON_PUBLISH"]`` (the
deployment's, off in tests) and, per page type, Settings → Translation in the
admin (the editors').
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction

from wagtail.signals import page_published

_pipeline_writing: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "pipeline_writing", default=False
)


@contextmanager
def pipeline_writing() -> Iterator[None]:
    """Mark publishes made by the pipeline itself, so they do not queue another job."""
    token = _pipeline_writing.set(True)
    try:
        yield
    finally:
        _pipeline_writing.reset(token)


def auto_translate_enabled() -> bool:
    return settings.MACHINE_TRANSLATION.get("AUTO_TRANSLATE_ON_PUBLISH", False)


def queue_translation_on_publish(sender, instance, revision=None, **kwargs) -> None:
    if _pipeline_writing.get() or not auto_translate_enabled():
        return
    if not hasattr(instance, "source_language"):
        return
    from .jobs import enqueue_translation
    from .models import TranslationSettings

    if not TranslationSettings.load().translates_on_publish(instance):
        return

    user = getattr(revision, "user", None)
    transaction.on_commit(lambda: enqueue_translation(instance, requested_by=user))


page_published.connect(queue_translation_on_publish, dispatch_uid="translation_on_publish")
