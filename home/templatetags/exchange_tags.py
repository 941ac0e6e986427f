"""Template helpers that make the language of every piece of text visible."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils import translation

from modeltranslation.utils import get_language

from home.i18n import displayed_language, language_name, translated_field_names

register = template.Library()


@register.simple_tag
def field_lang(instance, field_name: str) -> str:
    """The language code of the text shown for a field, for the HTML ``lang`` attribute."""
    return displayed_language(instance, field_name) or get_language()


@register.inclusion_tag("includes/fallback_notice.html", takes_context=True)
def fallback_notice(context, page) -> dict:
    """Tells the reader what they are reading: the original, a fallback, or a machine draft.

    Fields shown in the source language because the reader's language has no
    text are listed as fallbacks; fields whose text is an unreviewed machine
    translation are listed as such, both with a link to the original.
    """
    from exchange_site.translation.display import machine_draft_fields

    language = get_language()
    source = getattr(page, "source_language", "")
    fallback_fields = page.fallback_fields() if hasattr(page, "fallback_fields") else []
    machine_fields = []
    if source and source != language and getattr(page, "pk", None):
        drafts = machine_draft_fields(page, language)
        machine_fields = [
            name
            for name in translated_field_names(type(page))
            if name in drafts and displayed_language(page, name) == language
        ]
    source_url = ""
    if (fallback_fields or machine_fields) and source:
        with translation.override(source):
            source_url = page.get_url(context.get("request"))
    return {
        "source_url": source_url,
        "page": page,
        "fallback_fields": fallback_fields,
        "machine_fields": machine_fields,
        "current_language_name": language_name(language),
        "source_language_name": language_name(source),
        "source_language": source,
    }


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context, page=None) -> dict:
    """Links to the same page in every language (the page's own URL in that language)."""
    current = get_language()
    if not hasattr(page, "get_url"):
        page = None
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            url = page.get_url(context.get("request")) if page is not None else f"/{code}/"
            links.append(
                {
                    "code": code,
                    "name": translation.gettext(name),
                    "url": url,
                    "is_current": code == current,
                    "is_source": page is not None and code == getattr(page, "source_language", ""),
                }
            )
    return {"links": links}
