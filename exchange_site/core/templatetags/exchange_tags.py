"""Template helpers that make the language of every piece of text visible."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.translation import get_language_info

from modeltranslation.utils import get_language

from exchange_site.core import metadata
from exchange_site.core.i18n import displayed_language, translated_field_names
from exchange_site.core.languages import LANGUAGES_BY_CODE
from exchange_site.core.privacy import visible_to_reader
from exchange_site.core.registry import draft_display

register = template.Library()


@register.simple_tag
def field_lang(instance, field_name: str) -> str:
    """The language code of the text shown for a field, for the HTML ``lang`` attribute."""
    return displayed_language(instance, field_name) or get_language()


@register.simple_tag(takes_context=True)
def reader_page(context, page):
    """``page`` if this reader may see it, else ``None``: for pages reached through a foreign
    key (a host or owning library), which no ``for_reader`` query filtered.

    ``{% reader_page meeting.host_library as host %}{% if host %}…{% endif %}``
    """
    return page if visible_to_reader(page, context.get("request")) else None


@register.inclusion_tag("includes/fallback_notice.html", takes_context=True)
def fallback_notice(context, page) -> dict:
    """Tells the reader what they are reading: the original, a fallback, or a machine draft.

    Fields shown in the source language because the reader's language has no
    text are listed as fallbacks; fields whose text is an unreviewed machine
    translation are listed as such, both with a link to the original.
    """
    language = get_language()
    source = getattr(page, "source_language", "")
    fallback_fields = page.fallback_fields() if hasattr(page, "fallback_fields") else []
    machine_fields = []
    if source and source != language and getattr(page, "pk", None):
        drafts = draft_display().machine_fields(page, language)
        machine_fields = [
            name
            for name in translated_field_names(type(page))
            if name in drafts and displayed_language(page, name) == language
        ]
    source_url = ""
    if (fallback_fields or machine_fields) and source:
        with translation.override(source):
            source_url = page.get_url(context.get("request"))
    phrases = LANGUAGES_BY_CODE.get(source)
    return {
        "source_url": source_url,
        "page": page,
        "fallback_fields": fallback_fields,
        "machine_fields": machine_fields,
        "into_current_language": LANGUAGES_BY_CODE[language].into_phrase,
        "from_source_language": phrases.from_phrase if phrases else "",
        "in_source_language": phrases.in_phrase if phrases else "",
        "source_language": source,
    }


def language_versions(context, page=None) -> list[dict]:
    """The current page (or view) in every language, with the URL of each version.

    Pages give their own URL per language (translated slugs); other views,
    such as search, keep their path and query and swap the language prefix.
    """
    request = context.get("request")
    current = get_language()
    if not hasattr(page, "get_url"):
        page = None
    # The head's alternate links and the header's switcher both ask: work it out once.
    memo = request.__dict__.setdefault("_exchange_language_versions", {}) if request else {}
    key = (id(page), current)  # the same page object throughout the request
    if key not in memo:
        memo[key] = _language_versions(request, current, page)
    return memo[key]


def _language_versions(request, current: str, page) -> list[dict]:
    versions = []
    for code, name in settings.LANGUAGES:
        if page is not None:
            with translation.override(code):
                url = page.get_url(request)
        else:
            url = translate_url(request.get_full_path(), code) if request else f"/{code}/"
        versions.append(
            {
                "code": code,
                "name": translation.gettext(name),
                "url": url,
                "is_current": code == current,
                "is_source": page is not None and code == getattr(page, "source_language", ""),
            }
        )
    return versions


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context, page=None) -> dict:
    """Links to the same page in every language."""
    return {"links": language_versions(context, page)}


@register.inclusion_tag("includes/alternate_links.html", takes_context=True)
def alternate_links(context, page=None) -> dict:
    """``<link rel="alternate" hreflang>`` for every language, plus ``x-default``.

    ``x-default`` points at the page's original (its source language), the
    version a reader with none of our languages is best served by.
    """
    request = context.get("request")
    versions = language_versions(context, page)
    default = next(
        (v for v in versions if v["is_source"]),
        next(v for v in versions if v["code"] == settings.LANGUAGE_CODE),
    )
    absolute = request.build_absolute_uri if request else str
    return {
        "alternates": [{"hreflang": v["code"], "href": absolute(v["url"])} for v in versions]
        + [{"hreflang": "x-default", "href": absolute(default["url"])}],
        "canonical": next(absolute(v["url"]) for v in versions if v["is_current"]),
    }


@register.inclusion_tag("includes/page_metadata.html", takes_context=True)
def page_metadata(context, page=None) -> dict:
    """Meta description, Open Graph and Twitter card tags and JSON-LD of the page.

    Views that are not pages (search) get the site's description only.
    """
    request = context.get("request")
    if not hasattr(page, "structured_data"):
        return {"description": metadata.page_description(None), "request": request}
    return {
        "description": metadata.page_description(page),
        "og": metadata.open_graph(page, request),
        "structured_data": metadata.json_ld(page.structured_data(request)),
        "request": request,
    }


class DocumentTitleNode(template.Node):
    """Renders its content (the page's part of the title) into the full ``<title>`` text."""

    def __init__(self, nodelist: template.NodeList, page: template.base.FilterExpression) -> None:
        self.nodelist = nodelist
        self.page = page

    def render(self, context) -> str:
        page = self.page.resolve(context)
        is_home = metadata.is_home_page(page, context.get("request"))
        title = metadata.document_title(self.nodelist.render(context), is_home=is_home)
        return conditional_escape(title)


@register.tag("document_title")
def document_title(parser, token) -> DocumentTitleNode:
    """``{% document_title page %}{% block title %}…{% endblock %}{% enddocument_title %}``:
    "Page — Site" within 60 characters (``core.metadata.document_title``), while child
    templates still override the page's part with ``{% block title %}``."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% document_title %} takes the page (or None)")
    nodelist = parser.parse(("enddocument_title",))
    parser.delete_first_token()
    return DocumentTitleNode(nodelist, parser.compile_filter(bits[1]))


@register.inclusion_tag("includes/card_languages.html")
def card_languages(item, *field_names: str) -> dict:
    """Tags for a card whose text is not in the reader's language, or is an unreviewed
    machine translation into it (``field_names``: the fields the card shows)."""
    reader_language = get_language()
    names = [name for name in field_names if name]
    shown = {name: displayed_language(item, name) for name in names}
    other = list(dict.fromkeys(code for code in shown.values() if code and code != reader_language))
    machine = False
    translated = [name for name, code in shown.items() if code == reader_language]
    if translated and getattr(item, "source_language", reader_language) != reader_language:
        drafts = draft_display().machine_fields(item, reader_language)
        machine = any(name in drafts for name in translated)
    return {
        "languages": [
            {"code": code, "name": get_language_info(code)["name_local"].capitalize()}
            for code in other
        ],
        "machine": machine,
    }
