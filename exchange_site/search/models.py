"""The site search's own index: each page's text per language, and its words stemmed.

Why a table of our own and not Wagtail's search index: Wagtail (with
wagtail-modeltranslation) puts all four language columns of a page into one
search document, so no single stemmer fits it and the reader's language cannot
be ranked first. Here each language's text is a row of its own, stemmed with
that language's stemmer (``exchange_site.search.text``).

Why one inverted index matched by the same ORM code on SQLite and PostgreSQL,
and not FTS5 on one and ``tsvector`` on the other: the ranking we want is by
language and recency, not by BM25 or ``ts_rank``; the typo suggestions need
the vocabulary of the pages *this reader* may see (a private page's words
must not leak through "Did you mean"), which a per-page word table gives and
an FTS5 or ``tsvector`` column does not; and the stemming, folding and
matching are then one piece of Python, tested once, behaving the same on both
databases. PostgreSQL's own part is ``pg_trgm``: it picks candidate words for
typo suggestions (``exchange_site.search.suggestions``).
"""

from __future__ import annotations

from django.db import models

from wagtail.models import Page


class SearchDocument(models.Model):
    """A page's searchable text in one language, as readers are shown it (for snippets).

    ``machine`` marks the text of fields that are unreviewed machine drafts; a
    page with machine drafts in a language has two documents there. A page has
    at least one document (its source language), so a page with none is one
    that still has to be indexed.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    machine = models.BooleanField(default=False)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "machine"], name="search_document_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id}/{self.language}{'/machine' if self.machine else ''}"


class IndexedWord(models.Model):
    """One word of a page's text in one language: its folded stem (matched) and as written.

    ``word`` is the word in lower case as the page spells it: what "Did you
    mean" offers.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    machine = models.BooleanField(default=False)
    stem = models.CharField(max_length=64)
    word = models.CharField(max_length=64)
    #: The word folded (``text.fold``): what "Did you mean" compares.
    folded = models.CharField(max_length=64)
    #: The word is in the page's title in this language: the page is about it.
    in_title = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "machine", "word"], name="indexed_word_unique"
            )
        ]
        indexes = [models.Index(fields=["stem", "language"], name="indexed_word_stem")]

    def __str__(self) -> str:
        return f"{self.word} ({self.language}: {self.stem})"
