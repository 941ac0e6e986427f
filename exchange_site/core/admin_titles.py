"""How the admin names a page: by its source-language title, or in the editor's language
once a person wrote or reviewed that title — never by an unreviewed machine title.

Wagtail names pages through ``get_admin_display_title()`` (explorer, edit
header, breadcrumbs, choosers, messages); ``ExchangePage`` answers with
``admin_title``. Whether a title is reviewed comes from the translation
pipeline (``registry.ReviewStates``) as an annotation: listings and choosers
load it with their pages (``with_admin_titles``), a page loaded alone asks once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

from wagtail.models import Page

from modeltranslation.utils import build_localized_fieldname

from .registry import review_states


def unreviewed_title_attribute(language: str) -> str:
    """The annotation saying a page's ``language`` title awaits review."""
    return f"admin_title_unreviewed_{language}"


def with_admin_titles(pages: QuerySet, language: str | None = None) -> QuerySet:
    """``pages`` annotated so that naming them in ``language`` costs no query per page."""
    language = language or get_language()
    return review_states().annotate_unreviewed_title(
        pages, language, unreviewed_title_attribute(language)
    )


def pages_named_for_admin(page_ids: Iterable[int]) -> dict[int, Page]:
    """The specific pages of ``page_ids`` by id, loaded to be named without a query each."""
    pages = with_admin_titles(Page.objects.filter(pk__in=set(page_ids))).defer_streamfields()
    return {page.pk: page for page in pages.specific()}


def source_title(page: Any) -> str:
    """The title in the page's source language, of its latest draft.

    ``draft_title`` is the latest revision's title, kept in the source language
    by ``ExchangePage.save``; a page without unpublished changes has it in its row.
    """
    own = getattr(page, build_localized_fieldname("title", page.source_language), None)
    if page.has_unpublished_changes and page.draft_title:
        return page.draft_title
    return own or page.draft_title or ""


def _title_unreviewed(page: Any, language: str) -> bool:
    name = unreviewed_title_attribute(language)
    if name not in page.__dict__:
        loaded = with_admin_titles(Page.objects.filter(pk=page.pk), language)
        setattr(page, name, bool(loaded.values_list(name, flat=True).first()))
    return bool(getattr(page, name))


def admin_title(page: Any) -> str:
    """The name of ``page`` for an editor reading the active language."""
    language = get_language()
    if page.pk and language != page.source_language:
        translated = getattr(page, build_localized_fieldname("title", language), None)
        if translated and not _title_unreviewed(page, language):
            return translated
    return source_title(page)
