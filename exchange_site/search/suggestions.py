"""“Did you mean …”: the nearest words of the pages this reader may see, for words found nowhere.

Candidates come from the index's words of the visible pages only (a private
page's vocabulary must not leak), of about the query word's length. On
PostgreSQL, ``pg_trgm``'s similarity operator (``%``) picks them; on SQLite,
the length window alone does. Either way the winner is chosen the same way in
Python: the smallest edit distance on folded words (``rapidfuzz``, C++;
at most 1 edit for words of up to 5 letters, 2 above), then the word on the
most pages. Measured in ``benchmarks/search_quality.py``.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, F, QuerySet, Value
from django.db.models.functions import Length

from rapidfuzz.distance import Levenshtein

from .models import IndexedWord
from .query import ParsedQuery
from .text import fold

MIN_WORD_LENGTH = 3
#: On PostgreSQL, the most trigram-similar words compared (SQLite compares the length window).
CANDIDATES = 200


def max_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def _candidates(
    folded: str, visible_pages: QuerySet, hide_machine_drafts: bool
) -> list[tuple[str, str, int]]:
    """(word, folded word, number of pages) of visible pages ``folded`` could have meant."""
    words = IndexedWord.objects.filter(page_id__in=visible_pages.values("pk"))
    if hide_machine_drafts:
        words = words.filter(machine=False)
    slack = max_edits(folded)
    words = words.annotate(length=Length("folded")).filter(
        length__gte=len(folded) - slack, length__lte=len(folded) + slack
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.contrib.postgres.search import TrigramSimilarity

        words = (
            words.filter(TrigramSimilar(F("folded"), Value(folded)))
            .annotate(similarity=TrigramSimilarity("folded", folded))
            .order_by("-similarity")
        )
    rows = words.values("word", "folded").annotate(pages=Count("page_id", distinct=True))
    if connection.vendor == "postgresql":
        rows = rows[:CANDIDATES]
    return [(row["word"], row["folded"], row["pages"]) for row in rows]


def nearest_word(typed: str, visible_pages: QuerySet, hide_machine_drafts: bool) -> str | None:
    """The visible word nearest to ``typed`` within ``max_edits``, or None."""
    folded = fold(typed)
    limit = max_edits(folded)
    best: tuple[int, int, str] | None = None
    for word, candidate, pages in _candidates(folded, visible_pages, hide_machine_drafts):
        distance = Levenshtein.distance(folded, candidate, score_cutoff=limit)
        if 0 < distance <= limit and (best is None or (distance, -pages, word) < best):
            best = (distance, -pages, word)
    return best[2] if best else None


def in_case_of(typed: str, word: str) -> str:
    """``word`` (indexed in lower case) capitalised the way the reader typed: a German
    reader who typed "Artotehk" is offered "Artothek", not "artothek"."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def did_you_mean(
    parsed: ParsedQuery,
    unmatched: list[int],
    visible_pages: QuerySet,
    hide_machine_drafts: bool,
) -> str | None:
    """The query with each word found nowhere replaced by its nearest visible word."""
    text, corrected = parsed.text, False
    for position in reversed(unmatched):
        start, end = parsed.spans[position]
        typed = text[start:end]
        if len(typed) < MIN_WORD_LENGTH:
            continue
        word = nearest_word(typed, visible_pages, hide_machine_drafts)
        if word:
            text, corrected = text[:start] + in_case_of(typed, word) + text[end:], True
    return text if corrected else None
