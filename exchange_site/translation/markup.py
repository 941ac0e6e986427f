"""Inline markup ↔ placeholders, so providers translate text and never see HTML.

A rich-text segment such as ``Read <a href="/x">the <b>guide</b></a><br/>now``
is sent as ``Read <g1>the <g2>guide</g2></g1><x3/>now``: providers only see
numbered placeholders, attributes (hrefs, page ids) never leave the site, and
the original tags are put back from a map. Provider output is parsed
strictly: the only markup accepted back is the exact placeholders we sent,
properly nested; any other ``<``/``>`` is treated as text and escaped, so a
provider cannot inject ``<script>`` or ``onerror=`` into a page.

Text that merely looks like a placeholder (an editor typing ``<x1/>``) must
never become one, so ``escape_literals`` rewrites such literals before
encoding (``&lt;x1/>``); ordinary ``<`` and ``&`` are left alone so that
providers see natural text. Only ``&lt;``/``&amp;`` that follow are escaped
too, which keeps the mapping reversible (``unescape_literals``).
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

from .errors import MarkupMismatch
from .placeholders import (
    PLACEHOLDER,
    PLACEHOLDER_START,
    closing_placeholder,
    opening_placeholder,
    placeholders,
    void_placeholder,
)

VOID_TAGS = frozenset({"br", "wbr", "img", "embed"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_LITERAL = re.compile(r"&(?=lt;|amp;)|" + PLACEHOLDER_START)
_ESCAPED = re.compile(r"&(lt|amp);")


def fingerprint(text: str) -> str:
    """Stable hash of a segment or field source, for memory keys and change detection."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def escape_literals(text: str) -> str:
    """Text with every placeholder look-alike (and ``&lt;``/``&amp;``) escaped; reversible."""
    return _LITERAL.sub(lambda match: "&amp;" if match.group(0) == "&" else "&lt;", text)


def unescape_literals(text: str) -> str:
    """The inverse of ``escape_literals``."""
    return _ESCAPED.sub(lambda match: "<" if match.group(1) == "lt" else "&", text)


def encode_plain(text: str) -> EncodedText:
    """A plain-text segment as sent: no markup, look-alikes escaped."""
    return EncodedText(text=escape_literals(text))


@dataclass
class EncodedText:
    """A segment as sent to a provider, with what is needed to restore it."""

    text: str
    tags: dict[int, tuple[str, str]] = field(default_factory=dict)
    voids: dict[int, str] = field(default_factory=dict)

    @property
    def overridable(self) -> bool:
        """True when the segment holds a link, whose target a translation may replace for its
        language (``overrides``); exporters and the review screen say so."""
        return any(
            opening.lower().startswith("<a ") and opening_placeholder(number) in self.text
            for number, (opening, _closing) in self.tags.items()
        )

    def part(self, text: str) -> EncodedText:
        """A piece of this segment (a sentence) sharing its tag maps."""
        return EncodedText(text=text, tags=self.tags, voids=self.voids)


def encode_inline(markup: str) -> EncodedText:
    """Replace inline tags by placeholders and unescape the text between them."""
    encoded = EncodedText(text="")
    parts: list[str] = []
    open_stack: list[tuple[int, str, str]] = []  # (number, tag name, opening tag)
    counter = 0
    position = 0
    for match in _TAG.finditer(markup):
        parts.append(escape_literals(html.unescape(markup[position : match.start()])))
        position = match.end()
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if not open_stack or open_stack[-1][1] != name:
                raise MarkupMismatch(f"unbalanced </{name}> in the source text")
            number, _name, opening = open_stack.pop()
            encoded.tags[number] = (opening, match.group(0))
            parts.append(closing_placeholder(number))
        elif self_closing or name in VOID_TAGS:
            counter += 1
            encoded.voids[counter] = match.group(0)
            parts.append(void_placeholder(counter))
        else:
            counter += 1
            open_stack.append((counter, name, match.group(0)))
            parts.append(opening_placeholder(counter))
    if open_stack:
        raise MarkupMismatch(f"unclosed <{open_stack[-1][1]}> in the source text")
    parts.append(escape_literals(html.unescape(markup[position:])))
    encoded.text = "".join(parts)
    return encoded


def decode_inline(translated: str, source: EncodedText, is_html: bool = True) -> str:
    """Put the original tags back into a provider's output.

    Text between placeholders is HTML-escaped for rich text (``is_html``) and
    left alone for plain fields, whose templates escape on output.

    Raises MarkupMismatch when the output does not carry exactly the
    placeholders of the source, properly nested (order may change, since
    languages order words differently).
    """
    expected = sorted(placeholders(source.text))
    found = placeholders(translated)
    if sorted(found) != expected:
        raise MarkupMismatch(
            f"markup changed in translation: expected {len(expected)} placeholders, "
            f"got {len(found)}"
        )
    if is_html:

        def escape(text: str) -> str:
            return html.escape(unescape_literals(text), quote=False)
    else:
        escape = unescape_literals
    parts: list[str] = []
    stack: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(translated):
        parts.append(escape(translated[position : match.start()]))
        position = match.end()
        closing, kind, number, _slash = match.groups()
        number_value = int(number)
        if kind == "x":
            parts.append(source.voids[number_value])
        elif closing:
            if not stack or stack[-1] != number:
                raise MarkupMismatch("markup changed in translation: tags are not nested")
            stack.pop()
            parts.append(source.tags[number_value][1])
        else:
            stack.append(number)
            parts.append(source.tags[number_value][0])
    if stack:
        raise MarkupMismatch("markup changed in translation: a tag is left open")
    parts.append(escape(translated[position:]))
    return "".join(parts)
