"""Site search for readers: every page type, in the reader's language first, grouped by type.

The search has an index of its own (``exchange_site.search.models``): each
page's text per language, stemmed with that language's stemmer, so a German
singular finds a German plural, "ae" finds "æ", glossary renderings find each
other and a typo gets a "Did you mean" (``query``, ``suggestions``). Every
search goes through ``for_reader``: private pages are neither found, counted,
quoted in a snippet nor offered as a correction. The practice filters apply
too: when one is set, only practices are searched.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from exchange_site.core.privacy import reader_pages
from exchange_site.core.registry import draft_display
from libraries.models import PartnerLibraryPage
from meetings.models import ExchangeTripPage, MeetingMinutesPage
from practices.filters import PracticeFilterForm
from practices.models import PracticePage

from . import engine
from .engine import Result

RESULT_GROUPS = [
    (PracticePage, _("Practices")),
    (MeetingMinutesPage, _("Meeting minutes")),
    (ExchangeTripPage, _("Exchange trips")),
    (PartnerLibraryPage, _("Partner libraries")),
]


@dataclass
class ResultGroup:
    title: str
    results: list[Result]


def group_results(results: list[Result]) -> list[ResultGroup]:
    """Results by page type, in a fixed order; search rank is kept inside each group."""
    groups = [ResultGroup(str(title), []) for _model, title in RESULT_GROUPS]
    other = ResultGroup(str(_("Other pages")), [])
    for result in results:
        index = next(
            (
                n
                for n, (model, _title) in enumerate(RESULT_GROUPS)
                if isinstance(result.page, model)
            ),
            None,
        )
        (groups[index] if index is not None else other).results.append(result)
    return [group for group in [*groups, other] if group.results]


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    filters = PracticeFilterForm(request.GET, request)
    groups: list[ResultGroup] = []
    total = 0
    suggestion = None
    if query:
        if filters.active:
            visible = filters.filter(PracticePage.objects.for_reader(request))
        else:
            visible = reader_pages().for_reader(request)
        outcome = engine.run(query, visible, get_language(), draft_display().hidden())
        total = len(outcome.results)
        groups = group_results(outcome.results)
        suggestion = outcome.suggestion
    return TemplateResponse(
        request,
        "search/search_results.html",
        {
            "query": query,
            "groups": groups,
            "total": total,
            "suggestion": suggestion,
            "suggestion_link": _suggestion_link(request, suggestion),
            "filters": filters,
            "active_filters": filters.chips(request.GET),
        },
    )


def _suggestion_link(request: HttpRequest, suggestion: str | None) -> SafeString:
    """A link to the current search (filters kept) with ``q`` replaced by the suggestion.

    Built here so that the whole sentence around it is one translatable string
    (French puts a space before the question mark).
    """
    if suggestion is None:
        return SafeString("")
    params = [(k, v) for k, values in request.GET.lists() if k != "q" for v in values]
    query = urlencode([("q", suggestion), *params])
    return format_html('<a href="?{}" rel="nofollow"><strong>{}</strong></a>', query, suggestion)
