"""Every language's site root paths for a request's page URLs, from one cache read.

A page's URL starts from its Site's root path, which wagtail-modeltranslation
translates (``url_path`` has a column per language). It keeps the root paths
in the cache under one key per language, and on the request only those of the
last language asked for. A page view builds links in all four languages (the
language switcher, the alternate links, a fallback's link to its original), so
each switch read the cache again: 4–6 reads per rendered view, each a query
with the database cache, and cold, one query of the Sites per language.

Here the first URL of a request reads all four languages with one
``get_many`` of modeltranslation's own keys, so its invalidation (on a Site's
or a root page's change) still applies, and when one is missing, one query
computes all four. Written here because modeltranslation offers no hook for
it; what a URL is made of is unchanged, and ``tests/test_page_urls.py`` compares
it with modeltranslation's own answer.

One difference, accepted: what holds the root paths (a request, or a page
object used without one) keeps all four languages from its first read, so a
Site change made while it lives shows only in the next request or a freshly
loaded page, as Wagtail's own request-held root paths behave.
"""

from __future__ import annotations

from django.apps import apps
from django.core.cache import cache
from django.utils.translation import override

from wagtail.models import Page, Site
from wagtail.models.sites import SiteRootPath

from modeltranslation.utils import get_language as translated_column_language
from wagtail_modeltranslation.patch_wagtailadmin import (
    _new_get_site_root_paths as one_language_per_read,
)

from .languages import LANGUAGE_CODES

#: wagtail-modeltranslation's cache key and lifetime, so that its invalidation covers ours.
_CACHE_KEY = "wagtail_site_root_paths_{}"
_CACHE_SECONDS = 3600
_ON_HOLDER = "_exchange_site_root_paths"


def site_root_paths_by_language() -> dict[str, list[SiteRootPath]]:
    """Each language's ``Site.get_site_root_paths()``: one cache read, one query when cold."""
    keys = {code: _CACHE_KEY.format(code) for code in LANGUAGE_CODES}
    rows = cache.get_many(list(keys.values()))
    if len(rows) < len(keys):
        sites = list(Site.objects.select_related("root_page", "root_page__locale"))
        rows = {}
        for code, key in keys.items():
            with override(code):  # the root page's url_path in this language, with its fallback
                rows[key] = sorted(
                    (
                        (
                            site.id,
                            site.root_page.url_path,
                            site.root_url,
                            site.root_page.locale.language_code,
                        )
                        for site in sites
                    ),
                    # As Wagtail orders them: a deeper root first, so it matches before its parent.
                    key=lambda row: row[1],
                    reverse=True,
                )
        cache.set_many(rows, _CACHE_SECONDS)
    return {code: [SiteRootPath(*row) for row in rows[key]] for code, key in keys.items()}


def _get_site_root_paths(self: Page, cache_object=None, **kwargs) -> list[SiteRootPath]:
    """``Page._get_site_root_paths`` for the active language, all languages kept on the request.

    The language is the one whose ``url_path`` column modeltranslation reads
    (also with none active, or a regional variant: then the default language),
    as its own lookup does.
    """
    language = translated_column_language()
    holder = cache_object or kwargs.get("request") or self
    by_language = getattr(holder, _ON_HOLDER, None)
    if by_language is None:
        by_language = site_root_paths_by_language()
        setattr(holder, _ON_HOLDER, by_language)
    return by_language[language]


def install_site_root_paths() -> None:
    """Replace modeltranslation's one-language-at-a-time lookup wherever it put it."""
    for model in apps.get_models():
        if model.__dict__.get("_get_site_root_paths") is one_language_per_read:
            model._get_site_root_paths = _get_site_root_paths
