"""Split field values into translatable segments and put translations back.

A field value (plain text, rich text HTML or StreamField JSON) becomes a list
of *units* — the text-bearing leaves (a rich-text block, a CharBlock, a plain
field) — and each unit becomes a *template* of untouched pieces (tags,
whitespace, separators) interleaved with *segments* (a paragraph, list item,
heading, table cell or line; a sentence when a paragraph is long). Rebuilding
fills the template with translated segments; with the source segments it
gives back the original value (lossless up to HTML entity spelling).

Rich text is cleaned to the field's Wagtail rules before it is split
(``exchange_site.core.text_cleaning``), so markup written around the editor (an import, the
ORM) never reaches a provider, another language or the review screen.

Non-text content is never a segment: chooser blocks (images, documents,
pages), dates, numbers, choices, URLs, e-mail addresses, and blocks declared
with ``translatable=False`` are copied as they are.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText

from exchange_site.core.text_cleaning import clean_rich_text

from .markup import EncodedText, encode_inline, encode_plain
from .placeholders import open_pairs, without_placeholders

BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "figure",
        "figcaption",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
        "dl",
        "dt",
        "dd",
        "pre",
        "hr",
        "div",
        "section",
    ]
)
LONG_SEGMENT = 400  # characters; longer paragraphs are split into sentences
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_EMBED = re.compile(r"<embed\b[^>]*/?>", re.IGNORECASE)
_NOT_PROSE = re.compile(
    r"^\s*(?:[\d\s.,:;/%+\-–—()#°€$£]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+)\s*$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])(\s+)(?=\S)")


def is_prose(text: str) -> bool:
    """False for empty strings, numbers, dates, URLs and e-mail addresses."""
    return bool(text and text.strip()) and not _NOT_PROSE.match(text)


def html_has_content(value: str) -> bool:
    """False for rich text without text or embeds: ``<p></p>``, ``<p> &nbsp;</p>``."""
    text = _TAG.sub("", _EMBED.sub("embed", value))
    return bool(html.unescape(text).strip())


@dataclass
class Unit:
    """One text-bearing leaf of a field value.

    ``pieces`` alternates literal strings and ``EncodedText`` segments.
    """

    path: tuple
    is_html: bool
    pieces: list

    @property
    def segments(self) -> list[EncodedText]:
        return [piece for piece in self.pieces if isinstance(piece, EncodedText)]

    @property
    def overridable(self) -> bool:
        """True when a link of the unit may point elsewhere in a translation (``overrides``)."""
        return any(segment.overridable for segment in self.segments)

    def rebuild(self, translations: list[str]) -> str:
        """The unit's text with each segment replaced by its translation (decoded HTML/text)."""
        remaining = iter(translations)
        return "".join(
            next(remaining) if isinstance(piece, EncodedText) else piece for piece in self.pieces
        )


def _split_sentences(encoded: EncodedText) -> list[str | EncodedText]:
    """Split a long segment at sentence ends that are outside inline markup."""
    text = encoded.text
    if len(text) <= LONG_SEGMENT:
        return [encoded]
    pieces: list[str | EncodedText] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        if open_pairs(before) != 0 or not before.strip():
            continue
        pieces += [encoded.part(before), match.group(1)]
        start = match.end()
    pieces.append(encoded.part(text[start:]))
    return pieces


def _inline_run(run: str) -> list[str | EncodedText]:
    """A run of inline HTML → [leading whitespace, segment(s), trailing whitespace]."""
    stripped = run.strip()
    if not stripped:
        return [run]
    lead = run[: len(run) - len(run.lstrip())]
    trail = run[len(run.rstrip()) :]
    encoded = encode_inline(stripped)
    if not is_prose(without_placeholders(encoded.text)):
        return [run]
    return [lead, *_split_sentences(encoded), trail]


def split_html(value: str) -> list[str | EncodedText]:
    """Rich text HTML → template pieces; block-level tags and embeds stay literal."""
    pieces: list[str | EncodedText] = []
    boundaries = [
        match
        for match in _TAG.finditer(value)
        if match.group(2).lower() in BLOCK_TAGS or _EMBED.fullmatch(match.group(0))
    ]
    position = 0
    for match in boundaries:
        pieces += _inline_run(value[position : match.start()])
        pieces.append(match.group(0))
        position = match.end()
    pieces += _inline_run(value[position:])
    return [piece for piece in pieces if piece != ""]


def split_plain(value: str) -> list[str | EncodedText]:
    """Plain text → one segment per non-empty line; line breaks stay literal."""
    pieces: list[str | EncodedText] = []
    for index, line in enumerate(value.split("\n")):
        if index:
            pieces.append("\n")
        stripped = line.strip()
        if not is_prose(stripped):
            pieces.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        pieces += [lead, *_split_sentences(encode_plain(stripped)), trail]
    return [piece for piece in pieces if piece != ""]


def _plain_unit(path: tuple, value: str, is_html: bool) -> Unit | None:
    pieces = split_html(value) if is_html else split_plain(value)
    unit = Unit(path=path, is_html=is_html, pieces=pieces)
    return unit if unit.segments else None


def _walk_block(block: blocks.Block, raw: Any, path: tuple) -> Iterator[Unit]:
    if raw is None or not getattr(block.meta, "translatable", True):
        return
    if isinstance(block, blocks.RichTextBlock):
        source = raw.source if isinstance(raw, RichText) else raw
        unit = _plain_unit(path, clean_rich_text(source or "", block.features), is_html=True)
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)) and not isinstance(
        block, (blocks.URLBlock, blocks.EmailBlock, blocks.RegexBlock)
    ):
        unit = _plain_unit(path, raw or "", is_html=False)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _walk_block(child, raw.get(name), (*path, name))
        return
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(raw):
            if isinstance(item, dict) and "type" in item and "value" in item:
                yield from _walk_block(block.child_block, item["value"], (*path, index, "value"))
            else:
                yield from _walk_block(block.child_block, item, (*path, index))
        return
    elif isinstance(block, blocks.StreamBlock):
        for index, child in enumerate(raw):
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                yield from _walk_block(child_block, child.get("value"), (*path, index, "value"))
        return
    else:
        return
    if unit is not None:
        yield unit


def field_kind(field) -> str:
    if isinstance(field, StreamField):
        return "stream"
    if isinstance(field, RichTextField):
        return "html"
    return "plain"


def stream_raw(value: Any) -> list:
    """A StreamField value (StreamValue, list or JSON list) as plain JSON data."""
    if value is None:
        return []
    if hasattr(value, "get_prep_value"):
        return copy.deepcopy(value.get_prep_value())
    return copy.deepcopy(list(value))


def extract_units(field, value: Any) -> list[Unit]:
    """The translatable units of one field value."""
    kind = field_kind(field)
    if kind == "stream":
        return list(_walk_block(field.stream_block, stream_raw(value), ()))
    if kind == "html":
        unit = _plain_unit((), clean_rich_text(value or "", field.features), is_html=True)
    else:
        unit = _plain_unit((), value or "", is_html=False)
    return [unit] if unit else []


@dataclass(frozen=True)
class Overridable:
    """A link or an image of the source that a translation may replace for its language.

    ``locator`` names it within its field, from the source alone (the unit's
    path and, for links, the link's place among the unit's distinct link
    targets), so it stays the same however the text is translated or
    re-translated. ``source_target`` is what the source points at
    (``page:12``, ``document:3``, ``url:https://…``, an image id): an override
    replaces only that target.
    """

    kind: str  # "link" or "image"
    path: tuple
    locator: str
    source_target: str


_LINK_OPENING = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def link_identity(opening_tag: str) -> str:
    """What a stored rich-text link points at: ``page:12``, ``document:3`` or ``url:…``."""
    attributes = {
        match.group(1).lower(): html.unescape(match.group(2) or match.group(3) or "")
        for match in _ATTRIBUTE.finditer(opening_tag)
    }
    linktype = attributes.get("linktype")
    if linktype:
        return f"{linktype}:{attributes.get('id', '')}"
    return f"url:{attributes.get('href', '')}"


def link_openings(value: str) -> list[str]:
    """Every link's opening tag in rich text HTML, in document order."""
    return _LINK_OPENING.findall(value)


def path_locator(path: tuple) -> str:
    return ".".join(str(step) for step in path)


def _unit_links(unit: Unit) -> Iterator[Overridable]:
    targets: list[str] = []
    for piece in unit.pieces:
        if not isinstance(piece, EncodedText):
            continue
        for match in re.finditer(r"<g(\d+)>", piece.text):
            opening = piece.tags[int(match.group(1))][0]
            if opening.lower().startswith("<a ") and link_identity(opening) not in targets:
                targets.append(link_identity(opening))
    for index, target in enumerate(targets, start=1):
        yield Overridable("link", unit.path, f"{path_locator(unit.path)}#link{index}", target)


def _image_choosers(block: blocks.Block, raw: Any, path: tuple) -> Iterator[Overridable]:
    if raw is None:
        return
    if isinstance(block, ImageChooserBlock):
        yield Overridable("image", path, f"{path_locator(path)}#image", str(raw))
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _image_choosers(child, raw.get(name), (*path, name))
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(raw):
            if isinstance(item, dict) and "type" in item and "value" in item:
                child_path = (*path, index, "value")
                yield from _image_choosers(block.child_block, item["value"], child_path)
            else:
                yield from _image_choosers(block.child_block, item, (*path, index))
    elif isinstance(block, blocks.StreamBlock):
        for index, child in enumerate(raw):
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                yield from _image_choosers(child_block, child.get("value"), (*path, index, "value"))


def extract_overridables(field, value: Any, units: list[Unit]) -> list[Overridable]:
    """The links (in ``units``, the value's text) and images of a source value that a
    translation may replace."""
    found = [link for unit in units if unit.is_html for link in _unit_links(unit)]
    if field_kind(field) == "stream":
        found += _image_choosers(field.stream_block, stream_raw(value), ())
    return found


def get_path(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _set_path(data: Any, path: tuple, new_value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = new_value


def rebuild_value(field, value: Any, units: list[Unit], translated: list[list[str]]) -> Any:
    """The field value with every unit's segments replaced by the given translations.

    ``translated[i]`` holds the decoded translations of ``units[i].segments``.
    """
    if field_kind(field) != "stream":
        return units[0].rebuild(translated[0]) if units else value
    data = stream_raw(value)
    for unit, texts in zip(units, translated, strict=True):
        _set_path(data, unit.path, unit.rebuild(texts))
    return data
