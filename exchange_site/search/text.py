"""Words as the search compares them: folded, then stemmed with each language's Snowball stemmer.

Text and queries go through the same two steps, so they always meet:

1. ``fold``: lower case, and the letters readers type in two ways made one —
   ß/ss, æ/ae, ø/oe, å/aa, ä/ae, ö/oe, ü/ue — then every other accent dropped
   (é → e). A Danish reader without an æ key types "ae"; a German one "ss".
2. ``stem``: the Snowball stemmer of the text's language (``snowballstemmer``,
   the stemmers PostgreSQL and Lucene use too). German's Snowball stemmer reads
   "ue" as "ü", so "Buecher" and "Bücher" both stem to "buch".

The stemmer of a language is named after its English name in the one language
table (``exchange_site.core.languages``): Snowball names its algorithms so.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator

import snowballstemmer

from exchange_site.core.languages import LANGUAGE_CODES, language

#: Letters spelled out the same way in Danish and German transliteration.
SPELLED_OUT = str.maketrans(
    {"ß": "ss", "ẞ": "ss", "æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"}
)
WORD = re.compile(r"\w+")
#: Words longer than this are not words a reader types (hashes, runs of digits).
MAX_WORD_LENGTH = 40


def fold(word: str) -> str:
    """Lower case, spelled-out Nordic and German letters, no other accents."""
    spelled = unicodedata.normalize("NFC", word).lower().translate(SPELLED_OUT)
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of ``text`` with their positions (for highlighting), over-long ones skipped."""
    for match in WORD.finditer(unicodedata.normalize("NFC", text)):
        if len(match.group()) <= MAX_WORD_LENGTH:
            yield match


_per_thread = threading.local()


def _stemmer(code: str):
    """This thread's stemmer for ``code``.

    One per thread: a Snowball stemmer keeps the word it is stemming in the
    object, so two gunicorn threads stemming at once with a shared one read
    each other's word (IndexError, or a wrong stem).
    """
    stemmers = _per_thread.__dict__.setdefault("stemmers", {})
    if code not in stemmers:
        stemmers[code] = snowballstemmer.stemmer(language(code).english_name.lower())
    return stemmers[code]


def stem(folded_word: str, code: str) -> str:
    """The stem of an already folded word in language ``code``."""
    return _stemmer(code).stemWord(folded_word)


def stems(folded_word: str) -> dict[str, str]:
    """The word's stem in every language: a query's language is not known."""
    return {code: stem(folded_word, code) for code in LANGUAGE_CODES}


def check_stemmers() -> None:
    """Fail at start-up, not at the first search, when a language has no Snowball stemmer."""
    for code in LANGUAGE_CODES:
        _stemmer(code)
