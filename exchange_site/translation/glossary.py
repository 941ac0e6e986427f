"""Apply the partnership glossary to every provider, and check drafts against it.

Protected names match exactly; other terms match regardless of case (a
rendering is inserted as written in the glossary). Before a segment is sent,
each glossary term found in it is swapped for a
void placeholder (``<x901/>``) that comes back as the protected term itself,
or as the target language's required rendering. Providers therefore cannot
mistranslate a term; a provider that drops the placeholder fails the markup
check and its draft is rejected. ``violations`` flags drafts that still miss
a term — e.g. translations reused from memory made before a term was added.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .markup import EncodedText

FIRST_GLOSSARY_PLACEHOLDER = 900
_PLACEHOLDER = re.compile(r"</?[gx]\d+/?>")


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


def protect(segment: EncodedText, terms: list[Term], is_html: bool) -> EncodedText:
    """The segment as sent: glossary terms replaced by placeholders that restore the rendering."""
    text = segment.text
    voids = dict(segment.voids)
    number = FIRST_GLOSSARY_PLACEHOLDER
    for term in terms:

        def replace(match: re.Match, term: Term = term) -> str:
            nonlocal number
            number += 1
            voids[number] = html.escape(term.target, quote=False) if is_html else term.target
            return f"<x{number}/>"

        parts = _PLACEHOLDER.split(text)
        markers = _PLACEHOLDER.findall(text)
        pattern = _pattern(term.source, ignore_case=not term.protected)
        parts = [pattern.sub(replace, part) for part in parts]
        text = "".join(p + (markers[i] if i < len(markers) else "") for i, p in enumerate(parts))
    return EncodedText(text=text, tags=segment.tags, voids=voids)


def unprotect(translated: str, protected: EncodedText, is_html: bool) -> str:
    """Provider output back in memory form: glossary placeholders become their text."""

    def restore(match: re.Match) -> str:
        number = int(match.group(1))
        if number <= FIRST_GLOSSARY_PLACEHOLDER:
            return match.group(0)
        value = protected.voids.get(number, "")
        return html.unescape(value) if is_html else value

    return re.sub(r"<x(\d+)/>", restore, translated)


def violations(source_text: str, translated_text: str, terms: list[Term]) -> list[str]:
    """Human-readable warnings for terms in the source whose rendering is missing."""
    plain_source = _PLACEHOLDER.sub(" ", source_text)
    plain_target = _PLACEHOLDER.sub(" ", translated_text)
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
