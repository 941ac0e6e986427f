"""The pipeline's placeholders (``<g1>…</g1>``, ``<x2/>``) as XLIFF and TMX inline codes.

translate-toolkit reads and writes the files, but its rich-text "placeables"
know only XLIFF 1.2's ``<g>``/``<x>``; XLIFF 2's ``<pc>``/``<ph>`` and TMX's
``<bpt>``/``<ept>``/``<ph>`` are not covered. The mapping is small and
one-to-one (a paired placeholder is a paired code, a void one a standalone
code, with the same number as id), so it is written here once for all three
dialects. Reading is strict: any element that is not one of our codes (or a
transparent ``<mrk>`` annotation a tool added) refuses the unit, so a file
can never bring markup of its own into a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..errors import MarkupMismatch
from ..markup import escape_literals, unescape_literals
from ..placeholders import (
    PLACEHOLDER,
    closing_placeholder,
    opening_placeholder,
    void_placeholder,
)


@dataclass(frozen=True)
class Dialect:
    paired: str
    void: str


XLIFF2 = Dialect(paired="pc", void="ph")
XLIFF12 = Dialect(paired="g", void="x")
TMX = Dialect(paired="bpt", void="ph")

# What a code stands for (``review.Mark.kind``), as each dialect's attributes say it.
_XLIFF2_KINDS = {
    "bold": {"type": "fmt", "subType": "xlf:b"},
    "italic": {"type": "fmt", "subType": "xlf:i"},
    "link": {"type": "link"},
    "break": {"type": "fmt", "subType": "xlf:lb"},
}
_XLIFF12_KINDS = {"bold": "bold", "italic": "italic", "link": "link", "break": "lb"}


def _attributes(dialect: Dialect, number: str, kind: str) -> dict[str, str]:
    if dialect is TMX:
        return {}
    attributes = {"id": number}
    if dialect is XLIFF2:
        attributes |= _XLIFF2_KINDS.get(kind, {})
    elif kind in _XLIFF12_KINDS:
        attributes["ctype"] = _XLIFF12_KINDS[kind]
    return attributes


def fill(element: etree._Element, text: str, dialect: Dialect, kinds: dict[int, str]) -> None:
    """Write placeholder text into ``element`` (a ``<source>``, ``<target>`` or ``<seg>``).

    ``kinds`` says what each placeholder number stands for ("bold", "link" …).
    """
    for child in list(element):
        element.remove(child)
    element.text = ""
    namespace = etree.QName(element).namespace
    stack = [element]
    last: etree._Element | None = None

    def add_text(piece: str) -> None:
        piece = unescape_literals(piece)
        if last is None:
            stack[-1].text = (stack[-1].text or "") + piece
        else:
            last.tail = (last.tail or "") + piece

    def new(tag: str, parent: etree._Element, attributes: dict[str, str]) -> etree._Element:
        name = f"{{{namespace}}}{tag}" if namespace else tag
        return etree.SubElement(parent, name, attributes)

    position = 0
    for match in PLACEHOLDER.finditer(text):
        add_text(text[position : match.start()])
        position = match.end()
        closing, kind, number, _slash = match.groups()
        attributes = _attributes(dialect, number, kinds.get(int(number), ""))
        if kind == "x":
            extra = {"x": number} if dialect is TMX else {}
            last = new(dialect.void, stack[-1], attributes | extra)
        elif dialect is TMX:  # TMX codes are flat: <bpt i="1"/> text <ept i="1"/>
            last = new("ept" if closing else "bpt", stack[-1], {"i": number})
            if not closing:
                last.set("x", number)
        elif closing:
            last = stack.pop()
        else:
            stack.append(new(dialect.paired, stack[-1], attributes))
            last = None
    add_text(text[position:])


def _number(child: etree._Element, attribute: str) -> int:
    value = child.get(attribute, "")
    if not value.isdigit():
        raise MarkupMismatch(f"an inline code without a usable {attribute}")
    return int(value)


def read(element: etree._Element, dialect: Dialect) -> str:
    """Placeholder text from a ``<source>``/``<target>``/``<seg>`` element.

    Raises MarkupMismatch for codes that are not ours.
    """
    parts = [escape_literals(element.text or "")]
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            parts.append(escape_literals(child.tail or ""))
            continue
        name = etree.QName(child).localname
        if dialect is TMX and name == "bpt":
            parts.append(opening_placeholder(_number(child, "i")))
        elif dialect is TMX and name == "ept":
            parts.append(closing_placeholder(_number(child, "i")))
        elif dialect is TMX and name == "ph":
            parts.append(void_placeholder(_number(child, "x")))
        elif dialect is not TMX and name == dialect.paired:
            number = _number(child, "id")
            parts += [
                opening_placeholder(number),
                read(child, dialect),
                closing_placeholder(number),
            ]
        elif dialect is not TMX and name == dialect.void:
            parts.append(void_placeholder(_number(child, "id")))
        elif name in ("mrk", "hi"):  # annotations (terms, comments) are transparent
            parts.append(read(child, dialect))
        else:
            raise MarkupMismatch(f"an unknown inline code <{name}>")
        parts.append(escape_literals(child.tail or ""))
    return "".join(parts)
