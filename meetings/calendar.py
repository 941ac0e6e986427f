"""iCalendar (RFC 5545) export of meetings, exchange trips and their programmes.

The file format is left to the ``icalendar`` package (escaping, folding at 75
octets, VALUE=DATE, and VTIMEZONE components for the TZIDs of timed events),
which calendar apps read without surprises; this module decides *what* the
events are: all-day meetings and trips, one timed event per programme session in
the host library's time zone, and stable UIDs (RFC 5545 3.8.4.7) so that
importing a file twice updates events instead of duplicating them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext

from wagtail.models import Page

import icalendar

from exchange_site.core.privacy import visible_to_reader

UID_DOMAIN = "partner-library-exchange"
PRODUCT_ID = "-//Partner Library Exchange//Meetings and trips//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEvent:
    """One event: all-day when ``start`` is a date, timed when it is an aware datetime.

    An all-day event's ``end`` is its last day (inclusive), as editors enter it; a
    timed event's ``end`` is the moment it ends.
    """

    uid: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None
    summary: str
    description: str = ""
    url: str = ""
    location: str = ""
    stamp: datetime.datetime | None = None

    @property
    def is_all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)


def exclusive_end(start: datetime.date, last_day: datetime.date | None) -> datetime.date:
    """The DTEND of an all-day event: the day *after* its last day (RFC 5545 3.6.1)."""
    return (last_day or start) + datetime.timedelta(days=1)


def _utc(value: datetime.datetime) -> datetime.datetime:
    """DTSTAMP must be in UTC."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(datetime.UTC)


def to_vevent(event: CalendarEvent, now: datetime.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", _utc(event.stamp or now))
    vevent.add("dtstart", event.start)
    if event.is_all_day:
        vevent.add("dtend", exclusive_end(event.start, event.end))
    elif event.end:
        vevent.add("dtend", event.end)
    vevent.add("summary", event.summary)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    return vevent


def serialize(events: Iterable[CalendarEvent], name: str) -> bytes:
    """A complete VCALENDAR, with a VTIMEZONE for every time zone its events use."""
    now = timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(to_vevent(event, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(events: Iterable[CalendarEvent], name: str, filename: str) -> HttpResponse:
    """An ``.ics`` download; the file name matters because our URLs cannot end in ``.ics``."""
    response = HttpResponse(serialize(events, name), content_type=CONTENT_TYPE)
    safe_name = slugify(filename) or "calendar"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.ics"'
    return response


def absolute_url(page, request: HttpRequest | None) -> str:
    """The page's absolute URL on the host the reader used.

    Feeds and calendar files are read outside the site, so their links must be
    absolute; the Site record's hostname (``localhost`` in the demo) is often not
    the address readers use, the request's host (checked against ALLOWED_HOSTS) is.
    """
    if request is None:
        return page.get_full_url() or ""
    return request.build_absolute_uri(page.get_url(request))


def _plain(text: str) -> str:
    return strip_tags(text or "").strip()


def _stamp(page) -> datetime.datetime | None:
    return page.last_published_at or page.latest_revision_created_at


def _visible_host(page: Page, request: HttpRequest | None):
    """The host library, unless its profile is hidden from this reader (or there is none)."""
    host = page.host_library
    return host if host is not None and visible_to_reader(host, request) else None


def _host_city(page: Page, request: HttpRequest | None) -> str:
    host = _visible_host(page, request)
    return host.city if host else ""


def _host_address(page: Page, request: HttpRequest | None) -> str:
    """The host's name and postal address on one line, for LOCATION; empty when hidden."""
    host = _visible_host(page, request)
    return ", ".join([host.title, *host.postal_address_lines]) if host else ""


def host_zone(page: Page) -> ZoneInfo:
    """The time zone of a trip's programme: the host library's, else the site's.

    A time zone says no more than the country, so it is used even when the host's
    profile is hidden from the reader.
    """
    return page.host_library.zone if page.host_library else ZoneInfo(settings.TIME_ZONE)


def meeting_event(page: Page, request: HttpRequest | None = None) -> CalendarEvent:
    """A meeting as an event, in the active language; online meetings have no city."""
    online = page.format == page.Format.ONLINE
    location = gettext("Online") if online else _host_city(page, request)
    return CalendarEvent(
        uid=f"meeting-{page.pk}@{UID_DOMAIN}",
        start=page.date,
        end=page.end_date,
        summary=page.title,
        description=_plain(page.summary),
        url=absolute_url(page, request),
        location=location,
        stamp=_stamp(page),
    )


def next_meeting_event(page: Page, request: HttpRequest | None = None) -> CalendarEvent | None:
    """The next meeting the minutes announce, as an all-day event, if they give a date."""
    if not page.next_meeting_date:
        return None
    return CalendarEvent(
        uid=f"meeting-{page.pk}-next@{UID_DOMAIN}",
        start=page.next_meeting_date,
        end=None,
        summary=page.next_meeting_notes or gettext("Next meeting"),
        description=gettext("Announced in the minutes “%(title)s”.") % {"title": page.title},
        url=absolute_url(page, request),
        stamp=_stamp(page),
    )


def trip_event(page: Page, request: HttpRequest | None = None) -> CalendarEvent:
    """An exchange trip as an event spanning arrival to departure day, in the active language."""
    return CalendarEvent(
        uid=f"trip-{page.pk}@{UID_DOMAIN}",
        start=page.start_date,
        end=page.end_date,
        summary=page.title,
        description=_plain(page.introduction),
        url=absolute_url(page, request),
        location=_host_city(page, request),
        stamp=_stamp(page),
    )


def programme_events(page: Page, request: HttpRequest | None = None) -> Iterator[CalendarEvent]:
    """One event per session of the trip's programme, at its local time at the host.

    The UID is the trip, the day and the session's place in it: the same in every
    language (translations keep the programme's shape), so a visitor who imports
    the Danish and the English file gets each session once. A session without a
    start time is an all-day event on its day; one without a place of its own is
    at the host library.
    """
    zone = host_zone(page)
    url = absolute_url(page, request)
    address = _host_address(page, request)
    for day in page.programme:
        if day.block_type != "day":
            continue
        date = day.value["date"]
        for number, session in enumerate(day.value["sessions"], start=1):
            start, end = session["start_time"], session["end_time"]
            yield CalendarEvent(
                uid=f"trip-{page.pk}-{date:%Y%m%d}-{number}@{UID_DOMAIN}",
                start=datetime.datetime.combine(date, start, zone) if start else date,
                end=datetime.datetime.combine(date, end, zone) if start and end else None,
                summary=session["title"],
                description=_plain(session["description"].source),
                url=url,
                location=session["location"] or address,
                stamp=_stamp(page),
            )
