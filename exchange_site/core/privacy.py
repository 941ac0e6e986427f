"""What a reader may see in lists: Wagtail's view restrictions applied to every reader query.

Wagtail checks a private page's restrictions when the page itself is served
(``before_serve_page``), but a listing that uses ``.live()`` shows its title,
summary and link to everyone, and ``.public()`` hides it even from readers who
may see it. ``ExchangePageQuerySet.for_reader(request)`` is the one filter all
reader-facing lists, counts, links, feeds, calendars, menus and search go
through; ``tests/test_privacy.py`` fails when reader code calls ``.live()`` or
``.public()`` itself.

The restrictions are read with one query and cached under the privacy version
(``exchange_site.core.content_cache``), which every privacy change and page move bumps
(with the structure, content and menu versions, so cached fragments and menus go too):
views pay no query for it, even after a publish, and a changed restriction
is seen at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Self

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest

from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from .content_cache import CACHE_SECONDS, privacy_version

_REQUEST_ATTRIBUTE = "_exchange_reader_audience"


@dataclass(frozen=True)
class Restriction:
    """A view restriction as the reader filter needs it: no model instance, cacheable."""

    pk: int
    kind: str
    path: str
    group_ids: frozenset[int]


def carries_session(request: HttpRequest) -> bool:
    """Whether the request comes with a session: a logged-in reader, or a visitor who entered
    a page's password. Such a reader may be shown private text, so what they get is neither
    compressed (``exchange_site.seo.compression``) nor kept by shared caches
    (``exchange_site.security.headers``)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def view_restrictions() -> list[Restriction]:
    """Every view restriction of the site, from one query cached per privacy version."""
    key = f"privacy:restrictions:{privacy_version()}"
    restrictions = cache.get(key)
    if restrictions is None:
        rows: dict[int, tuple[str, str, set[int]]] = {}
        # One row per (restriction, group): the groups come with the same query.
        for pk, kind, path, group_id in PageViewRestriction.objects.values_list(
            "pk", "restriction_type", "page__path", "groups"
        ):
            rows.setdefault(pk, (kind, path, set()))[2].update([group_id] if group_id else [])
        restrictions = [
            Restriction(pk, kind, path, frozenset(groups))
            for pk, (kind, path, groups) in sorted(rows.items())
        ]
        cache.set(key, restrictions, CACHE_SECONDS)
    return restrictions


def passes_in_lists(restriction: Restriction, request: HttpRequest | None) -> bool:
    """Whether a page behind ``restriction`` may be listed for this reader.

    Follows ``BaseViewRestriction.accept_request`` (a superuser passes group
    restrictions, any logged-in user a login restriction) with one exception:
    a password-protected page is never listed, not even to a visitor who
    entered its password, as Wagtail's own listings never reveal one either.
    """
    user = getattr(request, "user", None)
    if restriction.kind == PageViewRestriction.LOGIN:
        return bool(user and user.is_authenticated)
    if restriction.kind == PageViewRestriction.GROUPS:
        if not (user and user.is_authenticated):
            return False
        return user.is_superuser or bool(restriction.group_ids & _group_ids(request))
    return False  # password, or a kind this code does not know: hide


def _group_ids(request: HttpRequest) -> frozenset[int]:
    """The reader's groups, asked once per request and only when a group restriction exists."""
    if not hasattr(request, "_exchange_reader_groups"):
        request._exchange_reader_groups = frozenset(
            request.user.groups.values_list("pk", flat=True)
        )
    return request._exchange_reader_groups


@dataclass(frozen=True)
class Audience:
    """What one reader may see: the paths hidden from them, and a cache key for it.

    Readers who pass the same restrictions see the same lists, so ``cache_key``
    names that set: anonymous visitors and readers who pass nothing share it.
    """

    hidden_paths: tuple[str, ...]
    cache_key: str

    def hides(self, page: Page) -> bool:
        return any(page.path.startswith(path) for path in self.hidden_paths)


def reader_audience(request: HttpRequest | None) -> Audience:
    """The reader's audience, worked out once per request (``None``: an anonymous reader)."""
    cached = getattr(request, _REQUEST_ATTRIBUTE, None)
    if cached is not None:
        return cached
    restrictions = view_restrictions()
    passed = [r.pk for r in restrictions if passes_in_lists(r, request)]
    hidden = tuple(sorted({r.path for r in restrictions if r.pk not in passed}))
    key = hashlib.blake2b(repr(passed).encode(), digest_size=8).hexdigest() if passed else "all"
    audience = Audience(hidden_paths=hidden, cache_key=key)
    if request is not None:
        setattr(request, _REQUEST_ATTRIBUTE, audience)
    return audience


def visible_to_reader(page: Page | None, request: HttpRequest | None) -> bool:
    """Whether an already loaded page (a foreign key, say) may be shown to this reader."""
    return bool(page is not None and page.live and not reader_audience(request).hides(page))


class ExchangePageQuerySet(PageQuerySet):
    """Wagtail's page queryset plus the reader filter; the default of every exchange page."""

    def for_reader(self, request: HttpRequest | None) -> Self:
        """Live pages this reader may see listed, linked, counted or summarised.

        ``request`` is the reader's request (``None`` means anonymous). Excluded
        are pages that are not live and pages on or below a page with a view
        restriction the reader does not pass in lists (see ``passes_in_lists``:
        login and group restrictions as Wagtail checks them, password
        restrictions always). Works on every manager and related manager of an
        exchange page (``PracticePage.objects``, ``self.related_practices``,
        ``self.discussed_in_meetings``, ...) and, through ``reader_pages()``, on
        pages of any type (menus, search). Costs no query on a repeat view.
        """
        hidden = Q()
        for path in reader_audience(request).hidden_paths:
            hidden |= Q(path__startswith=path)
        queryset = self.live()
        return queryset.exclude(hidden) if hidden else queryset


ExchangePageManager = PageManager.from_queryset(ExchangePageQuerySet)


def reader_pages() -> ExchangePageQuerySet:
    """Pages of every type (``Page.objects``) with ``for_reader``: for menus and site search."""
    return ExchangePageQuerySet(Page).order_by("path")
