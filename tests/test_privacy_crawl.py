"""Wagtail privacy holds in every list, count, link, feed, calendar, menu and search readers see.

The crawler test reproduces issue 10: caches are warm in all four languages
when an editor makes pages private; every reader URL reachable from the
language homes is then crawled as an anonymous visitor and as a logged-in
reader. Private fields carry unique upper-case markers (``PWMIN``...), so a
leak is found wherever it shows up.
"""

from __future__ import annotations

import datetime
import html
import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page, PageViewRestriction

import pytest

from meetings.models import ActionItem, MeetingMinutesPage
from tests import factories

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]

PASSWORD_MINUTES = "PWMIN"  # minutes behind a password
LOGIN_PRACTICE = "LOGPRAC"  # a practice for logged-in readers
LOGIN_TRIPS = "LOGIDX"  # the trips index, for logged-in readers (a private parent)
LOGIN_TRIP = "LOGTRIP"  # a trip below it, with no restriction of its own
GROUP_MINUTES = "GRPMIN"  # minutes for the "Board" group
GROUP_LIBRARY = "GRPLIB"  # a library profile for the "Board" group
LOGIN_ONLY = (LOGIN_PRACTICE, LOGIN_TRIPS, LOGIN_TRIP)
GROUP_ONLY = (GROUP_MINUTES, GROUP_LIBRARY)
ALL_MARKERS = (PASSWORD_MINUTES, *LOGIN_ONLY, *GROUP_ONLY)
MAX_URLS = 900


def in_every_language(field: str, text: str) -> dict[str, str]:
    """The field's four language columns, each with the text (machine drafts included)."""
    return {f"{field}_{code}": f"{text} ({code})" for code in LANGUAGES}


def decisions(marker: str) -> dict[str, list]:
    return {
        f"decisions_{code}": [("decision", f"<p>{marker}-decision ({code})</p>")]
        for code in LANGUAGES
    }


def action_item(marker: str) -> ActionItem:
    return ActionItem(
        owner=f"{marker}-owner",
        due_date=datetime.date(2030, 1, 1),
        **in_every_language("description", f"{marker}-task"),
    )


def build_exchange(site_tree, dresden) -> dict:
    """Every page type, private ones marked in every field and language; returns the pages."""
    topic = factories.TopicFactory(slug="reading")
    board_library = factories.PartnerLibraryPageFactory(
        parent=site_tree.libraries,
        slug="board-library",
        city=f"{GROUP_LIBRARY}-city",  # an open meeting's calendar location
        street_address=f"{GROUP_LIBRARY}-street",
        **in_every_language("getting_there", f"{GROUP_LIBRARY}-directions"),
        **in_every_language("title", f"{GROUP_LIBRARY} Library"),
        **in_every_language("profile", f"{GROUP_LIBRARY}-profile"),
    )
    board_library.contacts = [
        factories.LibraryContactFactory.build(
            name=f"{GROUP_LIBRARY}-contact", email="board@example.org"
        )
    ]
    board_library.save()
    login_practice = factories.PracticePageFactory(
        parent=site_tree.practices,
        slug="members-practice",
        library=dresden,
        **in_every_language("title", f"{LOGIN_PRACTICE} Practice"),
        **in_every_language("summary", f"{LOGIN_PRACTICE}-summary"),
    )
    public_practice = factories.PracticePageFactory(
        parent=site_tree.practices,
        slug="open-practice",
        title="Open practice",
        summary="Everyone may read this.",
        library=board_library,
    )
    for practice in (login_practice, public_practice):
        practice.topics = [topic]
        practice.save()
    public_practice.related_practices = [login_practice]
    public_practice.save()
    site_tree.home.featured_practices = [public_practice, login_practice]
    site_tree.home.save()

    public_minutes = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        slug="open-meeting",
        title="Open meeting",
        summary="An open summary.",
        host_library=board_library,
        format=MeetingMinutesPage.Format.ON_SITE,
    )
    public_minutes.participating_libraries = [board_library, dresden]
    public_minutes.practices_discussed = [login_practice, public_practice]
    public_minutes.action_items = [ActionItem(description="Open task", owner="Anna Open")]
    public_minutes.participants = []
    public_minutes.save()
    private_minutes = {}
    for marker, day in ((PASSWORD_MINUTES, 3), (GROUP_MINUTES, 4)):
        minutes = factories.MeetingMinutesPageFactory(
            parent=site_tree.meetings,
            slug=f"meeting-{marker.lower()}",
            date=datetime.date(2023, 5, day),
            host_library=dresden,
            **in_every_language("title", f"{marker} Meeting"),
            **in_every_language("summary", f"{marker}-summary"),
            **decisions(marker),
        )
        minutes.practices_discussed = [public_practice]
        minutes.action_items = [action_item(marker)]
        minutes.save()
        private_minutes[marker] = minutes

    for field, value in in_every_language("title", f"{LOGIN_TRIPS} Trips").items():
        setattr(site_tree.trips, field, value)
    site_tree.trips.save()
    trip = factories.ExchangeTripPageFactory(
        parent=site_tree.trips,
        slug="members-trip",
        host_library=dresden,
        **in_every_language("title", f"{LOGIN_TRIP} Visit"),
        **in_every_language("introduction", f"{LOGIN_TRIP}-introduction"),
    )
    trip.practices_to_see = [login_practice, public_practice]
    trip.save()
    return {
        "topic": topic,
        "libraries": [dresden, board_library],
        "board_library": board_library,
        "login_practice": login_practice,
        "public_practice": public_practice,
        "password_minutes": private_minutes[PASSWORD_MINUTES],
        "group_minutes": private_minutes[GROUP_MINUTES],
        "trip": trip,
    }


def make_private(site_tree, pages: dict, board: Group) -> dict[str, PageViewRestriction]:
    """What the editor in issue 10 did, through Wagtail's own restriction model."""
    restrictions = {
        PASSWORD_MINUTES: factories.PageViewRestrictionFactory(
            page=pages["password_minutes"],
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret",
        ),
        LOGIN_PRACTICE: factories.PageViewRestrictionFactory(
            page=pages["login_practice"], restriction_type=PageViewRestriction.LOGIN
        ),
        LOGIN_TRIPS: factories.PageViewRestrictionFactory(
            page=site_tree.trips, restriction_type=PageViewRestriction.LOGIN
        ),
    }
    for marker in GROUP_ONLY:
        page = pages["group_minutes"] if marker == GROUP_MINUTES else pages["board_library"]
        restrictions[marker] = factories.PageViewRestrictionFactory(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        # Saved first, groups after, as Wagtail's privacy form does: both steps invalidate.
        restrictions[marker].groups.add(board)
    return restrictions


PRIVATE_PAGES = ("password_minutes", "group_minutes", "login_practice", "trip")


def language_urls(page: Page) -> list[str]:
    urls = []
    for code in LANGUAGES:
        with translation.override(code):
            urls.append(page.get_url())
    return urls


def seed_urls(site_tree, pages: dict) -> list[str]:
    """Language homes plus what only a form, a feed reader, a bookmark or a crawler asks for."""
    seeds = ["/sitemap.xml", "/robots.txt"]
    owners = [f"{marker}-owner" for marker in (PASSWORD_MINUTES, GROUP_MINUTES)] + ["Anna Open"]
    for page in [pages[name] for name in PRIVATE_PAGES] + [site_tree.trips]:
        for url in language_urls(page):
            seeds.append(url)
            if hasattr(page, "reverse_subpage"):
                seeds += [url + page.reverse_subpage(route) for route in ("calendar", "print")]
    for code, meetings in zip(LANGUAGES, language_urls(site_tree.meetings), strict=True):
        seeds.append(f"/{code}/")
        # Lower case: the page repeats the query, but the markers are upper case.
        seeds += [f"/{code}/search/?q={marker.lower()}" for marker in ALL_MARKERS]
        seeds += [f"{meetings}action-items/?{urlencode({'owner': owner})}" for owner in owners]
        for library in pages["libraries"]:
            seeds += [
                f"{meetings}?library={library.pk}",
                f"{meetings}action-items/?library={library.pk}",
                f"/{code}/practices/?library={library.pk}",
                f"/{code}/search/?q=practice&library={library.pk}",
            ]
        seeds.append(f"/{code}/practices/?topic={pages['topic'].slug}")
    return seeds


LINK = re.compile(r"""(?:href|action)=["']([^"']+)["']|https?://testserver(/[^\s<"'\\]*)""")


def crawl(client, seeds: list[str]) -> dict[str, tuple[int, str]]:
    """Every URL reachable from the seeds within the reader site: {url: (status, body)}."""
    queue, seen, found = list(dict.fromkeys(seeds)), set(), {}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        assert len(seen) <= MAX_URLS, f"the crawl did not end after {MAX_URLS} URLs"
        response = client.get(url)
        body = response.content.decode(errors="replace")
        found[url] = (response.status_code, body)
        if response.status_code != 200:
            continue
        for match in LINK.finditer(body):
            link = html.unescape(match.group(1) or match.group(2)).split("#")[0]
            parts = urlsplit(link)
            if parts.netloc not in ("", "testserver") or not parts.path.startswith(
                tuple(f"/{code}/" for code in LANGUAGES)
            ):
                continue  # admin, static files, documents, other sites, mailto:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    return found


def errors(found: dict[str, tuple[int, str]]) -> list[str]:
    return [f"{url}: {status}" for url, (status, _body) in found.items() if status >= 500]


def leaks(found: dict[str, tuple[int, str]], markers: tuple[str, ...]) -> list[str]:
    return [
        f"{marker} on {url}"
        for url, (_status, body) in found.items()
        for marker in markers
        if marker in body
    ]


@pytest.fixture
def reader_client(reader):
    client = Client()
    client.force_login(reader)
    return client


def test_privacy_set_after_caches_are_warm_holds_everywhere(
    client, reader_client, site_tree, dresden, board
):
    pages = build_exchange(site_tree, dresden)
    seeds = seed_urls(site_tree, pages)
    for visitor in (client, reader_client):  # warm menus, fragments and lists in 4 languages
        warm = crawl(visitor, seeds)
        assert not errors(warm), f"the reader site should work while public: {errors(warm)}"
    assert not [m for m in ALL_MARKERS if not leaks(warm, (m,))], (
        "the warm-up should have seen every marked page while it was public"
    )
    private_urls = {url for name in PRIVATE_PAGES for url in language_urls(pages[name])}

    restrictions = make_private(site_tree, pages, board)

    # The logged-in reader first: their cached menus and fragments must not reach anonymous.
    logged_in = crawl(reader_client, seeds)
    assert not errors(logged_in), f"errors for the logged-in reader: {errors(logged_in)}"
    assert not leaks(logged_in, (PASSWORD_MINUTES,)), (
        "a password-protected page must stay out of every list:\n"
        + "\n".join(leaks(logged_in, (PASSWORD_MINUTES,)))
    )
    for code in LANGUAGES:
        home = logged_in[f"/{code}/"][1]
        for marker in (LOGIN_PRACTICE, LOGIN_TRIPS, LOGIN_TRIP, GROUP_MINUTES, GROUP_LIBRARY):
            assert f"{marker} " in home, (
                f"a logged-in Board member should see {marker} listed on /{code}/"
            )
        assert f"({code})" in home.split(LOGIN_PRACTICE, 1)[1][:20], (
            f"the login-only practice should be titled in /{code}/'s own language column"
        )
    search = logged_in["/en/search/?q=logprac"][1]
    assert "1 result for" in search and "LOGPRAC Practice" in search, (
        "search should find a login-only page for a logged-in reader"
    )
    action_items = logged_in["/en/meetings/action-items/"][1]
    assert f"{GROUP_MINUTES}-task" in action_items and f"{GROUP_MINUTES}-owner" in action_items, (
        "a Board member should see the Board minutes' action items and owners"
    )

    anonymous = crawl(client, seeds)
    assert not errors(anonymous), f"errors after privacy was set: {errors(anonymous)}"
    assert not leaks(anonymous, ALL_MARKERS), "anonymous visitors see private pages:\n" + "\n".join(
        leaks(anonymous, ALL_MARKERS)
    )
    assert anonymous["/en/practices/"][0] == 200, "the practice index should still answer"
    assert "1 practice<" in anonymous["/en/practices/"][1], (
        "the practice count should not count the login-only practice"
    )
    assert "Open practice" in anonymous["/en/"][1], "public pages should still be listed"
    linked = {
        urlsplit(html.unescape(m.group(1) or m.group(2))).path
        for _status, body in anonymous.values()
        for m in LINK.finditer(body)
    }
    assert not private_urls & linked, (
        f"links to private pages for anonymous: {private_urls & linked}"
    )

    # A visitor who knows the password sees the page, but it still stays out of every list.
    password_url = pages["password_minutes"].get_url()
    response = reader_client.post(
        reverse(
            "wagtailcore_authenticate_with_password",
            args=[restrictions[PASSWORD_MINUTES].pk, pages["password_minutes"].pk],
        ),
        {"password": "s3cret", "return_url": password_url},
    )
    assert response.status_code == 302, f"the password form answered {response.status_code}"
    assert PASSWORD_MINUTES in reader_client.get(password_url).content.decode(), (
        "the right password should open the page itself"
    )
    after_password = crawl(reader_client, seeds)
    own_urls = tuple(language_urls(pages["password_minutes"]))
    shown = [
        url
        for url, (_status, body) in after_password.items()
        if PASSWORD_MINUTES in body and not url.startswith(own_urls)
    ]
    assert not shown, f"the password page is listed after its password was entered: {shown}"

    # Removing privacy shows the pages again at once: nothing cached hides them.
    restrictions[LOGIN_PRACTICE].delete()
    restrictions[LOGIN_TRIPS].delete()
    for code in LANGUAGES:
        home = client.get(f"/{code}/").content.decode()
        for marker in (LOGIN_PRACTICE, LOGIN_TRIPS, LOGIN_TRIP):
            assert f"{marker} " in home, f"{marker} should be back on /{code}/ once public"
    practice_page = client.get(pages["public_practice"].get_url()).content.decode()
    assert f"{LOGIN_PRACTICE} Practice" in practice_page, (
        "the related-practice card should be back in the cached article once public"
    )
    assert "2 practices<" in client.get("/en/practices/").content.decode(), (
        "the practice count should include the practice once public"
    )


def test_a_members_answers_are_kept_from_shared_caches(
    client, reader_client, site_tree, dresden, board
):
    """A proxy or CDN must not keep what a member sees: lists with private pages included."""
    pages = build_exchange(site_tree, dresden)
    make_private(site_tree, pages, board)
    seeds = seed_urls(site_tree, pages)
    shown_private = []
    for url in seeds:
        response = reader_client.get(url)
        if response.status_code != 200:
            continue
        body = response.content.decode(errors="replace")
        if any(marker in body for marker in (*LOGIN_ONLY, *GROUP_ONLY)):
            shown_private.append(url)
        assert "private" in response.get("Cache-Control", ""), (
            f"{url} answered a logged-in member without Cache-Control: private "
            f"(got {response.get('Cache-Control')!r})"
        )
    assert len(shown_private) >= 8, (
        f"the member should have been shown private pages in lists and feeds: {shown_private}"
    )
    for url in ("/en/", "/en/practices/", "/en/search/?q=practice"):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        assert "private" not in response.get("Cache-Control", ""), (
            f"{url} should stay cacheable for an anonymous visitor without a session"
        )
