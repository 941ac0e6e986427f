"""What readers see of machine translation: marked drafts, or the original instead.

``TranslationDisplayMiddleware`` reads Settings → Translation (cached) per request.
When unreviewed machine drafts are to be hidden, ``exchange_site.core.i18n`` asks
``may_show`` before showing a language's text, and a machine draft falls back
to the source language like a missing translation. Either way, templates ask
``machine_draft_fields`` to tell readers which fields are machine-translated.
"""

from __future__ import annotations

import contextvars
from typing import Any

from django.core.cache import cache

from exchange_site.core.content_cache import CACHE_SECONDS, page_cache_version

from .fields import field_key
from .models import TranslationSettings, TranslationStatus
from .snippets import is_translatable_snippet
from .snippets import machine_fields as snippet_machine_fields

_hide_drafts: contextvars.ContextVar[bool] = contextvars.ContextVar("hide_drafts", default=False)
_CACHE = "_machine_draft_fields"


class TranslationDisplayMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        hide = False
        if not request.path.startswith(("/admin/", "/static/", "/media/", "/documents/")):
            hide = not TranslationSettings.readers_see_machine_drafts()
        token = _hide_drafts.set(hide)
        try:
            return self.get_response(request)
        finally:
            _hide_drafts.reset(token)


def machine_drafts_hidden() -> bool:
    """Whether this request shows the original instead of unreviewed machine drafts."""
    return _hide_drafts.get()


def _page_of(instance: Any):
    return getattr(instance, "page", instance)


def machine_draft_fields(page: Any, language: str) -> set[str]:
    """Keys of ``page``'s fields whose text in ``language`` is an unreviewed machine draft.

    Kept on the page object for the request, and in the cache under the page's
    version (drafts and reviews reach readers by publishing, and the worker's
    drafts by ``translation_state_changed``, which bump it; see
    ``exchange_site.core.content_cache``).
    """
    per_page = page.__dict__.setdefault(_CACHE, {})
    if language not in per_page:
        # A routed page's version was read before its row (``ExchangePage.cache_version``).
        version = getattr(page, "cache_version", None) or page_cache_version(page.pk)
        key = f"machine-drafts:{version}:{page.pk}:{language}"
        fields = cache.get(key)
        if fields is None:
            fields = set(
                TranslationStatus.objects.filter(
                    page_id=page.pk, language=language, state=TranslationStatus.State.MACHINE
                ).values_list("field", flat=True)
            )
            cache.set(key, fields, CACHE_SECONDS)
        per_page[language] = fields
    return per_page[language]


def status_key(instance: Any, field_name: str) -> str:
    """The status key of a page's field, or of an inline object's (by its ``inline_key``)."""
    page = _page_of(instance)
    if page is instance:
        return field_name
    relation = instance._meta.get_field("page").remote_field.related_name
    return field_key(relation, instance, field_name)


def may_show(instance: Any, field_name: str, language: str) -> bool:
    """False for an unreviewed machine draft while the site hides them."""
    if not _hide_drafts.get():
        return True
    if is_translatable_snippet(instance):
        return field_name not in snippet_machine_fields(instance, language)
    page = _page_of(instance)
    if getattr(page, "pk", None) is None:
        return True
    return status_key(instance, field_name) not in machine_draft_fields(page, language)


class MachineDraftDisplay:
    """The core's ``DraftDisplay`` (``exchange_site.core.registry``), registered in ``ready()``."""

    hidden = staticmethod(machine_drafts_hidden)
    machine_fields = staticmethod(machine_draft_fields)
    may_show = staticmethod(may_show)
