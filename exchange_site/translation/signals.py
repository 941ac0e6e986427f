"""Publishing a page queues its translation; the pipeline's own publishes do not.

Two switches: ``MACHINE_TRANSLATION["AUTO_TRANSLATE_ON_PUBLISH"]`` (the
deployment's, off in tests) and, per page type, Settings → Translation in the
admin (the editors'). Publishes inside ``pause.auto_translation_paused`` queue
nothing. Imported by the app's ``ready()``, when every model is loaded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from wagtail.signals import page_published

from .models import TranslationSettings
from .pause import auto_translation_is_paused
from .pipeline import target_languages
from .tasks import enqueue_translation


def auto_translate_enabled() -> bool:
    return settings.MACHINE_TRANSLATION.get("AUTO_TRANSLATE_ON_PUBLISH", False)


def languages_queued_on_publish(page) -> list[str]:
    """The languages a publish of ``page`` queues now; empty when it queues nothing.

    The publish signal and the admin's "published" message (``wagtail_hooks``)
    both ask here, so the message names exactly what was queued.
    """
    if auto_translation_is_paused() or not auto_translate_enabled():
        return []
    if not hasattr(page, "source_language"):
        return []
    if not TranslationSettings.load().translates_on_publish(page):
        return []
    return target_languages(page)


def queue_translation_on_publish(sender, instance, revision=None, **kwargs) -> None:
    if not languages_queued_on_publish(instance):
        return
    user = getattr(revision, "user", None)
    transaction.on_commit(lambda: enqueue_translation(instance, requested_by=user))


page_published.connect(queue_translation_on_publish, dispatch_uid="translation_on_publish")
