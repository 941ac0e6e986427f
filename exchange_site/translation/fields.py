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

from modelcluster.fields import ParentalKey
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from home.i18n import translated_field_names

from .errors import TranslationError
from .segments import Unit, extract_units, field_kind, fingerprint, stream_raw


@dataclass
class TranslatableField:
    """One translatable field of a page or of one of its inline objects."""

    key: str
    instance: models.Model
    name: str
    model_field: models.Field
    relation: str = ""
    units: list[Unit] = field(default_factory=list)

    def raw(self, language: str) -> Any:
        return getattr(self.instance, build_localized_fieldname(self.name, language))

    def normalised(self, language: str) -> Any:
        value = self.raw(language)
        if field_kind(self.model_field) == "stream":
            return stream_raw(value)
        return value or ""

    def fingerprint(self, language: str) -> str:
        return value_fingerprint(self.normalised(language))

    def has_text(self, language: str) -> bool:
        value = self.normalised(language)
        return bool(value.strip() if isinstance(value, str) else value)

    def write(self, language: str, value: Any) -> None:
        setattr(self.instance, build_localized_fieldname(self.name, language), value)


def value_fingerprint(value: Any) -> str:
    if isinstance(value, str):
        return fingerprint(value)
    return fingerprint(json.dumps(value, sort_keys=True, ensure_ascii=False))


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


def translatable_fields(page: models.Model, source_language: str) -> list[TranslatableField]:
    """Every translatable field of ``page`` (specific) and its inline objects, with units."""
    found = [
        TranslatableField(
            key=name, instance=page, name=name, model_field=page._meta.get_field(name)
        )
        for name in translated_field_names(type(page))
    ]
    for relation, model in _child_relations(page):
        for child in getattr(page, relation).all():
            found += [
                TranslatableField(
                    key=f"{relation}.{child.pk}.{name}",
                    instance=child,
                    name=name,
                    model_field=model._meta.get_field(name),
                    relation=relation,
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
