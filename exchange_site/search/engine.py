"""One search, from the query typed to ranked pages, snippets and a suggestion.

The view and the search-quality tests both call ``run``, so the tests measure
the ranking readers get (the view then only groups the pages by type).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from wagtail.models import Page

from .index import ensure_index_fresh
from .query import Snippet, matching_rows, parse, rank_hits, snippets, unmatched_terms
from .suggestions import did_you_mean

MAX_RESULTS = 100


@dataclass
class Result:
    page: Page
    snippet: Snippet | None


@dataclass
class Outcome:
    results: list[Result]  # best first
    suggestion: str | None  # the query with words found nowhere corrected


def run(query: str, visible: QuerySet, reader_language: str, hide_drafts: bool) -> Outcome:
    """Search the pages of ``visible`` (a ``for_reader`` queryset) for ``query``.

    ``hide_drafts``: whether unreviewed machine drafts are hidden from this reader
    (then they are neither matched nor quoted).
    """
    ensure_index_fresh()
    parsed = parse(query)
    rows = matching_rows(parsed, visible, hide_drafts)
    hits = rank_hits(parsed, rows, reader_language)[:MAX_RESULTS]
    pages = {page.pk: page for page in visible.filter(pk__in=[h.page_id for h in hits]).specific()}
    found = snippets(hits, reader_language, hide_drafts)
    results = [Result(pages[h.page_id], found.get(h.page_id)) for h in hits if h.page_id in pages]
    unmatched = unmatched_terms(parsed, rows)
    # A word found nowhere: the results lack something the reader asked for.
    suggestion = did_you_mean(parsed, unmatched, visible, hide_drafts) if unmatched else None
    return Outcome(results, suggestion)
