"""What a query means, which pages it finds, in which order, and what to highlight.

A query is a list of *concepts*, one per word typed — or one per glossary term
found in it, whose renderings in the other languages become alternatives
("Artotek" finds pages saying "Artothek" or "artothèque"). A word matches an
indexed word of a page when both stem alike in the same language (the word is
stemmed with all four stemmers: we do not know the reader's language of
typing), or, for stems of at least ``COMPOUND_STEM_LENGTH`` letters, when the
indexed stem contains it (German and Danish compounds: "Bibliothek" finds
"Schulbibliothek").

Pages that match every concept are the results; when none does, pages that
match the most. Among them: the reader's language first (text the page has
in it, reviewed or original, above an unreviewed machine draft, above a
match only in another language), then pages with the words in their title
(what the page is about, not what it mentions), then the most recently
published.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from exchange_site.core.languages import LANGUAGE_CODES
from exchange_site.core.registry import synonym_groups
from exchange_site.core.text_cleaning import strip_control_characters

from .models import IndexedWord, SearchDocument
from .text import fold, stem, words

#: Only the first words of a query are searched (hostile 600-word queries).
MAX_QUERY_WORDS = 32
COMPOUND_STEM_LENGTH = 5
SNIPPET_WORDS = 30
SNIPPET_LEAD_WORDS = 8
OLDEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Term:
    """One word of a query or of a glossary term, folded and stemmed in every language."""

    folded: str
    stems: tuple[tuple[str, str], ...]

    @classmethod
    @lru_cache(maxsize=20_000)
    def of(cls, word: str) -> Term:
        """Cached: the glossary's terms are looked at on every search."""
        folded = fold(word)
        return cls(folded, tuple((code, stem(folded, code)) for code in LANGUAGE_CODES))

    def stem_in(self, code: str) -> str:
        return self.by_language[code]

    @cached_property
    def by_language(self) -> dict[str, str]:
        return dict(self.stems)

    def matches(self, code: str, indexed_stem: str) -> bool:
        mine = self.stem_in(code)
        return indexed_stem == mine or (len(mine) >= COMPOUND_STEM_LENGTH and mine in indexed_stem)


@dataclass
class Concept:
    """Words of the query that must be found, in one of several ways (glossary synonyms)."""

    start: int  # position of the first query word it covers
    end: int  # after the last one
    alternatives: list[tuple[Term, ...]]


@dataclass
class ParsedQuery:
    text: str
    spans: list[tuple[int, int]]  # where each searched word is in ``text``
    terms: list[Term]  # one per searched word
    concepts: list[Concept]

    @cached_property
    def all_terms(self) -> list[Term]:
        found = [
            term for c in self.concepts for alternative in c.alternatives for term in alternative
        ]
        return list(dict.fromkeys(found))


def clean_query(raw: str) -> str:
    """The query as searched: control characters and extra spaces gone."""
    return " ".join(strip_control_characters(raw, line_break=" ").split())


def _glossary_renderings() -> list[list[tuple[str, tuple[Term, ...]]]]:
    """Each glossary group's renderings as (language, terms), for matching query words."""
    groups = []
    for group in synonym_groups():
        renderings = []
        for code, written in group.items():
            terms = tuple(Term.of(match.group()) for match in words(written))
            if terms:
                renderings.append((code, terms))
        groups.append(renderings)
    return groups


def parse(raw: str) -> ParsedQuery:
    """Words and glossary terms of a query; a glossary term may span several words."""
    text = clean_query(raw)
    matches = list(words(text))[:MAX_QUERY_WORDS]
    terms = [Term.of(match.group()) for match in matches]
    glossary = _glossary_renderings() if terms else []
    concepts: list[Concept] = []
    position = 0
    while position < len(terms):
        best: tuple[int, list] | None = None
        for renderings in glossary:
            for code, rendering in renderings:
                length = len(rendering)
                typed = terms[position : position + length]
                same = len(typed) == length and all(
                    t.stem_in(code) == r.stem_in(code)
                    for t, r in zip(typed, rendering, strict=True)
                )
                if same and (best is None or length > best[0]):
                    best = (length, renderings)
        length = best[0] if best else 1
        alternatives = [tuple(terms[position : position + length])]
        if best:
            alternatives += [rendering for _code, rendering in best[1]]
        concepts.append(Concept(position, position + length, list(dict.fromkeys(alternatives))))
        position += length
    return ParsedQuery(text, [m.span() for m in matches], terms, concepts)


@dataclass(frozen=True)
class Row:
    """An index row that matched a query term."""

    page_id: int
    language: str
    machine: bool
    stem: str
    word: str
    in_title: bool
    published: datetime.datetime


@dataclass
class Hit:
    """A page the query found, with what ranks it and what to highlight."""

    page_id: int
    concepts_matched: int
    tier: int
    in_title: int  # concepts found in the page's title
    published: datetime.datetime
    #: Words to mark, per (language, machine) document.
    marked: dict[tuple[str, bool], set[str]] = field(default_factory=dict)

    def rank(self) -> tuple:
        return (-self.concepts_matched, self.tier, -self.in_title, -self.published.timestamp())


def tier(row_language: str, machine: bool, reader_language: str) -> int:
    """0: the reader's language, reviewed or original; 1: its machine draft; 2: another one."""
    if row_language != reader_language:
        return 2
    return 1 if machine else 0


def _condition(terms: list[Term]) -> Q:
    """Index rows any of ``terms`` may match, one condition per distinct stem.

    Stems are often the same in several languages; the compound (``contains``)
    comparison is the expensive one, so each distinct stem is compared once.
    """
    languages_of: dict[str, set[str]] = defaultdict(set)
    for term in terms:
        for code, stemmed in term.stems:
            languages_of[stemmed].add(code)
    exact: dict[frozenset[str], list[str]] = defaultdict(list)
    condition = Q()
    for stemmed, codes in languages_of.items():
        if len(stemmed) >= COMPOUND_STEM_LENGTH:
            condition |= Q(stem__contains=stemmed, language__in=sorted(codes))
        else:
            exact[frozenset(codes)].append(stemmed)
    for codes, stems in exact.items():
        condition |= Q(stem__in=sorted(stems), language__in=sorted(codes))
    return condition


def matching_rows(
    parsed: ParsedQuery, visible_pages: QuerySet, hide_machine_drafts: bool
) -> list[Row]:
    """Index rows of visible pages that match any term of the query (one query)."""
    if not parsed.all_terms:
        return []
    rows = IndexedWord.objects.filter(
        _condition(parsed.all_terms), page_id__in=visible_pages.values("pk")
    )
    if hide_machine_drafts:
        rows = rows.filter(machine=False)
    return [
        Row(page_id, language, machine, stemmed, word, in_title, published or OLDEST)
        for page_id, language, machine, stemmed, word, in_title, published in rows.values_list(
            "page_id", "language", "machine", "stem", "word", "in_title", "page__last_published_at"
        )
    ]


def rank_hits(parsed: ParsedQuery, rows: Iterable[Row], reader_language: str) -> list[Hit]:
    """Pages matching every concept (or, when none does, the most), best first."""
    by_page: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_page[row.page_id].append(row)
    hits = []
    for page_id, page_rows in by_page.items():
        matched, in_title, used = 0, 0, []
        for concept in parsed.concepts:
            for alternative in concept.alternatives:
                found = [
                    [row for row in page_rows if term.matches(row.language, row.stem)]
                    for term in alternative
                ]
                if all(found):
                    matched += 1
                    in_title += all(any(row.in_title for row in rows) for rows in found)
                    used += [row for rows_of_term in found for row in rows_of_term]
                    break
        if not matched:
            continue
        hit = Hit(
            page_id,
            matched,
            min(tier(row.language, row.machine, reader_language) for row in used),
            in_title,
            page_rows[0].published,
        )
        for row in used:
            hit.marked.setdefault((row.language, row.machine), set()).add(row.word)
        hits.append(hit)
    best = max((hit.concepts_matched for hit in hits), default=0)
    return sorted((hit for hit in hits if hit.concepts_matched == best), key=Hit.rank)


def unmatched_terms(parsed: ParsedQuery, rows: Iterable[Row]) -> list[int]:
    """Positions of query words that no visible page has in any language."""
    rows = list(rows)
    return [
        position
        for position, term in enumerate(parsed.terms)
        if not any(term.matches(row.language, row.stem) for row in rows)
        and not _covered_by_synonym(parsed, position, rows)
    ]


def _covered_by_synonym(parsed: ParsedQuery, position: int, rows: list[Row]) -> bool:
    for concept in parsed.concepts:
        if concept.start <= position < concept.end:
            return any(
                all(any(t.matches(r.language, r.stem) for r in rows) for t in alternative)
                for alternative in concept.alternatives[1:]
            )
    return False


@dataclass(frozen=True)
class Snippet:
    language: str
    html: SafeString


def _between_words(gap: str) -> str:
    """What separates two words in a snippet: a field or paragraph break becomes " · ".

    A snippet is one line; without a mark, a heading or list item would run into
    the next sentence ("voksne Interaktiv læsning").
    """
    if "\n" not in gap:
        return gap
    kept = gap.strip()
    if kept.endswith((".", "!", "?", ":", ";", "…")):
        return f"{kept} "
    return f"{kept} · " if kept else " · "


def highlight(text: str, marked: set[str]) -> SafeString:
    """A window of ``text`` around the first marked word, escaped, marked words in ``<mark>``."""
    found = list(words(text))
    first = next((n for n, match in enumerate(found) if match.group().lower() in marked), 0)
    start = max(0, first - SNIPPET_LEAD_WORDS) if first else 0
    window = found[start : start + SNIPPET_WORDS]
    if not window:
        return escape(text[:200])
    pieces = ["… "] if start else []
    position = window[0].start()
    for match in window:
        pieces.append(escape(_between_words(text[position : match.start()])))
        word = escape(match.group())
        pieces.append(f"<mark>{word}</mark>" if match.group().lower() in marked else word)
        position = match.end()
    if window[-1].end() < len(text.rstrip()):
        pieces.append(" …")
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 - every piece escaped


def snippets(
    hits: list[Hit], reader_language: str, hide_machine_drafts: bool
) -> dict[int, Snippet]:
    """Per page, the matched words in the document that ranks best for this reader."""
    documents = SearchDocument.objects.filter(page_id__in=[hit.page_id for hit in hits])
    if hide_machine_drafts:
        documents = documents.filter(machine=False)
    texts: dict[int, dict[tuple[str, bool], str]] = defaultdict(dict)
    for page_id, language, machine, text in documents.values_list(
        "page_id", "language", "machine", "text"
    ):
        texts[page_id][language, machine] = text
    found = {}
    for hit in hits:
        candidates = texts.get(hit.page_id, {})
        if not candidates:
            continue
        key = min(
            candidates,
            key=lambda k: (k not in hit.marked, tier(k[0], k[1], reader_language)),
        )
        found[hit.page_id] = Snippet(key[0], highlight(candidates[key], hit.marked.get(key, set())))
    return found
