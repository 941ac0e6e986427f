"""Site search for readers: every page type, in the reader's language, grouped by type.

wagtail-modeltranslation indexes every language column of each search field
into the page's one search document, so a query matches a page's text in the
reader's language and in its source language alike (it cannot rank the
reader's language first); results are shown in the reader's language with
the usual fallback. Wagtail's database backend does the work
(PostgreSQL full-text search when ``DATABASE_URL`` points at PostgreSQL).
The practice filters apply too: when one is set, only practices are searched.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from exchange_site.core.privacy import reader_pages
from libraries.models import PartnerLibraryPage
from meetings.models import ExchangeTripPage, MeetingMinutesPage
from practices.filters import PracticeFilterForm
from practices.models import PracticePage

MAX_RESULTS = 100
RESULT_GROUPS = [
    (PracticePage, _("Practices")),
    (MeetingMinutesPage, _("Meeting minutes")),
    (ExchangeTripPage, _("Exchange trips")),
    (PartnerLibraryPage, _("Partner libraries")),
]


@dataclass
class ResultGroup:
    title: str
    results: list[Page]


def group_results(results: list[Page]) -> list[ResultGroup]:
    """Results by page type, in a fixed order; search rank is kept inside each group."""
    groups = [ResultGroup(str(title), []) for _model, title in RESULT_GROUPS]
    other = ResultGroup(str(_("Other pages")), [])
    for page in results:
        index = next(
            (n for n, (model, _title) in enumerate(RESULT_GROUPS) if isinstance(page, model)), None
        )
        (groups[index] if index is not None else other).results.append(page)
    return [group for group in [*groups, other] if group.results]


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    filters = PracticeFilterForm(request.GET, request)
    groups: list[ResultGroup] = []
    total = 0
    if query:
        if filters.active:
            matching = filters.filter(PracticePage.objects.for_reader(request))
            pages = PracticePage.objects.filter(pk__in=matching.values("pk"))
        else:
            pages = reader_pages().for_reader(request).specific()
        results = list(pages.search(query)[:MAX_RESULTS])
        total = len(results)
        groups = group_results(results)
    return TemplateResponse(
        request,
        "search/search_results.html",
        {
            "query": query,
            "groups": groups,
            "total": total,
            "filters": filters,
            "active_filters": filters.chips(request.GET),
        },
    )
