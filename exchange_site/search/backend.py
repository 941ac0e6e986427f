"""Wagtail's database search backend, made safe for any text a visitor types.

Two things in a query string reach the database unprotected in Wagtail 8
(modelsearch), and each one is a server error in the reader's search and in
the admin's page search alike:

- On SQLite, every term is wrapped in FTS5 double quotes without doubling the
  quotes inside it, so an odd number of ``"`` (``?q="unbalanced``) is an
  unterminated FTS5 string (wagtail/wagtail issue 13227, open). We spell a
  literal quote the way FTS5 does (``""``).
- A NUL byte ends SQLite's string early and is refused by PostgreSQL. Control
  characters are never part of a word, so they are removed from every query,
  with the same cleaning that is applied to text when it is saved.
- A query of hundreds of words is compiled into an expression nested once per
  word, and Django's SQL compiler recurses past Python's limit (about 600
  words). Only the first ``MAX_QUERY_WORDS`` words are searched.

Otherwise the backend is exactly the one Wagtail picks for the default database.
"""

from __future__ import annotations

from django.db import connection

from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.search.query import And, Not, Or, Phrase, PlainText

from exchange_site.core.text_cleaning import strip_control_characters

MAX_QUERY_WORDS = 32


class HostileQueryCleaning:
    """Mixed into Wagtail's chosen backend: cleans the query before it is compiled."""

    escape_fts5_quotes = False

    def _clean_text(self, text: str) -> str:
        text = " ".join(strip_control_characters(text, line_break=" ").split()[:MAX_QUERY_WORDS])
        return text.replace('"', '""') if self.escape_fts5_quotes else text

    def _clean_query(self, query):
        if isinstance(query, str):
            return self._clean_text(query)
        if isinstance(query, PlainText):
            text = self._clean_text(query.query_string)
            return PlainText(text, operator=query.operator, boost=query.boost)
        if isinstance(query, Phrase):
            return Phrase(self._clean_text(query.query_string))
        if isinstance(query, (And, Or)):
            return type(query)([self._clean_query(subquery) for subquery in query.subqueries])
        if isinstance(query, Not):
            return Not(self._clean_query(query.subquery))
        return query

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(
            query_compiler_class, self._clean_query(query), model_or_queryset, **kwargs
        )


def _uses_fts5(backend_class: type) -> bool:
    if connection.vendor != "sqlite":
        return False  # the SQLite backend module cannot even be imported elsewhere
    from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return issubclass(backend_class, SQLiteSearchBackend)


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """The backend Wagtail would pick for the default database, with queries cleaned."""
    chosen = type(DatabaseSearchBackend(params))
    safe = type(
        f"Cleaning{chosen.__name__}",
        (HostileQueryCleaning, chosen),
        {"escape_fts5_quotes": _uses_fts5(chosen)},
    )
    return safe(params)
