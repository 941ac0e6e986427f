"""robots.txt, sitemap.xml and /favicon.ico, answered at the site's root."""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from exchange_site.core.content_cache import CACHE_SECONDS, content_version
from exchange_site.core.languages import LANGUAGE_CODES
from exchange_site.core.registry import exchange_page_models

from .sitemaps import ReaderPageSitemap

#: Name of the page route that renders a printable copy of a page (``meetings``' ``print/``).
PRINT_ROUTE = "print"


def printable_view_paths() -> list[str]:
    """Path endings of the page types' printable views (``print/``), from their routes."""
    paths = set()
    for model in exchange_page_models():
        if not hasattr(model, "get_resolver"):
            continue
        try:
            paths.add(model.get_resolver().reverse(PRINT_ROUTE))
        except NoReverseMatch:
            continue
    return sorted(paths)


def disallowed_paths() -> list[str]:
    """What crawlers should not fetch: the admin, the language switch, search result
    pages in every language, and printable copies of pages (duplicates of the page)."""
    paths = [reverse("wagtailadmin_home"), reverse("set_language")]
    for code in LANGUAGE_CODES:
        with translation.override(code):
            paths.append(reverse("search"))
    # Robots.txt wildcards (RFC 9309): a printable view under any page URL.
    paths += [f"/*/{ending}" for ending in printable_view_paths()]
    return paths


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed_paths()),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """Always the anonymous reader's sitemap, so it is the same for every visitor.

    Cached under the content version, which every publish and every privacy
    change bumps (``core.content_cache``): a page made private leaves it at once.
    """
    number = request.GET.get("p", "1")
    number = str(int(number)) if number.isdigit() else number  # "01" and "1": one entry
    key = f"sitemap:{content_version()}:{request.scheme}:{request.get_host()}:{number}"
    cached = cache.get(key)
    if cached is None:
        response = django_sitemap(request, sitemaps={"pages": ReaderPageSitemap(request)})
        response.render()
        cached = (response.status_code, response.content, response.get("Last-Modified"))
        if response.status_code == 200:
            cache.set(key, cached, CACHE_SECONDS)
    status, content, last_modified = cached
    response = HttpResponse(content, status=status, content_type="application/xml")
    if last_modified:
        response["Last-Modified"] = last_modified
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Clients that ask for /favicon.ico without reading the page's ``<link rel="icon">``.

    A temporary redirect: the static file's name changes with its content.
    """
    return HttpResponseRedirect(static("favicon.svg"))
