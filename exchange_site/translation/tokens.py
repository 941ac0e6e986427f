"""The review screen's readable spelling of placeholders: ``[1]…[/1]`` and ``[2]``.

Reviewers never see HTML or the providers' ``<g1>`` spelling. Without
JavaScript a segment's inline marks appear in the plain textarea as numbered
tokens (``Read [1]the guide[/1] now``, with a legend "[1] = link to …");
the rich editor (``static/translation/review.js``) posts the same spelling.
The numbers are the source segment's placeholder numbers, so a token can only
ever stand for one of the source's own marks: its link target comes from the
source, never from what was posted.

Text that merely looks like a token (a reference "[1]" in prose) is written
with a doubled bracket (``[[1]``), which keeps the mapping reversible, as
``markup.escape_literals`` does for placeholders.
"""

from __future__ import annotations

import re

from .errors import MarkupMismatch
from .markup import EncodedText, escape_literals, unescape_literals
from .placeholders import (
    PLACEHOLDER,
    closing_placeholder,
    opening_placeholder,
    void_placeholder,
)

_MARK_BODY = r"(/?)(\d+)\]"
_TOKEN = re.compile(r"\[\[(?=" + _MARK_BODY + ")|\\[" + _MARK_BODY)
_LOOK_ALIKE = re.compile(r"\[(?=" + _MARK_BODY + ")")


def opening_token(number: int) -> str:
    return f"[{number}]"


def closing_token(number: int) -> str:
    return f"[/{number}]"


def escape_tokens(text: str) -> str:
    """Plain text with token look-alikes doubled (``[1]`` → ``[[1]``)."""
    return _LOOK_ALIKE.sub("[[", text)


def to_tokens(placeholder_text: str) -> str:
    """A segment in placeholder form (``<g1>…</g1>``) as the reviewer reads it."""
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(placeholder_text):
        parts.append(escape_tokens(unescape_literals(placeholder_text[position : match.start()])))
        position = match.end()
        closing, _kind, number, _slash = match.groups()
        parts.append(closing_token(int(number)) if closing else opening_token(int(number)))
    parts.append(escape_tokens(unescape_literals(placeholder_text[position:])))
    return "".join(parts)


def from_tokens(token_text: str, source: EncodedText) -> str:
    """What a reviewer posted, in placeholder form with ``source``'s numbers.

    Raises MarkupMismatch for a token the source does not have (an invented
    or tampered mark); a missing or duplicated mark is found by
    ``markup.decode_inline``, which the caller runs next.
    """
    parts: list[str] = []
    position = 0
    for match in _TOKEN.finditer(token_text):
        parts.append(escape_literals(token_text[position : match.start()]))
        position = match.end()
        if match.group(0) == "[[":
            parts.append("[")
            continue
        closing, number = match.group(3), int(match.group(4))
        if number in source.tags:
            parts.append(closing_placeholder(number) if closing else opening_placeholder(number))
        elif number in source.voids and not closing:
            parts.append(void_placeholder(number))
        else:
            raise MarkupMismatch(f"the original has no mark [{number}]")
    parts.append(escape_literals(token_text[position:]))
    return "".join(parts)


def visible_text(token_text: str) -> str:
    """The words a reader sees: tokens dropped, doubled brackets single."""
    return _TOKEN.sub(lambda match: "[" if match.group(0) == "[[" else "", token_text)
