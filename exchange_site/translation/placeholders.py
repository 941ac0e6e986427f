"""How placeholders are spelled: ``<g1>…</g1>`` for paired inline tags, ``<x2/>`` for the rest.

Providers see these instead of markup (``markup``), glossary terms and
addresses travel as void ones (``glossary``), long texts are cut only outside
paired ones (``resilience``, ``segments``) and the review screen renumbers a
reviewer's (``review``). They all read the spelling from here, so what one
module writes as a placeholder the others recognise as one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_BODY = r"(/?)([gx])(\d+)(/?)>"
#: Any placeholder; groups: closing slash, kind (``g`` paired, ``x`` void), number, final slash.
PLACEHOLDER = re.compile("<" + _BODY)
#: A ``<`` that starts a placeholder, as a pattern to combine (escaping look-alikes in text).
PLACEHOLDER_START = "<(?=" + _BODY + ")"
_PAIRED = re.compile(r"<(/?)g\d+>")
_VOID = re.compile(r"<x(\d+)/>")


def opening_placeholder(number: int) -> str:
    return f"<g{number}>"


def closing_placeholder(number: int) -> str:
    return f"</g{number}>"


def void_placeholder(number: int) -> str:
    return f"<x{number}/>"


def placeholders(text: str) -> list[str]:
    """The placeholders in ``text``, in order."""
    return [match.group(0) for match in PLACEHOLDER.finditer(text)]


def without_placeholders(text: str, replacement: str = "") -> str:
    """``text`` with every placeholder replaced (by nothing, a space, an ellipsis …)."""
    return PLACEHOLDER.sub(replacement, text)


def outside_placeholders(text: str, replace: Callable[[str], str]) -> str:
    """Apply ``replace`` to the text between placeholders; placeholders stay as they are."""
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(text):
        parts += [replace(text[position : match.start()]), match.group(0)]
        position = match.end()
    parts.append(replace(text[position:]))
    return "".join(parts)


def open_pairs(text: str) -> int:
    """Paired placeholders opened in ``text`` and not closed: 0 outside inline markup."""
    return sum(-1 if match.group(1) else 1 for match in _PAIRED.finditer(text))


def replace_voids(text: str, replace: Callable[[int], str]) -> str:
    """``text`` with each void placeholder ``<xN/>`` replaced by ``replace(N)``."""
    return _VOID.sub(lambda match: replace(int(match.group(1))), text)


def renumber(text: str, numbers: dict[str, int]) -> str:
    """Placeholders renumbered by kind and old number (``{"g1": 3}``: ``<g1>`` → ``<g3>``)."""

    def new(match: re.Match) -> str:
        closing_slash, kind, number, final_slash = match.groups()
        return f"<{closing_slash}{kind}{numbers[kind + number]}{final_slash}>"

    return PLACEHOLDER.sub(new, text)
