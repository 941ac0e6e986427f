"""Slugs from translated titles, transliterated the way people write them in ASCII.

Django's ``slugify`` (and Wagtail's, which calls it) strips accents by Unicode
decomposition and silently drops every letter that does not decompose, so
"Højtlæsning på Ølstykke" becomes "hjtlsning-pa-lstykke". Unidecode-style
libraries keep the letters but use one table for all languages (ä → a, å → a),
which is wrong for Danish and German addresses. The conventions are a handful
of letters, so they are written out here, per target language:

- æ, ø, œ and ß have no decomposition; they read the same in every language
  (ae, oe, oe, ss);
- å, ä, ö and ü are letters of their own in Danish and German (aa, ae, oe, ue)
  and in English addresses, which borrow Danish and German names; in French
  they are accented vowels, and like every other accent the accent is dropped.

What is left goes through Django's ``slugify``.
"""

from __future__ import annotations

from functools import cache

from django.utils.text import slugify

from exchange_site.core.languages import LANGUAGES_BY_CODE

_EVERY_LANGUAGE = {"æ": "ae", "ø": "oe", "œ": "oe", "ß": "ss", "ẞ": "ss"}
_OWN_LETTERS = {"å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"}


@cache
def _table(language: str) -> dict[int, str]:
    letters = dict(_EVERY_LANGUAGE)
    if LANGUAGES_BY_CODE[language].spells_out_umlauts:
        letters |= _OWN_LETTERS
    capitals = {
        letter.upper(): text for letter, text in letters.items() if len(letter.upper()) == 1
    }
    return str.maketrans(letters | capitals)


def transliterated_slug(title: str, language: str) -> str:
    """An ASCII slug of ``title`` in ``language``: "Straße über Äpfel" → "strasse-ueber-aepfel"."""
    return slugify(title.translate(_table(language)), allow_unicode=False)
