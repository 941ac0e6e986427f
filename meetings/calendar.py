"""iCalendar (RFC 5545) export of meetings and exchange trips, with the standard library only.

Calendar apps are strict about the format, so each rule of the RFC that a
reader's calendar would trip over has its own small function: text escaping
(section 3.3.11), line folding at 75 octets (3.1), all-day dates with an
exclusive end (3.6.1) and stable UIDs (3.8.4.7), so that importing a file twice
updates an event instead of duplicating it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext

from wagtail.models import Page

from exchange_site.core.privacy import visible_to_reader

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
UID_DOMAIN = "partner-library-exchange"
PRODUCT_ID = "-//Partner Library Exchange//Meetings and trips//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event; ``end`` is its last day (inclusive), as editors enter it."""

    uid: str
    start: datetime.date
    end: datetime.date | None
    summary: str
    description: str = ""
    url: str = ""
    location: str = ""
    stamp: datetime.datetime | None = None


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash first, then ``;`` ``,`` and newlines (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character.

    Continuation lines start with one space, which counts towards their 75 octets.
    """
    chunks: list[str] = []
    current, size, limit = "", 0, MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            chunks.append(current)
            current, size, limit = "", 0, MAX_LINE_OCTETS - 1
        current += char
        size += octets
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def format_date(value: datetime.date) -> str:
    """A DATE value (``YYYYMMDD``)."""
    return value.strftime("%Y%m%d")


def format_utc(value: datetime.datetime) -> str:
    """A DATE-TIME value in UTC (``YYYYMMDDTHHMMSSZ``), as DTSTAMP requires."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def exclusive_end(start: datetime.date, last_day: datetime.date | None) -> datetime.date:
    """The DTEND of an all-day event: the day *after* its last day (RFC 5545 3.6.1)."""
    return (last_day or start) + datetime.timedelta(days=1)


def event_lines(event: CalendarEvent, now: datetime.datetime) -> list[str]:
    """The unfolded content lines of one VEVENT."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{format_utc(event.stamp or now)}",
        f"DTSTART;VALUE=DATE:{format_date(event.start)}",
        f"DTEND;VALUE=DATE:{format_date(exclusive_end(event.start, event.end))}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def serialize(events: Iterable[CalendarEvent], name: str) -> str:
    """A complete VCALENDAR: folded lines joined and terminated by CRLF."""
    now = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += event_lines(event, now)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)


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


def _host_city(page: Page, request: HttpRequest | None) -> str:
    """The host library's city, unless the library's profile is hidden from this reader."""
    return page.host_library.city if visible_to_reader(page.host_library, request) else ""


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
