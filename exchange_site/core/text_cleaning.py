"""Text is cleaned when it is saved, whichever way it arrives (admin, ORM, import, API).

Two kinds of dirt get in when text does not come through the editor:

- Control characters (Word's vertical tab for a manual line break, NUL bytes
  from a broken export). XML 1.0 forbids them, so a single one in a title
  stops the RSS/Atom feeds from serialising; calendars and search choke too.
  Word's line and page breaks become line breaks (a space in one-line
  fields); the others are removed.
- Rich text markup the field does not allow (``<script>``, ``onclick=``,
  ``javascript:`` links). It is cleaned with Wagtail's own whitelister for the
  field's features, exactly as the editor would clean it, so an import cannot
  carry it into other languages or into the review screen.

``clean_instance`` is called on every save of this project's models (a
``pre_save`` receiver connected by the core app) and from ``ExchangePage.full_clean``,
which Wagtail runs before it serialises a revision.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.db import models
from django.utils.html import escape

from wagtail import blocks
from wagtail.admin.rich_text.converters.editor_html import DbWhitelister, EditorHTMLConverter
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText

from bs4 import BeautifulSoup
from modelcluster.models import get_all_child_relations

_LINE_BREAKS = re.compile("[\x0b\x0c]")  # Word's manual line break (VT) and page break (FF)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
_DROPPED_WITH_CONTENT = frozenset(["script", "style", "template", "iframe", "object"])


def strip_control_characters(text: str, line_break: str = "\n") -> str:
    """``text`` without control characters; tab, newline and carriage return stay."""
    return _CONTROL.sub("", _LINE_BREAKS.sub(line_break, text))


class StoredFormatWhitelister(DbWhitelister):
    """Wagtail's editor whitelister, fed the stored format instead of the editor's.

    ``DbWhitelister`` turns the editor's HTML (``<a data-linktype="page"
    data-id="3">``) into the stored format (``<a linktype="page" id="3">``).
    Text that did not come through the editor is already in the stored format,
    so its links and embeds first get their editor spelling back; the field's
    features then decide what survives, as in the editor. Scripts and the like
    go with their content, which Wagtail's generic rule would keep as text.
    """

    def clean_tag_node(self, doc, tag):
        if tag.name in _DROPPED_WITH_CONTENT:
            tag.decompose()
            return
        stored_link = tag.name == "a" and "linktype" in tag.attrs
        if stored_link or (tag.name == "embed" and "embedtype" in tag.attrs):
            tag.attrs = {f"data-{name}": value for name, value in tag.attrs.items()}
        super().clean_tag_node(doc, tag)
        if stored_link and "linktype" in tag.attrs:
            # The stored spelling Wagtail's editor writes: linktype first.
            tag.attrs = {"linktype": tag.attrs.pop("linktype"), **tag.attrs}


@lru_cache(maxsize=32)
def _whitelister(features: tuple[str, ...] | None) -> StoredFormatWhitelister:
    return StoredFormatWhitelister(EditorHTMLConverter(features).converter_rules)


def clean_rich_text(html: str, features: list[str] | tuple[str, ...] | None = None) -> str:
    """Rich text (stored format) reduced to what ``features`` allow, without control characters.

    Text that was already clean is returned unchanged, byte for byte, so
    cleaning never alters a fingerprint the translation pipeline keeps.
    """
    if not html:
        return html
    return _clean_rich_text(html, tuple(features) if features is not None else None)


@lru_cache(maxsize=2048)
def _clean_rich_text(html: str, features: tuple[str, ...] | None) -> str:
    """Cached: a save cleans each value twice (full_clean, pre_save), and the pipeline
    cleans the same source again for every language; parsing costs ~1 ms a paragraph."""
    text = strip_control_characters(html)
    cleaned = _whitelister(features).clean(text)
    if cleaned == BeautifulSoup(text, "html.parser").decode(formatter=escape):
        return text  # nothing removed; keep the author's entity spelling
    return cleaned


def _clean_block_value(block: blocks.Block, raw: Any) -> Any:
    if raw is None:
        return raw
    if isinstance(block, blocks.RichTextBlock):
        source = raw.source if isinstance(raw, RichText) else raw
        return clean_rich_text(source, block.features) if isinstance(source, str) else raw
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return {
            name: _clean_block_value(block.child_blocks[name], value)
            if name in block.child_blocks
            else value
            for name, value in raw.items()
        }
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        return [
            {**item, "value": _clean_block_value(block.child_block, item["value"])}
            if isinstance(item, dict) and "type" in item and "value" in item
            else _clean_block_value(block.child_block, item)
            for item in raw
        ]
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        return [
            {
                **child,
                "value": _clean_block_value(block.child_blocks[child["type"]], child["value"]),
            }
            if isinstance(child, dict) and child.get("type") in block.child_blocks
            else child
            for child in raw
        ]
    if isinstance(raw, str):
        return strip_control_characters(raw, "\n" if isinstance(block, blocks.TextBlock) else " ")
    return raw


def _clean_field_value(field: models.Field, value: Any) -> Any:
    if isinstance(field, StreamField):
        stream = field.to_python(value)
        raw = stream.get_prep_value()
        cleaned = _clean_block_value(field.stream_block, raw)
        return value if cleaned == raw else field.to_python(cleaned)
    if not isinstance(value, str):
        return value
    if isinstance(field, RichTextField):
        return clean_rich_text(value, field.features)
    if isinstance(field, models.TextField):
        return strip_control_characters(value)
    if isinstance(field, models.CharField):
        return strip_control_characters(value, line_break=" ")
    return value


def clean_instance(instance: models.Model) -> None:
    """Clean every text field of ``instance`` and of its unsaved inline objects, in place.

    Values are read and written in ``__dict__``: modeltranslation's descriptors
    on the untranslated field names would read another language, or fall back.
    """
    for field in instance._meta.concrete_fields:
        if field.attname not in instance.__dict__ or not isinstance(
            field, (models.CharField, models.TextField, StreamField)
        ):
            continue
        value = instance.__dict__[field.attname]
        cleaned = _clean_field_value(field, value)
        if cleaned is not value and cleaned != value:
            instance.__dict__[field.attname] = cleaned
    in_memory = getattr(instance, "_cluster_related_objects", {})
    for relation in get_all_child_relations(instance):
        for child in in_memory.get(relation.get_accessor_name(), ()):
            clean_instance(child)


_cleaned_models: set[type] = set()


def clean_text_on_save(*models) -> None:
    """Other apps name their text models that are not pages or inline objects (snippets)."""
    _cleaned_models.update(models)


def _clean_before_save(sender, instance, raw=False, **kwargs) -> None:
    # Pages and inline objects of the exchange are those with a source language.
    is_exchange_text = hasattr(sender, "source_language") or sender in _cleaned_models
    if not raw and is_exchange_text:
        clean_instance(instance)


def connect_text_cleaning() -> None:
    """Clean the text of the exchange's own models (pages, inline objects, snippets) on save."""
    models.signals.pre_save.connect(_clean_before_save, dispatch_uid="core.text_cleaning")
