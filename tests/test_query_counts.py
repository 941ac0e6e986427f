"""Database queries per page view stay few, and do not grow with the related items."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from meetings.models import ActionItem, MeetingParticipant
from practices.models import PracticePage
from tests import factories

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured)


def queries_for(client, url: str, site_tree) -> dict[str, int]:
    """Queries of a repeat view, and of the first view after something was published.

    Publishing invalidates cached fragments, so the second figure is the cost
    of rendering everything (menus of top-level pages stay cached).
    """
    client.get(url)  # per-process caches: site root paths, templates
    repeat = count_queries(client, url)
    site_tree.trips.get_children().first().specific.save_revision().publish()
    return {"repeat view": repeat, "first view after a publish": count_queries(client, url)}


def build_site(site_tree, dresden, size: int) -> None:
    """``size`` of everything the pages show; replaces what an earlier call built."""
    for index in (site_tree.practices, site_tree.meetings, site_tree.trips):
        for child in index.get_children():
            child.delete()
    practice = factories.PracticePageFactory(
        parent=site_tree.practices, slug="hub", title="Hub", library=dresden
    )
    topics = [factories.TopicFactory() for _ in range(size)]
    others = [
        factories.PracticePageFactory(
            parent=site_tree.practices, library=dresden, summary="A practice to share."
        )
        for _ in range(size)
    ]
    for other in others:
        other.topics = topics[:3]
        other.save()
    practice.topics = topics
    practice.sdgs = [
        factories.SustainableDevelopmentGoalFactory(number=n % 17 + 1) for n in range(size)
    ]
    practice.related_practices = others
    practice.save()
    dresden.contacts = [factories.LibraryContactFactory.build() for _ in range(size)]
    dresden.save()
    for number in range(size):
        meeting = factories.MeetingMinutesPageFactory(
            parent=site_tree.meetings,
            slug=f"meeting-{number}",
            host_library=dresden,
            summary="What was agreed.",  # fixed text: random words could match the search
        )
        meeting.practices_discussed = [practice, *others[:3]]
        meeting.participating_libraries = [dresden]
        meeting.participants = [
            MeetingParticipant(name=f"P{n}", library=dresden) for n in range(size)
        ]
        meeting.action_items = [
            ActionItem(description=f"Task {n}", owner="Dresden") for n in range(size)
        ]
        meeting.save()
    factories.ExchangeTripPageFactory(
        parent=site_tree.trips,
        host_library=dresden,
        # Fixed text: Faker's words include "practice", so the search would find the trip
        # in one build and not the other (one query more for its page type).
        introduction="A visit to the partners.",
    )


URLS = {
    "home": "/en/",
    "practice page": "/en/practices/hub/",
    "practice index": "/en/practices/",
    "filtered practice index": "/en/practices/?country=DE&maturity=established",
    "meeting index": "/en/meetings/",
    "minutes page": "/en/meetings/meeting-0/",
    "open action items": "/en/meetings/action-items/",
    "search": "/en/search/?q=Practice",
}


@pytest.mark.parametrize("name", URLS)
def test_queries_are_few_and_constant(client, site_tree, dresden, name):
    url = URLS[name]
    build_site(site_tree, dresden, 5)
    small = queries_for(client, url, site_tree)
    build_site(site_tree, dresden, 10)
    large = queries_for(client, url, site_tree)
    for view, count in large.items():
        assert count <= MAX_QUERIES, f"{name}, {view}: {count} queries (at most {MAX_QUERIES})"
    assert large == small, (
        f"{name}: {small} with 5 related items but {large} with 10 (an N+1 query somewhere)"
    )


def test_practice_page_reads_only_what_it_shows_of_the_pages_it_links_to(
    client, site_tree, dresden
):
    """The related practices' cards and the meeting links need titles, summaries and URLs,
    not the bodies in every language: those columns made up half the cost of the queries."""
    build_site(site_tree, dresden, 3)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/en/practices/hub/")
    assert response.status_code == 200, f"the practice page answered {response.status_code}"
    linked = [
        query["sql"]
        for query in captured
        if "practicepage_related_practices" in query["sql"]
        or "meetingminutespage_practices_discussed" in query["sql"]
    ]
    assert len(linked) == 2, f"expected the related practices and meetings queries: {linked}"
    for sql in linked:
        for wide_column in ("body_en", "agenda_en", "decisions_en", "seo_title_en"):
            assert f'."{wide_column}"' not in sql, f"{wide_column} loaded for a card or link: {sql}"


def test_a_cached_article_builds_none_of_its_lists(
    client, site_tree, dresden, settings, monkeypatch
):
    """With the article's fragment cached, the related cards and meeting links are not
    worked out again: building their reader-filtered querysets cost ~1 ms of every render."""
    settings.READER_PAGE_CACHE_SECONDS = 0  # rendered each time, the article from its fragment
    build_site(site_tree, dresden, 3)
    built: list[str] = []
    for name in ("related_for_reader", "meetings_for_reader"):
        original = getattr(PracticePage, name)

        def counted(page, request, _original=original, _name=name):
            built.append(_name)
            return _original(page, request)

        monkeypatch.setattr(PracticePage, name, counted)

    def view() -> str:
        response = client.get("/en/practices/hub/")
        assert response.status_code == 200, f"the practice page answered {response.status_code}"
        return response.content.decode()

    cache.clear()
    first = view()
    assert sorted(built) == ["meetings_for_reader", "related_for_reader"], (
        f"a fresh render should build each list once, built {built}"
    )
    assert 'id="related"' in first and 'id="discussed"' in first, "the article lost its lists"
    built.clear()
    repeat = view()
    assert built == [], f"a render with the article cached built {built}"
    assert 'id="related"' in repeat and 'id="discussed"' in repeat, (
        "the cached article lost its lists"
    )
