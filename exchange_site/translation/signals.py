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
from .tasks import enqueue_translation


def auto_translate_enabled() -> bool:
    return settings.MACHINE_TRANSLATION.get("AUTO_TRANSLATE_ON_PUBLISH", False)


def queue_translation_on_publish(sender, instance, revision=None, **kwargs) -> None:
    if auto_translation_is_paused() or not auto_translate_enabled():
        return
    if not hasattr(instance, "source_language"):
        return
    if not TranslationSettings.load().translates_on_publish(instance):
        return

    user = getattr(revision, "user", None)
    transaction.on_commit(lambda: enqueue_translation(instance, requested_by=user))


page_published.connect(queue_translation_on_publish, dispatch_uid="translation_on_publish")
