"""Template helpers that make the language of every piece of text visible."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils import translation

from modeltranslation.utils import get_language

from home.i18n import displayed_language, language_name

register = template.Library()


@register.simple_tag
def field_lang(instance, field_name: str) -> str:
    """The language code of the text shown for a field, for the HTML ``lang`` attribute."""
    return displayed_language(instance, field_name) or get_language()


@register.inclusion_tag("includes/fallback_notice.html", takes_context=True)
def fallback_notice(context, page) -> dict:
    """Tells the reader when (parts of) a page are shown in their original language."""
    fallback_fields = page.fallback_fields() if hasattr(page, "fallback_fields") else []
    source = getattr(page, "source_language", "")
    source_url = ""
    if fallback_fields and source:
        with translation.override(source):
            source_url = page.get_url(context.get("request"))
    return {
        "source_url": source_url,
        "page": page,
        "fallback_fields": fallback_fields,
        "current_language_name": language_name(get_language()),
        "source_language_name": language_name(getattr(page, "source_language", "")),
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
