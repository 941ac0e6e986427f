"""URL routing that loads the one child a URL names, not all of its siblings.

wagtail-modeltranslation replaces ``route`` on every translated page model:
to find the child whose slug (in the active language, with fallback) matches
the next URL component, it loads *every* child of the page, as full rows,
and compares in Python. A practice URL therefore loaded all practices of the
index; routing cost grew with the number of siblings. This route asks the
database only for children with that slug in one of the slug columns (a
superset of the matches), then applies modeltranslation's own comparison
(``page.slug`` with its fallback chain) to those few, so what matches is
unchanged. Written here because neither Wagtail nor modeltranslation offers
it; everything else (routable pages first, the page itself) is theirs.

Pages that only lead to their children are passed through on the base row
routing already has, not loaded in their own type: index pages on the way
(``route_to_named_child``) and, through ``RouteThroughSiteRootMiddleware``, the
Site's root page, which Wagtail's ``Page.route_for_request`` loads with
``.specific`` for every page below it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse

from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from modeltranslation.utils import build_localized_fieldname
from wagtail_modeltranslation.patch_wagtailadmin import _new_route as load_every_child_route

from .content_cache import page_cache_version
from .languages import LANGUAGE_CODES
from .registry import exchange_page_models


def _slug_matches(slug: str) -> Q:
    """Any slug column equal to ``slug``: the page's slug in some language (or the original)."""
    matches = Q(slug=slug)
    for code in LANGUAGE_CODES:
        matches |= Q(**{build_localized_fieldname("slug", code): slug})
    return matches


#: What the slug comparison, loading the specific page and routing on through
#: the child's own children (``get_children`` reads depth and numchild) need.
_CANDIDATE_COLUMNS = ("path", "depth", "numchild", "content_type", "slug")


def _routes_by_children_only(model: type[Page] | None) -> bool:
    """Whether a page of this type routes only to its children, with this module's route.

    Such a page is passed through, not served: routing on through its base row
    gives the same result as through its specific row, one wide query less per
    level (an index page's StreamField, translations and settings).
    """
    return (
        model is not None
        and model.route is route_to_named_child
        and not issubclass(model, RoutablePageMixin)
    )


def _specific_page(child: Page) -> Page:
    """The routed child in its own type, with its owning library in the same query.

    A page's template and metadata show the library that owns it, so loading it
    here saves a query on every practice, meeting and trip page. An exchange
    page's cache version is read first, before its row (``ExchangePage.cache_version``).
    """
    model = child.specific_class
    if model is None:  # a page type removed from the code: serve the base page, as Wagtail does
        return child
    owner = getattr(model, "owning_library_field", None)
    pages = model._default_manager.all()
    if owner and owner != "pk":
        pages = pages.select_related(owner)
    if not hasattr(model, "routed_cache_version"):
        return pages.get(id=child.id)
    version = page_cache_version(child.id)  # before the row: see ExchangePage.cache_version
    page = pages.get(id=child.id)
    page.routed_cache_version = version
    return page


def route_to_named_child(self: Page, request: HttpRequest, path_components: list[str]):
    """``Page.route`` as wagtail-modeltranslation does it, without loading every child."""
    if isinstance(self, RoutablePageMixin) and self.live:
        path = "/" + "".join(f"{component}/" for component in path_components)
        try:
            view, args, kwargs = self.resolve_subpage(path)
        except Http404:
            pass
        else:
            return RouteResult(self, args=(view, args, kwargs))
    if path_components:
        child_slug, remaining = path_components[0], path_components[1:]
        # Sorted here, not by the database: ordering a wide page row costs more to compile.
        candidates = (
            self.get_children()
            .filter(_slug_matches(child_slug))
            .only(*_CANDIDATE_COLUMNS)
            .order_by()
        )
        for child in sorted(candidates, key=lambda page: page.path):
            if child.slug == child_slug:  # the active language's slug, with its fallback
                if remaining and _routes_by_children_only(child.specific_class):
                    return route_to_named_child(child, request, remaining)
                return _specific_page(child).route(request, remaining)
        raise Http404
    if self.live:
        return RouteResult(self)
    raise Http404


def route_for_request(request: HttpRequest, path: str) -> RouteResult | None:
    """``Page.route_for_request``, passing through the Site's root page on its base row.

    Wagtail routes from ``site.root_page.localized.specific``: the home page's
    wide row (every translated column, its StreamField) on every request for
    any page below it, although the home page only leads to its children.
    ``Site.find_for_request`` already loaded its base row.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    root = site.root_page
    try:
        if (
            components
            and _routes_by_children_only(root.specific_class)
            and not getattr(settings, "WAGTAIL_I18N_ENABLED", False)  # .localized is a no-op
        ):
            return route_to_named_child(root, request, components)
        return root.localized.specific.route(request, components)
    except Http404:
        return None


class RouteThroughSiteRootMiddleware:
    """Routes a page request with ``route_for_request`` before Wagtail's serve view does.

    Wagtail's ``Page.route_for_request`` keeps its result on the request
    (``_wagtail_route_for_request``) and uses a result found there, so its
    serve view, hooks and restriction checks run unchanged on this one.
    Placed after the whole-page cache, which answers before any routing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict) -> None:
        if view is wagtail_views.serve and not hasattr(request, "_wagtail_route_for_request"):
            path = args[0] if args else kwargs.get("path", "")
            request._wagtail_route_for_request = route_for_request(request, path)


def install_routing() -> None:
    """Give every exchange page type this route where wagtail-modeltranslation put its own."""
    for model in exchange_page_models():
        if model.route is load_every_child_route:
            model.route = route_to_named_child
