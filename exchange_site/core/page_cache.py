"""Whole reader pages for anonymous readers, answered before routing.

Most readers are anonymous and read the same pages. The fragment cache keeps the
expensive article, but every request still routes the URL through the page tree
and the view restrictions (six to eight queries), builds the chrome (menu,
language switcher, alternate links, metadata) and runs the page's own queries.
This cache keeps the finished answer of a page view and gives it to the next
anonymous reader of the same address without routing at all.

Two entries per page view:

* the *address*: which page a (scheme, host, path, language) named when it was
  stored;
* the *answer*, keyed by the address, that page and everything else the view
  depends on: the page's ``page_view_version`` (the page and every page it shows,
  the menu, and the structure version, which moves with every change that can
  make an address name another page or none, or put it under a view restriction:
  a slug, a move, unpublishing, deleting, a restriction, a Site), the reader's
  audience, whether machine drafts are hidden, and today's date (upcoming trips
  and overdue action items change at midnight). An address that names another
  page now finds no answer under the new structure version, and is routed.

So invalidation is the content cache's own (``exchange_site.core.content_cache``);
nothing here needs to be told about a publish. A view is stored only from
inside Wagtail's view-restriction check (an ``on_serve_page`` hook), and only
when nothing about the reader can change it: a GET with no query string (filters,
pagination and search stay live), not a preview, by a reader who is not logged
in (editors see the user bar; login and group restrictions pass only for
members), of a page under no view restriction at all (gates and password pages
are never stored), answered with a plain 200 that sets no cookie and does not
ask not to be cached. The lookup (``ReaderPageCacheMiddleware``) asks the same of
the request before Wagtail's serve view runs, and notes ``content_version`` and
the date before routing; a view is stored only if neither moved until it was
rendered. Its key is read after rendering, so a publish, unpublish or
restriction committed meanwhile would otherwise keep the old rows under the new
versions: the next readers would get the page as it was, or unpublished.

Why written here rather than Django's ``cache_page`` or cache middleware: those
key on the URL and headers only, so a publish would show only once they expire,
and they would store a gate or a logged-in view. The CSP nonce differs per
request: it is stored as a placeholder and the reader's own nonce put back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.translation import get_language

from wagtail import views as wagtail_views
from wagtail.models import Page

from .content_cache import content_version, page_view_version
from .privacy import reader_audience, view_restrictions
from .registry import draft_display

_NONCE_PLACEHOLDER = b"__exchange-csp-nonce__"
_NOT_STORED_HEADERS = {"content-length", "set-cookie"}
_ROUTED_AT = "_reader_page_cache_routed_at"

ServeChain = Callable[[Page, HttpRequest, tuple, dict], HttpResponse]


def cache_seconds() -> int:
    """``READER_PAGE_CACHE_SECONDS``; 0 switches the whole-page cache off."""
    return int(getattr(settings, "READER_PAGE_CACHE_SECONDS", 0))


def _hashed(prefix: str, parts: tuple) -> str:
    return prefix + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        cache_seconds() > 0
        and request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
    )


def _address_key(request: HttpRequest) -> str:
    return _hashed(
        "reader-address:", (request.scheme, request.get_host(), request.path, get_language())
    )


def _answer_key(request: HttpRequest, page_id: int) -> str:
    parts = (
        request.scheme,
        request.get_host(),
        request.path,
        get_language(),
        page_id,
        page_view_version(page_id),
        reader_audience(request).cache_key,
        draft_display().hidden(),
        timezone.localdate().isoformat(),
    )
    return _hashed("reader-page:", parts)


def _moment() -> tuple[int, str]:
    """Moves with every change a reader can see (``content_version``) and at midnight."""
    return content_version(), timezone.localdate().isoformat()


def _under_restriction(page: Page) -> bool:
    return any(page.path.startswith(restriction.path) for restriction in view_restrictions())


def _storable(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and get_max_age(response) != 0
    )


def _store(page: Page, request: HttpRequest, response: HttpResponse) -> None:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if not _storable(response):
        return
    # The key first, then the check: a change after this read only makes the key
    # an old one; a change before it has moved the content version (``_bump``).
    key = _answer_key(request, page.pk)
    if getattr(request, _ROUTED_AT, None) != _moment():
        return  # a change came in after routing: the view may show rows older than its key
    content = response.content
    nonce = getattr(request, "_csp_nonce", None)  # set by django-csp once a template used it
    if isinstance(nonce, str):
        content = content.replace(nonce.encode(), _NONCE_PLACEHOLDER)
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in _NOT_STORED_HEADERS
    ]
    seconds = cache_seconds()
    cache.set(key, {"content": content, "headers": headers}, seconds)
    cache.set(_address_key(request), page.pk, seconds)


def _answer(stored: dict[str, Any], request: HttpRequest) -> HttpResponse:
    content = stored["content"]
    if _NONCE_PLACEHOLDER in content:
        content = content.replace(_NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
    response = HttpResponse(content)
    for name, value in stored["headers"]:
        response[name] = value
    return response


def store_page_views(serve: ServeChain) -> ServeChain:
    """``on_serve_page`` hook (inside Wagtail's restriction check): keep what may be reused."""

    def serve_and_store(page: Page, request: HttpRequest, args: tuple, kwargs: dict):
        response = serve(page, request, args, kwargs)
        if _cacheable_request(request) and not _under_restriction(page):
            _store(page, request, response)
        return response

    return serve_and_store


class ReaderPageCacheMiddleware:
    """Answers an anonymous reader's page view from the cache before Wagtail routes it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        if view is not wagtail_views.serve or not _cacheable_request(request):
            return None
        page_id = cache.get(_address_key(request))
        stored = cache.get(_answer_key(request, page_id)) if page_id is not None else None
        if stored is not None:
            return _answer(stored, request)
        setattr(request, _ROUTED_AT, _moment())  # before routing reads a row
        return None
