"""Trip guides a visitor can travel with: the host's address, how to get there and whom to
call, in the reader's language; a printed guide whose links are absolute; a calendar file with
the programme at the host's local times; dates as each language writes them."""

from __future__ import annotations

import datetime
import importlib
from html.parser import HTMLParser
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.utils import translation

from wagtail.blocks import StructBlockValidationError
from wagtail.models import PageViewRestriction

import icalendar
import ics
import pytest

from exchange_site.core.languages import LANGUAGE_CODES
from libraries.models import LibraryContact
from meetings.blocks import SessionBlock
from tests import factories

pytestmark = pytest.mark.django_db

HOST = "localhost"
ARRIVAL = datetime.date(2027, 4, 26)


class LinkCollector(HTMLParser):
    """The href of every ``<a>`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value or "" for name, value in attrs if name == "href")


def hrefs_of(html: str) -> list[str]:
    collector = LinkCollector()
    collector.feed(html)
    return collector.hrefs


def url_of(page, language: str = "en") -> str:
    with translation.override(language):
        return page.url


def get(client, url: str):
    response = client.get(url, HTTP_HOST=HOST)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


def html_at(client, url: str) -> str:
    return get(client, url).content.decode()


def per_language(text: str) -> dict[str, str]:
    return {code: f"{text} [{code}]" for code in LANGUAGE_CODES}


def columns(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{code}": value for code, value in values.items()}


GETTING_THERE = per_language("Tram 11 to Altmarkt")
ROLE = per_language("Head of visits")
MEETING_POINT = per_language("Main entrance at 9:15")


@pytest.fixture
def host(site_tree):
    library = factories.PartnerLibraryPageFactory(
        parent=site_tree.libraries,
        title="Zentralbibliothek Dresden",
        slug="zentralbibliothek",
        city="Dresden",
        country="DE",
        street_address="Schloßstraße 2",
        postal_code="01067",
        **columns("getting_there", GETTING_THERE),
    )
    library.contacts = [
        LibraryContact(
            name="Katrin Weber",
            email="k.weber@example.de",
            phone="+49 351 000 000",
            **columns("role", ROLE),
        )
    ]
    library.save()
    return library


def session(title: str, start=None, end=None, location: str = "") -> dict:
    return {"title": title, "start_time": start, "end_time": end, "location": location}


@pytest.fixture
def trip(site_tree, host):
    return factories.ExchangeTripPageFactory(
        parent=site_tree.trips,
        title="Study visit to Dresden",
        slug="study-visit",
        host_library=host,
        start_date=ARRIVAL,
        end_date=datetime.date(2027, 4, 27),
        **columns("meeting_point", MEETING_POINT),
        programme=[
            (
                "day",
                {
                    "date": ARRIVAL,
                    "title": "Branches",
                    "sessions": [
                        session("Welcome", datetime.time(9, 30), datetime.time(11, 0)),
                        session("Bibo Pieschen", datetime.time(13, 0), location="Pieschen"),
                    ],
                },
            ),
            (
                "day",
                {
                    "date": datetime.date(2027, 4, 27),
                    "title": "Goodbye",
                    "sessions": [session("Open day without a fixed time")],
                },
            ),
        ],
        practical_information=[
            (
                "paragraph",
                f'<p>See <a linktype="page" id="{host.pk}">our profile</a> and '
                '<a href="/en/practices/">practices</a>.</p>',
            )
        ],
    )


# --- The host, the way there and the contact people ----------------------------------------


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_trip_page_and_print_view_show_where_to_go_and_whom_to_call(client, trip, code):
    page_url = url_of(trip, code)
    for url in (page_url, page_url + "print/"):
        html = html_at(client, url)
        for visible, what in [
            ("Schloßstraße 2", "the host's street"),
            ("01067 Dresden", "the host's postal code and city"),
            (GETTING_THERE[code], "how to get there, in the reader's language"),
            (MEETING_POINT[code], "the trip's meeting point, in the reader's language"),
            ("Katrin Weber", "the contact person"),
            (ROLE[code], "the contact's role, in the reader's language"),
            ("+49 351 000 000", "the contact's phone number"),
            ("k.weber@example.de", "the contact's e-mail address"),
        ]:
            assert visible in html, f"{url} does not show {what} ({visible!r})"
        hrefs = hrefs_of(html)
        assert "tel:+49351000000" in hrefs, f"{url}: the phone number should be one tap away"
        assert "mailto:k.weber@example.de" in hrefs, f"{url}: the e-mail should be one click away"


def test_library_profile_shows_its_address_and_the_way_there(client, host):
    html = html_at(client, url_of(host, "fr"))
    assert "Schloßstraße 2" in html and "01067 Dresden" in html, "the profile lacks its address"
    assert GETTING_THERE["fr"] in html, "the profile should tell visitors how to get there"
    assert ROLE["fr"] in html, "contact roles should be in the reader's language"


def test_private_host_library_is_not_revealed_on_a_public_trip(client, trip, host, board, reader):
    restriction = factories.PageViewRestrictionFactory(
        page=host, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(board)
    secrets = ["Zentralbibliothek", "Schloßstraße", "01067", "Katrin Weber", "k.weber@", "Tram 11"]
    trip_url = url_of(trip)
    for url in (trip_url, trip_url + "print/", trip_url + "calendar/"):
        body = get(client, url).content.decode()
        leaked = [secret for secret in secrets if secret in body]
        assert not leaked, f"{url} reveals the private host library to anonymous readers: {leaked}"
    assert MEETING_POINT["en"] in html_at(client, trip_url), (
        "the trip's own meeting point is not the library's secret and should still show"
    )

    client.force_login(reader)
    html = html_at(client, trip_url)
    assert "Schloßstraße 2" in html and "Katrin Weber" in html, (
        "a member of the library's group should see the host's address and contacts"
    )


VOID_ELEMENTS = {"br", "img", "input", "link", "meta", "hr", "source", "wbr"}


class LanguageTracker(HTMLParser):
    """Each element's tag, attributes and language (its own ``lang`` or its nearest ancestor's)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str]] = []
        self.elements: list[tuple[str, dict[str, str], str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        language = attributes.get("lang") or (self.open[-1][1] if self.open else "")
        self.elements.append((tag, attributes, language))
        if tag not in VOID_ELEMENTS:
            self.open.append((tag, language))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass


def lang_at(html: str, tag: str, after: str = "", **attributes: str) -> str:
    """The language of the first ``tag`` with ``attributes`` (a class: one of its classes),
    after the first element of class ``after`` if given."""
    tracker = LanguageTracker()
    tracker.feed(html)
    elements = tracker.elements
    if after:
        elements = elements[
            next(
                n
                for n, (_t, attrs, _l) in enumerate(elements)
                if after in attrs.get("class", "").split()
            ) :
        ]
    for found, attrs, language in elements:
        if found == tag and all(
            value in attrs.get(name, "").split() for name, value in attributes.items()
        ):
            return language
    raise AssertionError(f"no <{tag}> with {attributes}")


def test_headings_are_in_the_readers_language_and_fallback_text_in_its_own(client, trip):
    """A German reader of an English-only guide: screen readers must read each part aloud
    in its own language, the site's headings and dates in German, the guide's text in English."""
    html = html_at(client, url_of(trip, "de"))
    for (tag, attributes), language, what in [
        (("h2", {"id": "programme"}), "de", "the programme heading"),
        (("h2", {"id": "practical"}), "de", "the practical information heading"),
        (("time", {"after": "programme-day"}), "de", "a programme day's date"),
        (("ul", {"class": "sessions"}), "en", "the programme's sessions"),
        (("div", {"class": "block--paragraph"}), "en", "the practical information"),
    ]:
        assert lang_at(html, tag, **attributes) == language, f"{what} should be lang={language}"


def test_minutes_headings_are_in_the_readers_language(client, site_tree):
    minutes = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        agenda=[("item", {"title": "School libraries", "notes": "<p>Visit two schools.</p>"})],
        decisions=[("decision", "<p>Continue the exchange online.</p>")],
    )
    html = html_at(client, url_of(minutes, "fr"))
    for (tag, attributes), language, what in [
        (("h2", {"id": "decisions"}), "fr", "the decisions heading"),
        (("h2", {"id": "agenda"}), "fr", "the agenda heading"),
        (("ol", {"class": "agenda"}), "en", "the English agenda"),
        (("li", {"after": "decisions"}), "en", "an English decision"),
    ]:
        assert lang_at(html, tag, **attributes) == language, f"{what} should be lang={language}"


# --- Printed guides ----------------------------------------------------------------------


def test_print_view_has_only_absolute_links(client, trip):
    html = html_at(client, url_of(trip) + "print/")
    hrefs = hrefs_of(html)
    assert hrefs, "the printable guide has no links at all"
    relative = [href for href in hrefs if not urlsplit(href).scheme]
    assert not relative, f"printed links must be absolute, these are not: {relative}"
    assert f"http://{HOST}{url_of(trip.host_library)}" in hrefs, (
        "the rich-text link to the host's profile should print as its absolute URL"
    )
    assert f"http://{HOST}/en/practices/" in hrefs, "a relative link in rich text should resolve"
    screen = hrefs_of(html_at(client, url_of(trip)))
    assert url_of(trip.host_library) in screen, (
        "the screen view keeps short relative links; only the paper copy needs full addresses"
    )


# --- Calendar files ----------------------------------------------------------------------


def parse_ics(response) -> icalendar.Calendar:
    assert response["Content-Type"].startswith("text/calendar"), "not a calendar file"
    return icalendar.Calendar.from_ical(response.content)


def trip_calendar(client, trip, language: str = "en") -> icalendar.Calendar:
    return parse_ics(get(client, url_of(trip, language) + "calendar/"))


def test_trip_calendar_has_one_event_per_session_at_the_hosts_local_time(client, trip):
    calendar = trip_calendar(client, trip)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert sorted(events) == sorted(
        ["Study visit to Dresden", "Welcome", "Bibo Pieschen", "Open day without a fixed time"]
    ), f"expected the trip plus one event per programme item, got {sorted(events)}"

    berlin = ZoneInfo("Europe/Berlin")
    welcome, pieschen = events["Welcome"], events["Bibo Pieschen"]
    assert welcome.start == datetime.datetime(2027, 4, 26, 9, 30, tzinfo=berlin), "wrong start"
    assert welcome.end == datetime.datetime(2027, 4, 26, 11, 0, tzinfo=berlin), "wrong end"
    assert welcome["DTSTART"].params["TZID"] == "Europe/Berlin", "times should name the host's zone"
    assert pieschen.start == datetime.datetime(2027, 4, 26, 13, 0, tzinfo=berlin), "wrong start"
    assert "DTEND" not in pieschen, "a session without an end time should not invent one"
    assert str(pieschen["LOCATION"]) == "Pieschen", "a session's own place is its location"
    assert "Schloßstraße 2" in str(welcome["LOCATION"]), "otherwise the host's address is"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"], (
        "the file should carry the VTIMEZONE its TZIDs name"
    )

    whole_trip = events["Study visit to Dresden"]
    assert whole_trip.start == ARRIVAL and whole_trip.end == datetime.date(2027, 4, 28), (
        "the trip should stay one all-day event from arrival to the day after departure"
    )
    untimed = events["Open day without a fixed time"]
    assert untimed.start == datetime.date(2027, 4, 27), "an untimed session is all-day"


def test_trip_calendar_uids_are_stable_and_the_same_in_every_language(client, trip):
    def uids(language: str) -> list[str]:
        return [str(event["UID"]) for event in trip_calendar(client, trip, language).walk("VEVENT")]

    english = uids("en")
    assert len(set(english)) == len(english) == 4, f"UIDs should be unique, got {english}"
    assert english == uids("en"), "UIDs should not change between downloads"
    for code in LANGUAGE_CODES:
        assert uids(code) == english, f"the {code} file should update the same events"


def test_trip_calendar_reads_in_a_second_parser(client, trip):
    body = get(client, url_of(trip) + "calendar/").content.decode()
    events = {event.name: event for event in ics.Calendar(body).events}
    assert len(events) == 4, f"the ics package should read four events, got {sorted(events)}"
    assert events["Welcome"].begin.datetime == datetime.datetime(
        2027, 4, 26, 9, 30, tzinfo=ZoneInfo("Europe/Berlin")
    ), "the ics package reads a different start time"


def test_time_zone_defaults_by_country_and_can_be_chosen(client, trip, host):
    with translation.override("en"):
        host.country, host.city = "DK", "Ballerup"
        host.save()
        (event,) = [
            e for e in trip_calendar(client, trip).walk("VEVENT") if e["SUMMARY"] == "Welcome"
        ]
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen", "Denmark's zone by default"

    host.time_zone = "Europe/Paris"
    host.save()
    (event,) = [e for e in trip_calendar(client, trip).walk("VEVENT") if e["SUMMARY"] == "Welcome"]
    assert event["DTSTART"].params["TZID"] == "Europe/Paris", "a chosen time zone should win"


def test_minutes_calendar_announces_the_next_meeting(client, site_tree):
    minutes = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        date=datetime.date(2027, 1, 14),
        next_meeting_date=datetime.date(2027, 3, 2),
        next_meeting_notes="Planning the visit",
    )
    calendar = parse_ics(get(client, url_of(minutes) + "calendar/"))
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    next_uid = f"meeting-{minutes.pk}-next@partner-library-exchange"
    assert next_uid in events, f"the next meeting should be an event, got {sorted(events)}"
    assert events[next_uid].start == datetime.date(2027, 3, 2), "wrong next-meeting date"
    assert str(events[next_uid]["SUMMARY"]) == "Planning the visit", "wrong next-meeting summary"

    site_calendar = parse_ics(get(client, url_of(site_tree.meetings) + "calendar/"))
    assert next_uid in [str(e["UID"]) for e in site_calendar.walk("VEVENT")], (
        "the site calendar should announce a next meeting not yet minuted"
    )
    factories.MeetingMinutesPageFactory(parent=site_tree.meetings, date=datetime.date(2027, 3, 2))
    site_calendar = parse_ics(get(client, url_of(site_tree.meetings) + "calendar/"))
    assert next_uid not in [str(e["UID"]) for e in site_calendar.walk("VEVENT")], (
        "once the next meeting has minutes, they stand for it in the site calendar"
    )


# --- Dates in each language --------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "arrival"),
    [
        ("da", "26. april 2027"),
        ("de", "Montag, 26. April 2027"),
        ("fr", "lundi 26 avril 2027"),
        ("en", "Monday 26 April 2027"),
    ],
)
def test_dates_are_written_the_way_each_language_writes_them(client, trip, code, arrival):
    html = html_at(client, url_of(trip, code))
    assert arrival in html, f"the {code} guide should write the arrival day as {arrival!r}"
    assert "09:30" in html and "11:00" in html, f"the {code} programme should show 24-hour times"


# --- Editing the programme ---------------------------------------------------------------


def test_session_must_end_after_it_starts():
    block = SessionBlock()
    value = block.to_python(
        {"title": "Tour", "start_time": "10:00", "end_time": "09:00", "location": ""}
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
    value = block.to_python({"title": "Tour", "end_time": "09:00", "location": ""})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


@pytest.mark.parametrize(
    ("text", "start", "end", "title"),
    [
        ("14:00–15:30", "14:00:00", "15:30:00", "Tour"),
        ("9.30", "09:30:00", None, "Tour"),
        ("", None, None, "Tour"),
        ("after lunch", None, None, "after lunch Tour"),
    ],
)
def test_old_free_text_times_move_into_the_time_fields(text, start, end, title):
    migration = importlib.import_module("meetings.migrations.0007_session_times_from_text")
    old_format = {"time": text, "title": "Tour"}
    current_format = {"type": "item", "value": {"time": text, "title": "Tour"}, "id": "k"}
    day = {"date": "2027-04-26", "sessions": [old_format, current_format]}
    migrated = migration.SessionTimesFromText().apply(day)["sessions"]
    for item in migrated:
        value = item["value"]
        assert (value["start_time"], value["end_time"], value["title"]) == (start, end, title), (
            f"{text!r} was migrated to {value}"
        )
        assert "time" not in value, "the old free-text key should be gone"
        assert item["type"] == "item" and item["id"], "Wagtail reads list items only with an id"
    assert migrated[1]["id"] == "k", "an existing list item id should be kept"
    parsed = SessionBlock().to_python(migrated[0]["value"])
    assert parsed["title"] == title, "the migrated session should read back as a session"
