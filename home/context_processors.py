"""Context shared by every front-end template."""

from __future__ import annotations

from contextlib import suppress

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.utils.translation import get_language

from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

MENU_VERSION_KEY = "site-menu:version"
# Invalidation reaches other processes (the task worker publishes translated
# titles) only through a shared cache; with the default per-process cache a
# changed menu title shows within this many seconds.
MENU_CACHE_SECONDS = 300


def site_menu(request) -> dict:
    """The home page's children shown in menus, as ``{pk, title, url}`` in this language.

    Every page renders the menu, so it is cached (no query on most requests)
    and invalidated whenever a page is published, unpublished, moved or deleted.
    """
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"site_menu": []}
    version = cache.get_or_set(MENU_VERSION_KEY, 1, None)
    key = f"site-menu:{version}:{site.pk}:{get_language()}"
    items = cache.get(key)
    if items is None:
        items = [
            {"pk": page.pk, "title": page.title, "url": page.get_url(request)}
            for page in site.root_page.get_children().live().in_menu()
        ]
        cache.set(key, items, MENU_CACHE_SECONDS)
    return {"site_menu": items}


def forget_site_menu(**kwargs) -> None:
    with suppress(ValueError):  # no version yet: nothing cached either
        cache.incr(MENU_VERSION_KEY)


def connect_menu_invalidation() -> None:
    for number, signal in enumerate((page_published, page_unpublished, post_page_move)):
        signal.connect(forget_site_menu, dispatch_uid=f"forget_site_menu_{number}")
    post_delete.connect(forget_site_menu, sender=Page, dispatch_uid="forget_site_menu_delete")
