"""Which fields of a page are translatable, and how to read and write them raw.

Covers the page's own modeltranslation fields (title, SEO fields, summaries,
rich text, StreamFields) and those of its inline objects (contact roles,
action items …). Slugs and URL paths are routing, not text: they are left to
wagtail-modeltranslation and fall back like any other field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.text import capfirst

from wagtail.admin.panels import InlinePanel

from modelcluster.fields import ParentalKey
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from exchange_site.core.i18n import translated_field_names

from .errors import MarkupMismatch, TranslationError
from .markup import fingerprint
from .segments import (
    Unit,
    extract_units,
    field_kind,
    html_has_content,
    stream_raw,
)


@dataclass
class TranslatableField:
    """One translatable field of a page or of one of its inline objects."""

    key: str
    instance: models.Model
    name: str
    model_field: models.Field
    relation: str = ""
    units: list[Unit] = field(default_factory=list)
    relation_label: str = ""  # the inline panel's heading, e.g. "Action items"
    position: int = 0  # the inline object's place in its panel, from 1

    @property
    def label(self) -> str:
        """The field as the editor's form names it, in the admin's language, e.g.
        "Action items › 3 › What"; never the internal key."""
        name = str(capfirst(self.model_field.verbose_name))
        if not self.relation:
            return name
        return " › ".join((str(self.relation_label), str(self.position), name))

    def raw(self, language: str) -> Any:
        return getattr(self.instance, build_localized_fieldname(self.name, language))

    def normalised(self, language: str) -> Any:
        value = self.raw(language)
        if field_kind(self.model_field) == "stream":
            return stream_raw(value)
        return value or ""

    def fingerprint(self, language: str) -> str:
        return value_fingerprint(self.normalised(language))

    def text_fingerprint(self, language: str) -> str:
        """Hash of the segments' text only, for "is this still the text that was written?".

        Saving a page in the admin re-serialises rich text (Draftail adds
        ``data-block-key`` attributes, respells entities); that must not look
        like a person's edit, so markup outside the segments is left out.
        """
        try:
            return text_fingerprint(self.model_field, self.raw(language))
        except MarkupMismatch:
            return self.fingerprint(language)

    def is_as_written(self, language: str, written_hash: str) -> bool:
        """True while the text is what the pipeline or a review last wrote.

        Statuses written before ``text_fingerprint`` existed hold the hash of
        the whole value, so that still counts.
        """
        return bool(written_hash) and written_hash in (
            self.text_fingerprint(language),
            self.fingerprint(language),
        )

    def has_text(self, language: str) -> bool:
        """False for empty values, whitespace and markup without text (``<p></p>``).

        The admin's rich text editor saves an untouched language tab as an
        empty paragraph; that is no translation, by a person or otherwise.
        """
        value = self.normalised(language)
        if not isinstance(value, str):
            return bool(value)
        if field_kind(self.model_field) == "html":
            return html_has_content(value)
        return bool(value.strip())

    def write(self, language: str, value: Any) -> None:
        setattr(self.instance, build_localized_fieldname(self.name, language), value)


def value_fingerprint(value: Any) -> str:
    if isinstance(value, str):
        return fingerprint(value)
    return fingerprint(json.dumps(value, sort_keys=True, ensure_ascii=False))


def text_fingerprint(model_field: models.Field, value: Any) -> str:
    """See ``TranslatableField.text_fingerprint``; raises MarkupMismatch for broken markup."""
    units = extract_units(model_field, value)
    return value_fingerprint([segment.text for unit in units for segment in unit.segments])


def _child_relations(page: models.Model) -> list[tuple[str, type[models.Model]]]:
    relations = []
    for relation in page._meta.related_objects:
        if isinstance(relation.field, ParentalKey):
            try:
                translator.get_options_for_model(relation.related_model)
            except NotRegistered:
                continue
            relations.append((relation.get_accessor_name(), relation.related_model))
    return relations


def field_key(relation: str, child: models.Model, name: str) -> str:
    """``relation.<inline key>.field``: the same object keeps its key in every revision and copy."""
    return f"{relation}.{child.inline_key}.{name}"


def inline_objects(page: models.Model, relation: str) -> list[models.Model]:
    """The inline objects of ``page``, held by the page itself.

    For a page without unpublished changes Wagtail's
    ``get_latest_revision_as_object()`` returns the live row, whose related
    manager hands out fresh database instances on every ``.all()``. Values
    written into those would be lost: neither ``save_revision()`` nor
    ``publish()`` would see them. Assigning the list to the relation makes
    modelcluster keep exactly these instances, as it does for a revision.
    """
    children = list(getattr(page, relation).all())
    setattr(page, relation, children)
    return children


def _inline_panel_labels(panels: list) -> dict[str, str]:
    """Headings of the inline panels among ``panels`` (nested), by relation name."""
    labels = {}
    for panel in panels:
        if isinstance(panel, InlinePanel):
            labels[panel.relation_name] = panel.label
        labels.update(_inline_panel_labels(getattr(panel, "children", [])))
    return labels


def _relation_label(page: models.Model, relation: str, model: type[models.Model]) -> str:
    labels = _inline_panel_labels(
        [*getattr(page, "content_panels", []), *getattr(page, "promote_panels", [])]
    )
    return labels.get(relation) or capfirst(model._meta.verbose_name_plural)


def translatable_fields(page: models.Model, source_language: str) -> list[TranslatableField]:
    """Every translatable field of ``page`` (specific) and its inline objects, with units."""
    found = [
        TranslatableField(
            key=name, instance=page, name=name, model_field=page._meta.get_field(name)
        )
        for name in translated_field_names(type(page))
    ]
    for relation, model in _child_relations(page):
        relation_label = _relation_label(page, relation, model)
        for position, child in enumerate(inline_objects(page, relation), start=1):
            found += [
                TranslatableField(
                    key=field_key(relation, child, name),
                    instance=child,
                    name=name,
                    model_field=model._meta.get_field(name),
                    relation=relation,
                    relation_label=relation_label,
                    position=position,
                )
                for name in translated_field_names(model)
            ]
    for item in found:
        try:
            item.units = extract_units(item.model_field, item.raw(source_language))
        except TranslationError as error:
            label = capfirst(item.model_field.verbose_name)
            raise error.in_context(f"{label} ({source_language})") from None
    return found
