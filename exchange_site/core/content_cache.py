"""One version number for everything readers see, so rendered fragments can be cached.

Any publish, unpublish, move or deletion of a page, any change of a page's
privacy (a view restriction added, changed or removed, on the page or on a
parent; it hides or shows every page below it) and any save of a model a
content app names in ``invalidate_content_on_save`` (the practices' topics and
SDGs) bumps the version; cache keys that include it (the menu, practice
articles) are then never read again. Coarse on purpose:
the exchange publishes a few pages a day, so invalidating everything on
each publish costs little and can never leave a stale title in a related
card. With the default per-process cache, another process's publish (the
task worker writing machine drafts) is seen when entries expire after
``CACHE_SECONDS``; a shared ``CACHES`` backend makes it immediate.
"""

from __future__ import annotations

import time
from contextlib import suppress

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .registry import translation_state_changed

CONTENT_VERSION_KEY = "content:version"
MENU_VERSION_KEY = "content:menu-version"
PRIVACY_VERSION_KEY = "content:privacy-version"
CACHE_SECONDS = 300
MENU_DEPTH = 3  # the site root's children: the pages a menu can show


def _version(key: str) -> int:
    """A version number that starts at the current time, not at 1.

    A full cache drops entries (LocMemCache culls a third when full), the version
    among them; restarting at 1 would read entries cached under 1 before a
    privacy change. A fresh start can never meet an older entry.
    """
    return cache.get_or_set(key, time.time_ns, None)


def content_version() -> int:
    return _version(CONTENT_VERSION_KEY)


def menu_version() -> int:
    """Changes only when a top-level page changes, so most publishes keep the menu cached."""
    return _version(MENU_VERSION_KEY)


def privacy_version() -> int:
    """Changes with view restrictions and page paths only: publishing keeps it (and one query)."""
    return _version(PRIVACY_VERSION_KEY)


def bump_content_version(instance=None, **kwargs) -> None:
    keys = [CONTENT_VERSION_KEY]
    if not isinstance(instance, Page) or instance.depth <= MENU_DEPTH:
        keys.append(MENU_VERSION_KEY)
    for key in keys:
        with suppress(ValueError):  # no version yet: nothing was cached with one either
            cache.incr(key)


def bump_privacy_version(**kwargs) -> None:
    """A privacy change can hide or show any page in any list or menu: every version moves."""
    for key in (PRIVACY_VERSION_KEY, CONTENT_VERSION_KEY, MENU_VERSION_KEY):
        with suppress(ValueError):
            cache.incr(key)


def invalidate_content_on_save(*models) -> None:
    """Content apps name the non-page models readers see in pages (taxonomy snippets)."""
    for model in models:
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"content_{model}")


def connect_invalidation() -> None:
    for number, signal in enumerate((page_published, page_unpublished, post_page_move)):
        signal.connect(bump_content_version, dispatch_uid=f"content_version_{number}")
    # Machine-draft marks are cached under the content version too.
    translation_state_changed.connect(bump_content_version, dispatch_uid="content_translation")
    post_delete.connect(bump_content_version, sender=Page, dispatch_uid="content_version_delete")
    # A move changes the paths the restrictions are matched by.
    post_page_move.connect(bump_privacy_version, dispatch_uid="privacy_version_move")
    for signal in (post_save, post_delete):
        signal.connect(
            bump_privacy_version, sender=PageViewRestriction, dispatch_uid=f"privacy_{signal}"
        )
    m2m_changed.connect(
        bump_privacy_version,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="privacy_version_groups",
    )
