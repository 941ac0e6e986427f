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

_auto_translation_paused: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "auto_translation_paused", default=False
)


@contextmanager
def auto_translation_paused() -> Iterator[None]:
    """Publishes inside this block queue no translation job.

    Used by the pipeline and the review view for their own writes (which must
    not translate again) and by bulk loads such as the demo content.
    """
    token = _auto_translation_paused.set(True)
    try:
        yield
    finally:
        _auto_translation_paused.reset(token)


def auto_translate_enabled() -> bool:
    return settings.MACHINE_TRANSLATION.get("AUTO_TRANSLATE_ON_PUBLISH", False)


def queue_translation_on_publish(sender, instance, revision=None, **kwargs) -> None:
    if _auto_translation_paused.get() or not auto_translate_enabled():
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
