"""What a page tells search engines and link previews: title, description, Open Graph, JSON-LD.

Each page type describes itself (``ExchangePage.description_field``,
``social_image()``, ``structured_data(request)``); this module holds the rules
they share — how long a title or description may be, which text describes a
page in the reader's language, how JSON-LD is made safe to put in a page —
so that ``{% page_metadata %}`` renders every type the same way.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from wagtail.models import Page, Site

from .i18n import descriptor_has_value, displayed_language
from .languages import LANGUAGE_TABLE, language

#: Search engines show about 60 characters of a title and 155 of a description.
TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 155
TITLE_SEPARATOR = " — "
TITLE_MIN_PAGE_PART = 30
ELLIPSIS = "…"
#: The Open Graph image size link previews expect (1.91:1).
SOCIAL_IMAGE_FILTER = "fill-1200x630"

_WHITESPACE = re.compile(r"\s+")
# What ``django.utils.html.json_script`` escapes; that helper cannot set the
# ``application/ld+json`` type, so the same escaping is applied here.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def site_name() -> str:
    """The site's name in the reader's language (the same words as the header)."""
    return gettext("Partner Library Exchange")


def site_description() -> str:
    """What describes a page that has no text of its own to describe it."""
    return gettext(
        "The partner public libraries of Ballerup, Dresden and Strasbourg share their "
        "practices, meeting minutes and exchange trips in four languages."
    )


def plain_text(value: Any) -> str:
    """Text without markup, entities resolved, whitespace collapsed (for meta tags and JSON-LD)."""
    return _WHITESPACE.sub(" ", html.unescape(strip_tags(str(value or "")))).strip()


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis.

    Django's ``Truncator.chars`` cuts inside words; a single word longer than
    the limit is the only thing cut in the middle here.
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS) + 1]
    words = cut.rsplit(" ", 1)[0] if " " in cut else cut[:-1]
    return words.rstrip(" ,;:.–—-") + ELLIPSIS


def is_home_page(page: Page | None, request: HttpRequest | None) -> bool:
    """Whether ``page`` is the root of the reader's site (its title is the site's name)."""
    if not isinstance(page, Page) or request is None:
        return False
    site = Site.find_for_request(request)
    return site is not None and site.root_page_id == page.pk


def document_title(page_part: str, *, is_home: bool = False) -> str:
    """The ``<title>``: "Page — Site", at most ``TITLE_LIMIT`` characters.

    The site's name is left out on the home page (whose title names the site)
    and wherever the page's part already says it. A long page part is
    shortened, not the site's name — but never below ``TITLE_MIN_PAGE_PART``
    characters: where the site's name is long (French: 40 characters) the
    page's own words matter more, and the name is left out instead.
    """
    page_part = plain_text(page_part)
    name = site_name()
    if not page_part:
        return name
    room = TITLE_LIMIT - len(TITLE_SEPARATOR) - len(name)
    if is_home or name.casefold() in page_part.casefold():
        return shorten(page_part, TITLE_LIMIT)
    if len(page_part) > room and room < TITLE_MIN_PAGE_PART:
        return shorten(page_part, TITLE_LIMIT)
    return f"{shorten(page_part, room)}{TITLE_SEPARATOR}{name}"


def page_description(page: Page | None) -> str:
    """The page's meta description: its own words in the reader's language if it has any.

    Tried in order: the search description, then the page type's describing
    field (``description_field``: summary, introduction, profile), first in
    the reader's language, then in whatever language the page falls back to;
    else the site's description.
    """
    fields = ["search_description", getattr(page, "description_field", None)]
    fields = [name for name in fields if name and hasattr(page, name)]
    reader_language = get_language()
    for only_readers_language in (True, False):
        for name in fields:
            shown = displayed_language(page, name)
            if shown is None or (only_readers_language and shown != reader_language):
                continue
            text = plain_text(getattr(page, name))
            if text:
                return shorten(text, DESCRIPTION_LIMIT)
    return shorten(site_description(), DESCRIPTION_LIMIT)


def absolute_url(page: Page, request: HttpRequest | None) -> str:
    """The page's URL in the active language, absolute (on the request's host if there is one)."""
    url = page.get_url(request) or ""
    return request.build_absolute_uri(url) if request is not None else page.get_full_url()


def page_languages(page: Page) -> list[str]:
    """Codes of the languages the page has its own title in (its source and its translations)."""
    return [
        row.code
        for row in LANGUAGE_TABLE
        if not hasattr(page, "source_language") or descriptor_has_value(page, "title", row.code)
    ]


def web_page_data(page: Page, request: HttpRequest | None) -> dict[str, Any]:
    """What every page says about itself in schema.org terms (``WebPage`` and its kin)."""
    url = absolute_url(page, request)
    return {
        "@context": "https://schema.org",
        "@type": getattr(page, "schema_type", "WebPage"),
        "@id": url,
        "url": url,
        "name": plain_text(page.title),
        "description": page_description(page),
        "inLanguage": displayed_language(page, "title") or get_language(),
        "isPartOf": {
            "@type": "WebSite",
            "name": site_name(),
            "url": request.build_absolute_uri(f"/{get_language()}/") if request else "",
        },
    }


def social_image_url(page: Page, request: HttpRequest | None) -> str:
    """Absolute URL of the page's image cut for link previews, or "" when it has none."""
    image = page.social_image() if hasattr(page, "social_image") else None
    if image is None:
        return ""
    url = image.get_rendition(SOCIAL_IMAGE_FILTER).url
    return request.build_absolute_uri(url) if request is not None else url


def open_graph(page: Page, request: HttpRequest | None) -> dict[str, Any]:
    """The Open Graph / Twitter card values of a page (the template writes the tags)."""
    current = get_language()
    return {
        "title": plain_text(page.seo_title or page.title),
        "description": page_description(page),
        "url": absolute_url(page, request),
        "type": getattr(page, "open_graph_type", "website"),
        "site_name": site_name(),
        "image": social_image_url(page, request),
        "locale": language(current).locale,
        "locale_alternates": [
            language(code).locale for code in page_languages(page) if code != current
        ],
    }


def json_ld(data: dict[str, Any]) -> SafeString:
    """``data`` as JSON that cannot end the ``<script>`` element it is written into."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=False)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - escaped above
