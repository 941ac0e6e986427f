"""Apply the partnership glossary to every provider, and check drafts against it.

Protected names match exactly; other terms match regardless of case (a
rendering is inserted as written in the glossary). Before a segment is sent,
each glossary term found in it is swapped for a
void placeholder (``<x901/>``) that comes back as the protected term itself,
or as the target language's required rendering. Providers therefore cannot
mistranslate a term; a provider that drops the placeholder fails the markup
check and its draft is rejected. ``violations`` flags drafts that still miss
a term — e.g. translations reused from memory made before a term was added.

Web and e-mail addresses written in prose are swapped for placeholders first,
so neither the glossary (``artothek@…`` stays as written) nor the provider
can change them. They are found the way Django's ``urlize`` finds them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import Urlizer

from .markup import EncodedText, escape_literals, unescape_literals
from .models import GlossaryEntry
from .placeholders import (
    outside_placeholders,
    replace_voids,
    void_placeholder,
    without_placeholders,
)

FIRST_GLOSSARY_PLACEHOLDER = 900
_URLIZER = Urlizer()
# Every address ``Urlizer`` recognises holds one of these; text without any (nearly all
# prose) skips its word-by-word scan, which would cost more than the rest of the pipeline.
_MAY_HOLD_ADDRESS = re.compile(r"@|://|www\.|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    protected: bool


def terms_for(entries, source: str, target: str) -> list[Term]:
    """The glossary as (source term → required target text) pairs, longest first."""
    terms = []
    for entry in entries:
        texts = entry.terms()
        if entry.protected:
            terms += [Term(text, text, True) for text in {t for t in texts.values() if t}]
        elif texts.get(source) and texts.get(target):
            terms.append(Term(texts[source], texts[target], False))
    return sorted(terms, key=lambda term: len(term.source), reverse=True)


def _pattern(term: str, ignore_case: bool = False) -> re.Pattern:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", flags)


def _is_address(word: str) -> bool:
    return bool(
        _URLIZER.simple_url_re.match(word)
        or _URLIZER.simple_url_2_re.match(word)
        or ("@" in word and _URLIZER.is_email_simple(word))
    )


def _replace_addresses(part: str, replace: Callable[[str], str]) -> str:
    """``part`` with each web or e-mail address (raw text) replaced by ``replace(address)``."""
    if not _MAY_HOLD_ADDRESS.search(part):
        return part
    words = _URLIZER.word_split_re.split(part)
    for index, word in enumerate(words):
        lead, middle, trail = _URLIZER.trim_punctuation(word)
        if middle and _is_address(unescape_literals(middle)):
            words[index] = lead + replace(unescape_literals(middle)) + trail
    return "".join(words)


def protect(segment: EncodedText, terms: list[Term], is_html: bool) -> EncodedText:
    """The segment as sent: addresses and glossary terms replaced by placeholders."""
    voids = dict(segment.voids)
    number = FIRST_GLOSSARY_PLACEHOLDER

    def placeholder(text: str) -> str:
        nonlocal number
        number += 1
        voids[number] = html.escape(text, quote=False) if is_html else text
        return void_placeholder(number)

    text = outside_placeholders(segment.text, lambda part: _replace_addresses(part, placeholder))
    for term in terms:
        pattern = _pattern(term.source, ignore_case=not term.protected)
        text = outside_placeholders(
            text,
            lambda part, pattern=pattern, term=term: pattern.sub(
                lambda _match: placeholder(term.target), part
            ),
        )
    return EncodedText(text=text, tags=segment.tags, voids=voids)


def unprotect(translated: str, protected: EncodedText, is_html: bool) -> str:
    """Provider output back in memory form: glossary placeholders become their text."""

    def restore(number: int) -> str:
        if number <= FIRST_GLOSSARY_PLACEHOLDER:
            return void_placeholder(number)
        value = protected.voids.get(number, "")
        return escape_literals(html.unescape(value) if is_html else value)

    return replace_voids(translated, restore)


def terms_found(source_text: str, entries, source: str, target: str) -> list[Term]:
    """The glossary terms in a source segment (memory form), for a translator's notes."""
    plain = without_placeholders(source_text, " ")
    return [
        term
        for term in terms_for(entries, source, target)
        if _pattern(term.source, ignore_case=not term.protected).search(plain)
    ]


def violations(source_text: str, translated_text: str, terms: list[Term]) -> list[str]:
    """Human-readable warnings for terms in the source whose rendering is missing."""
    plain_source, plain_target = (
        without_placeholders(_replace_addresses(text, lambda _address: " "), " ")
        for text in (source_text, translated_text)
    )
    warnings = []
    for term in terms:
        ignore_case = not term.protected
        if _pattern(term.source, ignore_case).search(plain_source) and not _pattern(
            term.target, ignore_case
        ).search(plain_target):
            if term.protected:
                warnings.append(f"“{term.source}” must stay as written.")
            else:
                warnings.append(f"“{term.source}” must be rendered as “{term.target}”.")
    return warnings


def synonym_groups() -> list[dict[str, str]]:
    """The glossary's renderings as groups of synonyms for the site search.

    Protected names are written the same in every language, so they need no
    synonyms; entries with fewer than two renderings connect nothing.
    """
    groups = [entry.terms() for entry in GlossaryEntry.objects.filter(protected=False)]
    return [group for group in groups if len({term for term in group.values() if term}) > 1]
