"""Per-page language fallback.

django-modeltranslation can only fall back along one global chain of languages.
Our pages are written in their author's language, so a Danish page shown in
French must fall back to *Danish*, not to whatever the global chain says. The
descriptor below wraps modeltranslation's own descriptor and tries the
instance's ``source_language`` right after the active language; everything
else (assignment, the global chain, defaults) is left to modeltranslation.

Models opt in by having a ``source_language`` attribute (a field on pages, a
property delegating to the parent page on inline objects).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, fallbacks_enabled, get_language

from .registry import draft_display, reader_overrides

# Routing columns are managed by wagtail-modeltranslation's own URL logic.
UNWRAPPED_FIELDS = frozenset({"slug", "url_path"})


class SourceLanguageFallback:
    """Descriptor: active language → the instance's source language → modeltranslation."""

    def __init__(self, wrapped: Any, field_name: str) -> None:
        self.wrapped = wrapped
        self.field_name = field_name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        language = displayed_language(instance, self.field_name)
        if language is not None:
            value = getattr(instance, build_localized_fieldname(self.field_name, language))
            if language == getattr(instance, "source_language", None):
                return value
            return reader_overrides().apply(instance, self.field_name, language, value)
        return self.wrapped.__get__(instance, owner)

    def __set__(self, instance: Any, value: Any) -> None:
        self.wrapped.__set__(instance, value)

    def has_value(self, instance: Any, language: str) -> bool:
        value = getattr(instance, build_localized_fieldname(self.field_name, language), None)
        default = self.wrapped.field.get_default()
        return bool(self.wrapped.meaningful_value(value, default)) and value != ""


def _descriptor(model: type, field_name: str) -> SourceLanguageFallback | None:
    descriptor = getattr(model, field_name, None)
    return descriptor if isinstance(descriptor, SourceLanguageFallback) else None


def descriptor_has_value(instance: Any, field_name: str, language: str) -> bool:
    """Whether ``field_name`` has real text in ``language`` (empty StreamFields count as none)."""
    descriptor = _descriptor(type(instance), field_name)
    return descriptor is not None and descriptor.has_value(instance, language)


def displayed_language(instance: Any, field_name: str, language: str | None = None) -> str | None:
    """The language whose text is shown for ``field_name`` when ``language`` is active.

    ``None`` means neither the requested nor the source language has text.
    """
    descriptor = _descriptor(type(instance), field_name)
    if descriptor is None:
        return None
    language = language or get_language()
    candidates = [language]
    source = getattr(instance, "source_language", None)
    if fallbacks_enabled() and source and source != language:
        candidates.append(source)
    for candidate in candidates:
        if descriptor.has_value(instance, candidate) and _may_show(instance, field_name, candidate):
            return candidate
    return None


def _may_show(instance: Any, field_name: str, language: str) -> bool:
    """The translation pipeline may hide unreviewed machine drafts (see ``registry.DraftDisplay``);
    the source language is never hidden."""
    if language == getattr(instance, "source_language", None):
        return True
    return draft_display().may_show(instance, field_name, language)


def is_fallback(instance: Any, field_name: str, language: str | None = None) -> bool:
    """True when the field is shown in another language than the requested one."""
    language = language or get_language()
    shown = displayed_language(instance, field_name, language)
    return shown is not None and shown != language


def translated_field_names(model: type) -> list[str]:
    """The translatable fields of ``model`` (inherited Page ones first), in model order."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    wanted = {name for name in options.all_fields if name not in UNWRAPPED_FIELDS}
    return [field.name for field in model._meta.get_fields() if field.name in wanted]


def required_translated_fields(model: type) -> list[str]:
    """Translatable fields that must have text in the source language."""
    return [name for name in translated_field_names(model) if not model._meta.get_field(name).blank]


def install_source_language_support() -> None:
    """Make source-language models fall back to, and require text in, their source language.

    wagtail-modeltranslation makes the *English* column of a required field
    mandatory; a Danish author must not be forced to write English, so every
    language column becomes optional and ``ExchangePage.clean`` requires the
    source-language one instead.
    """
    for model in translator.get_registered_models():
        if not hasattr(model, "source_language"):
            continue
        for field_name in [*translated_field_names(model), *UNWRAPPED_FIELDS]:
            for code, _name in settings.LANGUAGES:
                localized = build_localized_fieldname(field_name, code)
                if hasattr(model, localized):
                    model._meta.get_field(localized).blank = True
        for field_name in translated_field_names(model):
            current = getattr(model, field_name)
            if isinstance(current, SourceLanguageFallback):
                continue
            setattr(model, field_name, SourceLanguageFallback(current, field_name))


def language_name(code: str) -> str:
    """The display name of a language code from ``settings.LANGUAGES``."""
    return str(dict(settings.LANGUAGES).get(code, code))
