"""Keeping the search index (``models``) in step with the pages, lazily.

Any save of a page, and any save of a row that points at a page
(inline objects, translation statuses, ...), drops that page's index rows:
two quick deletes, so publishing stays fast. The next search indexes every
page that has no rows (``ensure_index_fresh``) before it matches anything, so
a search never misses a change and costs nothing when nothing changed. The
translation pipeline writes statuses in bulk, which sends no signal; it sends
``registry.translation_state_changed`` instead.

Deleted pages lose their rows with them (foreign keys). Whether a page is
live and whether this reader may see it (privacy) is not part of the index:
every search asks ``for_reader`` afresh, so unpublishing, moving and privacy
changes need no reindexing.

Why lazily and not when the page is saved: a page is saved several times per
edit (revisions, publishing) and in bulk by the demo loader and the tests;
indexing only when someone searches does the work once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from contextlib import nullcontext
from typing import Any

from django.apps import apps as global_apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models.signals import post_save

from wagtail.models import Page
from wagtail.search import index

from modeltranslation.utils import build_localized_fieldname

from exchange_site.core.i18n import translated_field_names
from exchange_site.core.languages import LANGUAGE_CODES
from exchange_site.core.registry import draft_display, translation_state_changed

from .models import IndexedWord, SearchDocument
from .text import fold, stem, words

#: Index columns are this long; longer words are cut (they are never typed anyway).
COLUMN_LENGTH = 64


def mark_stale(page_id: int | None) -> None:
    """Drop a page's index rows; the next search indexes it again."""
    if page_id is not None:
        SearchDocument.objects.filter(page_id=page_id).delete()
        IndexedWord.objects.filter(page_id=page_id).delete()


def _points_at_a_page(model: type) -> bool:
    """Whether ``model`` has a ``page`` foreign key to a page (inline objects, statuses, ...)."""
    try:
        field = model._meta.get_field("page")
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.ForeignKey) and issubclass(field.related_model, Page)


def _on_save(sender: type, instance: Any, **kwargs: Any) -> None:
    if sender._meta.apps is not global_apps or sender in (SearchDocument, IndexedWord):
        return  # a migration's historical model (our tables may not exist yet), or our own
    if isinstance(instance, Page):
        mark_stale(instance.pk)
    elif _points_at_a_page(sender):
        mark_stale(instance.page_id)


def _on_translation_state_changed(sender: type, page_id: int, **kwargs: Any) -> None:
    mark_stale(page_id)


def connect_index_maintenance() -> None:
    # Not ``post_delete``: a receiver for every model would stop Django's fast deletes
    # everywhere, and a deleted page takes its rows along (inline objects are removed
    # by saving their page).
    post_save.connect(_on_save, dispatch_uid="search_index")
    translation_state_changed.connect(_on_translation_state_changed, dispatch_uid="search_index")


def _searchable_field_names(model: type[Page]) -> list[str]:
    """The page type's ``SearchField``s (what its app wants found), each once, in order."""
    fields = model.get_search_fields()
    return list(dict.fromkeys(f.field_name for f in fields if isinstance(f, index.SearchField)))


def _field_text(page: Page, column: str) -> str:
    """A column's text as Wagtail indexes it (rich text and StreamFields without markup)."""
    value = getattr(page, column, None)
    if value in (None, ""):
        return ""
    field = page._meta.get_field(column)
    if hasattr(field, "get_searchable_content"):
        return "\n".join(str(part) for part in field.get_searchable_content(value) if part)
    return str(value)


def page_texts(page: Page) -> dict[tuple[str, bool], dict[str, str]]:
    """The page's text per (language, is a machine draft) and field, as readers are shown it.

    A translation language holds only what is translated into it (no
    fallback); fields that are not translatable belong to the source language.
    """
    source = getattr(page, "source_language", settings.LANGUAGE_CODE)
    translated = set(translated_field_names(type(page)))
    # wagtail-modeltranslation adds each language column (``title_de``) as a search field.
    columns = {build_localized_fieldname(n, code) for n in translated for code in LANGUAGE_CODES}
    texts: dict[tuple[str, bool], dict[str, str]] = {(source, False): {}}
    for name in _searchable_field_names(type(page)):
        if name in columns:
            continue
        if name not in translated:
            texts[source, False][name] = _field_text(page, name)
            continue
        for code in LANGUAGE_CODES:
            text = _field_text(page, build_localized_fieldname(name, code))
            if text:
                machine = code != source and name in draft_display().machine_fields(page, code)
                texts.setdefault((code, machine), {})[name] = unicodedata.normalize("NFC", text)
    return texts


def index_pages(pages: Iterable[Page], replace: bool = True) -> None:
    """(Re)write the documents and words of ``pages`` (specific instances).

    ``replace=False`` for pages known to have no rows: two queries in all.
    The document (for snippets) leaves the title out: results show it anyway.
    """
    documents: list[SearchDocument] = []
    indexed_words: list[IndexedWord] = []
    page_ids = []
    for page in pages:
        page_ids.append(page.pk)
        for (code, machine), fields in page_texts(page).items():
            body = "\n".join(text for name, text in fields.items() if name != "title" and text)
            documents.append(SearchDocument(page=page, language=code, machine=machine, text=body))
            title = {match.group().lower() for match in words(fields.get("title", ""))}
            seen: dict[str, tuple[str, str]] = {}
            for match in words("\n".join(fields.values())):
                word = match.group().lower()
                if word not in seen:
                    folded = fold(word)
                    seen[word] = (folded, stem(folded, code))
            indexed_words.extend(
                IndexedWord(
                    page=page,
                    language=code,
                    machine=machine,
                    stem=stemmed[:COLUMN_LENGTH],
                    word=word[:COLUMN_LENGTH],
                    folded=folded[:COLUMN_LENGTH],
                    in_title=word in title,
                )
                for word, (folded, stemmed) in seen.items()
            )
    with transaction.atomic() if replace else nullcontext():
        if replace:
            SearchDocument.objects.filter(page_id__in=page_ids).delete()
            IndexedWord.objects.filter(page_id__in=page_ids).delete()
        # Two searches may index the same page at once: both write the same rows. Words
        # go in first, so a page is never taken for indexed (it has a document) without them.
        IndexedWord.objects.bulk_create(indexed_words, ignore_conflicts=True)
        SearchDocument.objects.bulk_create(documents, ignore_conflicts=True)


def ensure_index_fresh() -> int:
    """Index every page that has no index rows yet; returns how many were indexed.

    One query when nothing changed. Not-live and private pages are indexed
    too: the search filters them per reader.
    """
    stale = Page.objects.filter(depth__gt=1).exclude(
        pk__in=SearchDocument.objects.values("page_id")
    )
    pages = list(stale.specific())
    if pages:
        index_pages(pages, replace=False)
    return len(pages)
