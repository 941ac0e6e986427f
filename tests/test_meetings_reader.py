"""What readers get from the meetings section: the index by year and library, open action
items across meetings, RSS/Atom feeds, iCalendar downloads and printable trip guides."""

import datetime
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest

from meetings.models import ActionItem
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"


class TagCollector(HTMLParser):
    """Collects the start tags of a page with their attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags(html: str, name: str, /, **attrs: str) -> list[dict[str, str]]:
    parser = TagCollector()
    parser.feed(html)
    return [
        found
        for tag, found in parser.tags
        if tag == name and all(found.get(key) == value for key, value in attrs.items())
    ]


def parse_xml(content: bytes) -> ET.Element:
    """Parse a feed the site itself produced (our own output, not untrusted input)."""
    return ET.fromstring(content)  # noqa: S314


def get(client, url: str, **params):
    response = client.get(url, params, HTTP_HOST="localhost")
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


def html_at(client, url: str, **params) -> str:
    return get(client, url, **params).content.decode()


def url_of(page, language: str = "en") -> str:
    with translation.override(language):
        return page.url


def href_of(html: str, css_class: str) -> str:
    links = [a for a in tags(html, "a") if css_class in a.get("class", "").split()]
    assert links, f"no link with class {css_class!r} on the page"
    return links[0]["href"]


def minutes(parent, **fields):
    return factories.MeetingMinutesPageFactory(parent=parent, **fields)


def add_items(page, *items: ActionItem) -> None:
    page.action_items = list(items)
    page.save()


@pytest.fixture
def ballerup(site_tree):
    return factories.PartnerLibraryPageFactory(
        parent=site_tree.libraries,
        title="Ballerup Bibliotekerne",
        city="Ballerup",
        country="DK",
        main_language="da",
    )


@pytest.fixture
def strasbourg(site_tree):
    return factories.PartnerLibraryPageFactory(
        parent=site_tree.libraries,
        title="Médiathèques de Strasbourg",
        city="Strasbourg",
        country="FR",
        main_language="fr",
    )


# --- Meeting index: years and the partner library filter -------------------------------


def test_index_groups_minutes_by_year_newest_first(client, site_tree):
    minutes(site_tree.meetings, title="Kick-off in Ballerup", date=datetime.date(2022, 3, 2))
    minutes(site_tree.meetings, title="Spring call", date=datetime.date(2023, 4, 5))
    minutes(site_tree.meetings, title="Autumn call", date=datetime.date(2023, 10, 9))

    html = html_at(client, url_of(site_tree.meetings))

    headings = re.findall(r'<h2 id="year-(\d{4})">', html)
    assert headings == ["2023", "2022"], f"year headings should be newest first, got {headings}"
    order = [html.index(title) for title in ["Autumn call", "Spring call", "Kick-off in Ballerup"]]
    assert order == sorted(order), "minutes should be listed newest first within and across years"
    section_2023 = html[html.index('id="year-2023"') : html.index('id="year-2022"')]
    assert "Spring call" in section_2023 and "Kick-off" not in section_2023, (
        "each meeting should sit under the heading of its own year"
    )


def test_index_filters_by_host_or_participating_library(
    client, site_tree, dresden, ballerup, strasbourg
):
    minutes(site_tree.meetings, title="Hosted in Dresden", host_library=dresden)
    joined = minutes(site_tree.meetings, title="Dresden joined online", host_library=ballerup)
    joined.participating_libraries.set([dresden, strasbourg])
    joined.save()
    minutes(site_tree.meetings, title="Only Strasbourg", host_library=strasbourg)
    index_url = url_of(site_tree.meetings)

    page_html = html_at(client, index_url)
    forms = [f for f in tags(page_html, "form", method="get") if f.get("class") == "filter-form"]
    assert forms and forms[0]["action"] == index_url, "the filter should be a plain GET form"
    assert tags(page_html, "select", name="library"), "the filter should offer a library choice"
    options = [o["value"] for o in tags(page_html, "option") if o.get("value")]
    assert str(dresden.pk) in options, "every partner library should be offered in the filter"

    html = html_at(client, index_url, library=str(dresden.pk))
    assert "Hosted in Dresden" in html, "a meeting the library hosted should be listed"
    assert "Dresden joined online" in html, "a meeting the library took part in should be listed"
    assert "Only Strasbourg" not in html, "meetings without the library should be filtered out"
    assert html.count("Dresden joined online") == 1, "a meeting should not be listed twice"
    selected = [o["value"] for o in tags(html, "option") if "selected" in o]
    assert selected == [str(dresden.pk)], "the chosen library should stay selected in the form"

    unfiltered = html_at(client, index_url, library="not-a-library")
    assert "Only Strasbourg" in unfiltered, "an unknown library value should show every meeting"


def test_index_links_feeds_calendar_and_open_items(client, site_tree):
    html = html_at(client, url_of(site_tree.meetings, "de"))
    rss = tags(html, "link", rel="alternate", type="application/rss+xml")
    atom = tags(html, "link", rel="alternate", type="application/atom+xml")
    assert rss and atom, "the meeting index head should announce its RSS and Atom feeds"
    assert rss[0]["href"].startswith("/de/"), "a German reader should find the German feed"
    hrefs = [a["href"] for a in tags(html, "a")]
    assert rss[0]["href"] in hrefs and atom[0]["href"] in hrefs, "feeds should be linked visibly"
    assert any(href.endswith("/calendar/") for href in hrefs), "the calendar should be linked"
    assert any(href.endswith("/action-items/") for href in hrefs), "open items should be linked"


# --- Minutes page: decisions and open action items --------------------------------------


def test_minutes_page_highlights_decisions_and_open_action_items(client, site_tree):
    page = minutes(
        site_tree.meetings,
        title="Planning call",
        decisions=[("decision", "<p>Start a shared reading challenge.</p>")],
    )
    add_items(
        page,
        ActionItem(description="Draft the poster", owner="Ballerup", status="in_progress"),
        ActionItem(
            description="Book the venue",
            owner="Dresden",
            due_date=timezone.localdate() - datetime.timedelta(days=3),
            status="open",
        ),
        ActionItem(description="Send the minutes", owner="Strasbourg", status="done"),
    )

    html = html_at(client, url_of(page))

    decisions = html.index('id="decisions"')
    open_section = html[html.index('id="open-actions"') : html.index('id="actions"')]
    assert decisions < html.index('id="open-actions"'), "decisions should come first"
    assert "Start a shared reading challenge." in html, "the decision should be shown"
    assert "Book the venue" in open_section and "Draft the poster" in open_section, (
        "open and in-progress items should be in the open action items section"
    )
    assert "Send the minutes" not in open_section, "done items should not be listed as open"
    assert open_section.index("Book the venue") < open_section.index("Draft the poster"), (
        "open items should be ordered by due date, undated items last"
    )
    overdue_row = open_section[: open_section.index("Book the venue")].rsplit("<tr", 1)[1]
    assert "is-overdue" in overdue_row, "an item past its due date should be marked overdue"
    assert "Overdue" in open_section, "the overdue mark should be readable text, not only colour"
    assert "In progress" in open_section, "the status of an open item should be shown"


# --- Open action items across all meetings ----------------------------------------------


@pytest.fixture
def action_item_meetings(site_tree, dresden, ballerup):
    first = minutes(
        site_tree.meetings,
        title="Winter meeting",
        date=datetime.date(2023, 1, 10),
        host_library=dresden,
    )
    add_items(
        first,
        ActionItem(
            description="Translate the Artothek leaflet",
            owner="Jens",
            due_date=timezone.localdate() + datetime.timedelta(days=30),
            status="open",
        ),
        ActionItem(
            description="Archive the photos",
            owner="Jens",
            due_date=timezone.localdate() - datetime.timedelta(days=20),
            status="done",
        ),
    )
    second = minutes(
        site_tree.meetings,
        title="Spring meeting",
        date=datetime.date(2023, 4, 10),
        host_library=ballerup,
    )
    add_items(
        second,
        ActionItem(
            description="Send the survey",
            owner="Mette",
            due_date=timezone.localdate() - datetime.timedelta(days=5),
            status="in_progress",
        ),
        ActionItem(description="Collect ideas", owner="Mette", due_date=None, status="open"),
    )
    return first, second


def test_open_action_items_page_lists_open_items_by_due_date(
    client, site_tree, action_item_meetings
):
    winter, _spring = action_item_meetings
    url = url_of(site_tree.meetings) + "action-items/"
    html = html_at(client, url)

    assert "Archive the photos" not in html, "done items should not be listed"
    listed = ["Send the survey", "Translate the Artothek leaflet", "Collect ideas"]
    positions = [html.index(text) for text in listed]
    assert positions == sorted(positions), "open items should be ordered by due date, undated last"
    rows = html.split("<tr")[2:]
    survey_row = next(row for row in rows if "Send the survey" in row)
    leaflet_row = next(row for row in rows if "Translate the Artothek leaflet" in row)
    assert "is-overdue" in survey_row and "Overdue" in survey_row, "overdue items should be marked"
    assert "Overdue" not in leaflet_row, "items due in the future should not be marked overdue"
    assert "In progress" in survey_row, "the status should be shown"
    assert "Mette" in survey_row, "the owner should be shown"
    assert f'href="{url_of(winter)}#open-actions"' in leaflet_row, (
        "each item should link to the minutes it was agreed in"
    )
    assert 'lang="en"' in leaflet_row, "each description should carry its language"


def test_open_action_items_show_the_description_language(client, site_tree, dresden):
    page = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        source_language="de",
        title=None,
        title_de="Treffen in Dresden",
        slug="treffen-dresden",
    )
    page.action_items = [ActionItem(description_de="Flyer übersetzen", owner="Jens")]
    page.save()

    html = html_at(client, url_of(site_tree.meetings, "fr") + "action-items/")

    cell = re.search(r'<td lang="([a-z]+)">Flyer übersetzen</td>', html)
    assert cell, "an untranslated description should be shown in its original language"
    assert cell.group(1) == "de", "the untranslated description should be marked as German"


def test_open_action_items_filter_by_owner_and_library(
    client, site_tree, dresden, action_item_meetings
):
    url = url_of(site_tree.meetings) + "action-items/"

    by_owner = html_at(client, url, owner="Mette")
    assert "Send the survey" in by_owner and "Translate the Artothek" not in by_owner, (
        "the owner filter should keep only that person's items"
    )
    by_library = html_at(client, url, library=str(dresden.pk))
    assert "Translate the Artothek" in by_library and "Send the survey" not in by_library, (
        "the library filter should keep only items of meetings the library hosted or joined"
    )


def test_open_action_items_query_count_does_not_grow_with_meetings(
    client, site_tree, dresden, django_assert_num_queries, settings
):
    settings.READER_PAGE_CACHE_SECONDS = 0  # the queries of rendering, not of a cached answer

    def add_meetings(count: int) -> None:
        for number in range(count):
            page = minutes(site_tree.meetings, host_library=dresden)
            page.participating_libraries.set([dresden])
            add_items(
                page,
                ActionItem(description=f"Open task {number}", owner=f"Owner {number}"),
                ActionItem(description="In progress", owner="Jens", status="in_progress"),
            )

    url = url_of(site_tree.meetings) + "action-items/"
    add_meetings(2)
    get(client, url)  # warm the site and root-path caches
    with CaptureQueriesContext(connection) as two_meetings:
        html = html_at(client, url)
    assert html.count("Open task") == 2, "both meetings' items should be listed"

    add_meetings(4)
    with django_assert_num_queries(len(two_meetings)):
        html = html_at(client, url)
    assert html.count("Open task") == 6, "all six meetings' items should be listed"


def test_meeting_index_query_count_does_not_grow_with_meetings(
    client, site_tree, dresden, django_assert_max_num_queries, settings
):
    settings.READER_PAGE_CACHE_SECONDS = 0  # the queries of rendering, not of a cached answer

    def add_meetings(count: int) -> None:
        for _number in range(count):
            page = minutes(site_tree.meetings, host_library=dresden)
            page.participating_libraries.set([dresden])
            add_items(page, ActionItem(description="Open task", owner="Jens"))

    url = url_of(site_tree.meetings)
    add_meetings(2)
    get(client, url)
    with CaptureQueriesContext(connection) as two_meetings:
        get(client, url)

    add_meetings(4)
    with django_assert_max_num_queries(len(two_meetings)):
        html = html_at(client, url)
    assert html.count("1 open action item") == 6, "each meeting should show its open item count"


# --- RSS and Atom feeds -----------------------------------------------------------------


@pytest.fixture
def feed_meetings(site_tree, dresden):
    older = minutes(
        site_tree.meetings,
        title="Older meeting",
        title_de="Älteres Treffen",
        date=datetime.date(2022, 5, 1),
        host_library=dresden,
    )
    newer = minutes(
        site_tree.meetings,
        title="Newer meeting",
        title_de="Neueres Treffen",
        date=datetime.date(2023, 5, 1),
        summary="Budget & <plans>",
    )
    return older, newer


def feed_href(client, site_tree, language: str, kind: str) -> str:
    html = html_at(client, url_of(site_tree.meetings, language))
    links = tags(html, "link", rel="alternate", type=f"application/{kind}+xml")
    assert links, f"the index should announce a {kind} feed"
    return links[0]["href"]


def test_rss_feed_lists_newest_minutes_first_in_the_reader_language(
    client, site_tree, feed_meetings
):
    response = get(client, feed_href(client, site_tree, "de", "rss"))

    assert response["Content-Type"].startswith("application/rss+xml"), "wrong content type"
    channel = parse_xml(response.content).find("channel")
    assert channel is not None, "the RSS feed should have a channel"
    assert channel.findtext("language") == "de", "the German feed should say it is German"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Neueres Treffen", "Älteres Treffen"], (
        f"items should be newest first and in German, got {titles}"
    )
    first = channel.find("item")
    assert first.findtext("link").startswith("http://localhost/de/"), "links should be absolute"
    assert "Budget &amp; &lt;plans&gt;" in first.findtext("description"), (
        "the summary should be escaped HTML in the description"
    )
    guids = [item.findtext("guid") for item in channel.findall("item")]
    assert len(set(guids)) == 2, "every item should have its own guid"


def test_atom_feed_lists_newest_minutes_first(client, site_tree, feed_meetings):
    url = feed_href(client, site_tree, "en", "atom")
    response = get(client, url)

    assert response["Content-Type"].startswith("application/atom+xml"), "wrong content type"
    feed = parse_xml(response.content)
    assert feed.tag == f"{ATOM}feed", "the Atom feed should have a feed root element"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles == ["Newer meeting", "Older meeting"], f"wrong order or language: {titles}"
    self_links = [link.get("href") for link in feed.findall(f"{ATOM}link[@rel='self']")]
    assert self_links == [f"http://localhost{url}"], "the feed should point to itself"
    ids = [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")]
    assert all(entry_id.startswith("urn:uuid:") for entry_id in ids), "ids should be stable URNs"
    assert ids == [
        entry.findtext(f"{ATOM}id")
        for entry in parse_xml(get(client, url).content).findall(f"{ATOM}entry")
    ], "entry ids should not change between two downloads"


def test_feed_falls_back_to_the_source_language_title(client, site_tree):
    factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        source_language="da",
        title=None,
        title_da="Møde i Ballerup",
        slug="moede-ballerup",
    )
    feed = parse_xml(get(client, feed_href(client, site_tree, "fr", "rss")).content)
    assert [item.findtext("title") for item in feed.iter("item")] == ["Møde i Ballerup"], (
        "an untranslated title should fall back to the page's own language"
    )


# --- iCalendar ---------------------------------------------------------------------------


def physical_lines(response) -> list[bytes]:
    body = response.content
    assert body.endswith(b"\r\n"), "the calendar should end with CRLF"
    lines = body[:-2].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, f"bare line break in {line!r}"
        assert len(line) <= 75, f"a line is longer than 75 octets: {line!r}"
        line.decode("utf-8")  # folding must never split a UTF-8 character
    return lines


def unfolded(response) -> list[str]:
    logical: list[str] = []
    for line in physical_lines(response):
        text = line.decode("utf-8")
        if text.startswith(" "):
            logical[-1] += text[1:]
        else:
            logical.append(text)
    return logical


def events(lines: list[str]) -> list[dict[str, str]]:
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _sep, value = line.partition(":")
            current[name] = value
    return found


@pytest.fixture
def calendar_meeting(site_tree, dresden):
    return minutes(
        site_tree.meetings,
        title="Budget, rules; and C:\\ paths",
        date=datetime.date(2022, 6, 13),
        end_date=datetime.date(2022, 6, 16),
        format="on_site",
        host_library=dresden,
        summary="Line one\nLine two: "
        + "Bücherbus, Kulturzentrum und Öffnungszeiten für alle Stadtteile " * 3,
    )


def test_minutes_calendar_download_follows_rfc_5545(client, calendar_meeting):
    page_html = html_at(client, url_of(calendar_meeting))
    calendar_url = [a for a in tags(page_html, "a") if a.get("type") == "text/calendar"]
    assert calendar_url, "the minutes page should link its calendar file"

    response = get(client, calendar_url[0]["href"])

    assert response["Content-Type"].startswith("text/calendar"), "wrong content type"
    assert ".ics" in response["Content-Disposition"], "the download should be named .ics"
    raw = physical_lines(response)
    assert any(line.startswith(b" ") for line in raw), "the long description should be folded"
    lines = unfolded(response)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR", "not a VCALENDAR"
    assert "VERSION:2.0" in lines, "the calendar should say it is iCalendar 2.0"
    (event,) = events(lines)
    assert event["UID"] == f"meeting-{calendar_meeting.pk}@partner-library-exchange", "wrong UID"
    assert event["DTSTART;VALUE=DATE"] == "20220613", "the start should be an all-day date"
    assert event["DTEND;VALUE=DATE"] == "20220617", "DTEND should be the day after the last day"
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"]), "DTSTAMP should be a UTC date-time"
    assert event["SUMMARY"] == "Budget\\, rules\\; and C:\\\\ paths", (
        "commas, semicolons and backslashes should be escaped"
    )
    assert event["DESCRIPTION"].startswith("Line one\\nLine two: Bücherbus\\,"), (
        "newlines in the description should be escaped as \\n"
    )
    assert event["LOCATION"] == "Dresden", "the location should be the host library's city"
    assert event["URL"] == f"http://localhost{url_of(calendar_meeting)}", "URL should be absolute"

    again = events(unfolded(get(client, calendar_url[0]["href"])))
    assert again[0]["UID"] == event["UID"], "the UID should be stable across downloads"


def test_one_day_meeting_ends_the_next_day(client, site_tree):
    page = minutes(site_tree.meetings, date=datetime.date(2022, 12, 31), end_date=None)
    (event,) = events(unfolded(get(client, url_of(page) + "calendar/")))
    assert event["DTEND;VALUE=DATE"] == "20230101", "a one-day meeting should end the next day"
    assert event["LOCATION"] == "Online", "an online meeting should not claim a city"


def test_trip_calendar_and_site_calendar(client, site_tree, dresden, calendar_meeting):
    trip = factories.ExchangeTripPageFactory(
        parent=site_tree.trips,
        title="Study visit to Dresden",
        host_library=dresden,
        start_date=datetime.date(2027, 4, 26),
        end_date=datetime.date(2027, 4, 28),
    )
    trip_html = html_at(client, url_of(trip))
    trip_link = [a["href"] for a in tags(trip_html, "a") if a.get("type") == "text/calendar"]
    assert trip_link, "the trip guide should have an 'Add to calendar' link"
    (event,) = events(unfolded(get(client, trip_link[0])))
    assert event["UID"] == f"trip-{trip.pk}@partner-library-exchange", "wrong trip UID"
    assert event["DTSTART;VALUE=DATE"] == "20270426", "the trip should start on arrival day"
    assert event["DTEND;VALUE=DATE"] == "20270429", "DTEND should be the day after departure"
    assert event["LOCATION"] == "Dresden", "the trip location should be the host city"

    index_html = html_at(client, url_of(site_tree.meetings))
    site_link = [a["href"] for a in tags(index_html, "a") if a.get("type") == "text/calendar"]
    first = events(unfolded(get(client, site_link[0])))
    second = events(unfolded(get(client, site_link[0])))
    uids = [found["UID"] for found in first]
    assert sorted(uids) == sorted(
        [
            f"meeting-{calendar_meeting.pk}@partner-library-exchange",
            f"trip-{trip.pk}@partner-library-exchange",
        ]
    ), f"the site calendar should hold every meeting and trip, got {uids}"
    assert uids == [found["UID"] for found in second], "UIDs should be stable across downloads"


def test_folding_counts_octets_not_characters(client, site_tree):
    title = "ø" * 80
    page = minutes(site_tree.meetings, title=title)
    (event,) = events(unfolded(get(client, url_of(page) + "calendar/")))
    assert event["SUMMARY"] == title, (
        "folding (at most 75 octets a line, checked by physical_lines) should unfold to the title"
    )


# --- Printable trip guides and minutes ----------------------------------------------------


def test_trip_guide_and_minutes_are_printable(client, site_tree, dresden):
    trip = factories.ExchangeTripPageFactory(
        parent=site_tree.trips,
        title="Study visit to Dresden",
        host_library=dresden,
        programme=[
            (
                "day",
                {
                    "date": datetime.date(2027, 4, 26),
                    "title": "Branches",
                    "sessions": [{"start_time": datetime.time(9, 30), "title": "Bibo Pieschen"}],
                },
            )
        ],
    )
    meeting = minutes(site_tree.meetings, title="Planning call")

    printed = {}
    for page in [trip, meeting]:
        html = html_at(client, url_of(page))
        stylesheets = tags(html, "link", rel="stylesheet", href="/static/css/print.css")
        assert [sheet.get("media") for sheet in stylesheets] == ["print"], (
            "the print stylesheet should be linked with media=print"
        )
        print_url = href_of(html, "print-link")
        printable = html_at(client, print_url)
        assert page.title in printable, "the printable view should show the page"
        assert tags(printable, "link", href="/static/css/print.css", media="screen"), (
            "the printable view should apply the print stylesheet on screen"
        )
        assert tags(printable, "button", type="button", **{"class": "print-button"}), (
            "the printable view should offer a print button"
        )
        assert tags(printable, "script", src="/static/js/print.js"), (
            "the print button should be wired by a static script, not inline JavaScript"
        )
        assert "Print command" in printable, "the printable view should explain printing without JS"
        printed[page.pk] = printable
    assert "Bibo Pieschen" in printed[trip.pk], "the printable trip guide should show the programme"


def test_print_stylesheet_hides_chrome_and_keeps_blocks_together(client, site_tree):
    response = client.get("/static/css/print.css")
    assert response.status_code == 200, "print.css should be served"
    css = b"".join(response.streaming_content).decode()
    assert re.search(r"\.site-header[^{]*\{\s*display:\s*none", css), "chrome should be hidden"
    assert 'content: " (" attr(href) ")"' in css, "link URLs should be printed after the text"
    block = re.search(r"\.programme-day[^{]*\{([^}]*)\}", css)
    assert block and "break-inside: avoid" in block.group(1), (
        "programme days should not be split across pages"
    )
    assert ".action-item" in css[: block.start() + len(block.group(0))], (
        "action items should not be split across pages"
    )
    assert "color: #000" in css and "background: transparent" in css, "print black on white"


def test_overdue_is_relative_to_today():
    item = ActionItem(due_date=timezone.localdate() - datetime.timedelta(days=1), status="open")
    done = ActionItem(due_date=timezone.localdate() - datetime.timedelta(days=1), status="done")
    assert item.is_overdue and not done.is_overdue, "only unfinished items can be overdue"
