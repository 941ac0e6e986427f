"""Context shared by every front-end template."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import get_language

from wagtail.models import Site

from .content_cache import CACHE_SECONDS, menu_version
from .privacy import reader_audience, reader_pages
from .registry import draft_display


def site_menu(request) -> dict:
    """The home page's children shown in menus, as ``{pk, title, url}`` in this language.

    Every page renders the menu, so it is cached until a top-level page or
    a view restriction changes (see ``exchange_site.core.content_cache``), per audience (what
    the reader may see, ``exchange_site.core.privacy``): no query on most requests.
    """
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"site_menu": []}
    audience = reader_audience(request).cache_key
    key = f"site-menu:{menu_version()}:{site.pk}:{get_language()}:{audience}"
    items = cache.get(key)
    if items is None:
        items = [
            {"pk": page.pk, "title": page.title, "url": page.get_url(request)}
            for page in reader_pages().child_of(site.root_page).for_reader(request).in_menu()
        ]
        cache.set(key, items, CACHE_SECONDS)
    return {"site_menu": items}


def fragment_cache(request) -> dict:
    """What a cached fragment's key needs besides the page's ``cache_version``: the draft
    display mode and the reader's audience, so a fragment listing login-only pages is
    never served to a reader who may not see them.

    Previews are never cached: they show unpublished content.
    """
    if getattr(request, "is_preview", False):
        key = None
    else:
        audience = reader_audience(request).cache_key
        key = f"{int(draft_display().hidden())}:{audience}"
    return {
        "fragment_cache_key": key,
        "fragment_cache_seconds": CACHE_SECONDS,
    }
