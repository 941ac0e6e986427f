"""sitemap.xml: every page an anonymous reader may see, in every language, with hreflang.

Built on ``django.contrib.sitemaps`` rather than ``wagtail.contrib.sitemaps``:
Wagtail's lists each page once, at the URL of the active language, and selects
pages with ``.live().public()`` — our pages live at four URLs (translated
slugs under /en/, /da/, /de/, /fr/), and every reader list goes through
``for_reader``. Django's sitemap gives each (page, language) pair its own
``<url>`` with ``xhtml:link`` alternates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest

from wagtail.models import Page, Site

from exchange_site.core.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from exchange_site.core.privacy import reader_pages


class ReaderPageSitemap(Sitemap):
    """The request's site's pages as an anonymous reader sees them (``for_reader(None)``).

    A page with a view restriction of any kind (password, login, groups), on
    itself or on an ancestor, is left out, whoever asks for the sitemap.
    """

    i18n = True
    alternates = True
    languages = list(LANGUAGE_CODES)
    # x-default points at the page's original (its source language), as the pages'
    # own <link rel="alternate"> do, not at the site's default language.
    x_default = False

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def items(self) -> list[Page]:
        site = Site.find_for_request(self.request)
        if site is None:
            return []
        pages = reader_pages().descendant_of(site.root_page, inclusive=True).for_reader(None)
        return list(pages.specific())

    def location(self, item: Page) -> str:
        return item.get_url(self.request)

    def lastmod(self, item: Page) -> datetime | None:
        return item.last_published_at

    def get_urls(self, page: int = 1, site: Any = None, protocol: str | None = None) -> list:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            item, _language = url["item"]
            original = getattr(item, "source_language", DEFAULT_LANGUAGE)
            url["alternates"] += [
                {"location": alternate["location"], "lang_code": "x-default"}
                for alternate in url["alternates"]
                if alternate["lang_code"] == original
            ]
        return urls
