"""Meeting minutes of the partners' exchanges, and guides for exchange trips."""

from __future__ import annotations

import datetime
from itertools import groupby
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from exchange_site.core.metadata import absolute_url, page_description, plain_text
from exchange_site.core.models import ExchangePage, TranslatableOrderable
from exchange_site.core.privacy import visible_to_reader
from libraries.models import PartnerLibraryPage

from .blocks import (
    AgendaBlock,
    ChecklistBlock,
    DecisionBlock,
    PracticalInformationBlock,
    ProgrammeBlock,
)
from .calendar import (
    CalendarEvent,
    calendar_response,
    meeting_event,
    next_meeting_event,
    programme_events,
    trip_event,
)
from .feeds import MinutesAtomFeed, MinutesRssFeed
from .printing import absolute_links


def _validate_date_range(page: models.Model, start: str, end: str) -> None:
    start_value, end_value = getattr(page, start), getattr(page, end)
    if start_value and end_value and end_value < start_value:
        raise ValidationError({end: _("The end date cannot be before the start date.")})


def _involving(library: PartnerLibraryPage, prefix: str = "") -> Q:
    """Minutes (or, with ``prefix="page__"``, their action items) a library hosted or joined.

    Participation is a subquery rather than a join, so no meeting is listed twice.
    """
    joined = MeetingMinutesPage.objects.filter(participating_libraries=library).values("pk")
    return Q(**{f"{prefix}host_library": library}) | Q(**{f"{prefix}pk__in": joined})


def _chosen_library(
    request: HttpRequest, libraries: list[PartnerLibraryPage]
) -> PartnerLibraryPage | None:
    """The library picked in the plain GET filter form (``?library=<id>``); junk means none."""
    value = request.GET.get("library", "")
    return next((library for library in libraries if str(library.pk) == value), None)


def partner_libraries(request: HttpRequest) -> list[PartnerLibraryPage]:
    """The reader's partner libraries sorted by their name as the reader sees it (translated)."""
    return sorted(
        PartnerLibraryPage.objects.for_reader(request), key=lambda library: library.title.casefold()
    )


class CalendarAndPrintMixin(RoutablePageMixin):
    """Routes of dated pages readers take with them: ``calendar/`` (.ics) and ``print/``.

    Wagtail's page URLs cannot contain a dot, so the download is named ``<slug>.ics`` by
    its Content-Disposition header rather than by its URL.
    """

    def calendar_events(self, request: HttpRequest) -> list[CalendarEvent]:
        raise NotImplementedError

    def reader_tool_urls(self, request: HttpRequest | None = None) -> dict[str, str]:
        """The page's own URL and its calendar and printable-view URLs, for templates."""
        base = self.get_url(request) or ""
        return {
            "page_url": base,
            "calendar_url": base + self.reverse_subpage("calendar"),
            "print_url": base + self.reverse_subpage("print"),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.reader_tool_urls(request))
        return context

    def event_data(
        self,
        request: HttpRequest | None,
        start: datetime.date,
        end: datetime.date | None,
        online: bool = False,
    ) -> dict[str, Any]:
        """The page as a schema.org ``Event`` at and organised by its host library.

        A host the reader may not see (a private profile) is not named.
        """
        url = absolute_url(self, request)
        host = self.host_library if visible_to_reader(self.host_library, request) else None
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Event",
            "@id": url,
            "url": url,
            "name": plain_text(self.title),
            "description": page_description(self),
            "startDate": start,
            "endDate": end or start,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/"
            + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        }
        if online:
            data["location"] = {"@type": "VirtualLocation", "url": url}
        elif host is not None:
            data["location"] = {
                "@type": "Place",
                "name": plain_text(host.title),
                "address": host.address_data(),
            }
        if host is not None:
            data["organizer"] = host.organization_data(request)
        return data

    @path("calendar/", name="calendar")
    def calendar_view(self, request: HttpRequest) -> HttpResponse:
        """This page as an ``.ics`` file for the reader's calendar."""
        return calendar_response(self.calendar_events(request), self.title, self.slug)

    @path("print/", name="print")
    def print_view(self, request: HttpRequest) -> HttpResponse:
        """The page with the print stylesheet applied on screen too, usable without JavaScript.

        Its links are absolute, so that the addresses printed after them lead somewhere.
        """
        response = self.render(request, context_overrides={"printable": True})
        response.render()
        response.content = absolute_links(
            response.content.decode(response.charset), request.build_absolute_uri()
        )
        return response


class MeetingIndexPage(RoutablePageMixin, ExchangePage):
    """Lists the minutes of every exchange meeting by year, newest first; sits under home.

    Its routes (part of the page, so they follow its translated slug in every
    language) add the open action items of all meetings, RSS and Atom feeds of
    new minutes and one calendar of all meetings and exchange trips.
    """

    # The minutes and action-item listings filter by any partner library.
    lists_every = ("libraries.PartnerLibraryPage",)

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["meetings.MeetingMinutesPage"]
    max_count = 1

    schema_type = "CollectionPage"
    description_field = "introduction"

    class Meta:
        verbose_name = _("meeting index")

    def minutes(self, request: HttpRequest | None) -> models.QuerySet[MeetingMinutesPage]:
        """The reader's minutes under this index: what the listing, feeds and calendar show."""
        return (
            MeetingMinutesPage.objects.child_of(self)
            .for_reader(request)
            .select_related("host_library")
        )

    def route_urls(self, request: HttpRequest | None = None) -> dict[str, str]:
        """URLs of this page's routes, for links and ``<link rel="alternate">`` in templates."""
        base = self.get_url(request) or ""
        names = ["action_items", "rss_feed", "atom_feed", "calendar"]
        return {"index_url": base} | {
            f"{name}_url": base + self.reverse_subpage(name) for name in names
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.route_urls(request))
        return context

    def minutes_by_year(self, request: HttpRequest) -> dict:
        """The listing: minutes grouped by year, newest first, optionally for one library."""
        libraries = partner_libraries(request)
        library = _chosen_library(request, libraries)
        meetings = self.minutes(request).prefetch_related(
            Prefetch(
                "participating_libraries",
                queryset=PartnerLibraryPage.objects.for_reader(request),
                to_attr="reader_participating_libraries",
            ),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES),
                to_attr="open_action_items",
            ),
        )
        if library is not None:
            meetings = meetings.filter(_involving(library))
        meetings = list(meetings.order_by("-date", "-pk"))
        years = [
            {"year": year, "meetings": list(group)}
            for year, group in groupby(meetings, key=lambda meeting: meeting.date.year)
        ]
        return {
            "meetings": meetings,
            "years": years,
            "libraries": libraries,
            "selected_library": library,
        }

    def open_action_items(self, request: HttpRequest) -> dict:
        """Open and in-progress action items of every meeting, soonest due first.

        A fixed number of queries however many meetings there are: the items with
        their minutes and host in one query, the owners and libraries for the filters.
        """
        libraries = partner_libraries(request)
        library = _chosen_library(request, libraries)
        items = ActionItem.objects.filter(
            status__in=ActionItem.OPEN_STATUSES, page__in=self.minutes(request).values("pk")
        )
        owners = sorted(set(items.values_list("owner", flat=True)), key=str.casefold)
        owner = request.GET.get("owner", "")
        if owner not in owners:
            owner = ""
        if library is not None:
            items = items.filter(_involving(library, prefix="page__"))
        if owner:
            items = items.filter(owner=owner)
        items = items.select_related("page", "page__host_library").order_by(
            F("due_date").asc(nulls_last=True), "-page__date", "sort_order", "pk"
        )
        return {
            "action_items": list(items),
            "libraries": libraries,
            "selected_library": library,
            "owners": owners,
            "selected_owner": owner,
        }

    @path("", name="minutes")
    def minutes_view(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, context_overrides=self.minutes_by_year(request))

    @path("action-items/", name="action_items")
    def action_items_view(self, request: HttpRequest) -> HttpResponse:
        return self.render(
            request,
            template="meetings/action_items_page.html",
            context_overrides=self.open_action_items(request),
        )

    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        return MinutesRssFeed()(request, index=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        return MinutesAtomFeed()(request, index=self)

    @path("calendar/", name="calendar")
    def calendar_view(self, request: HttpRequest) -> HttpResponse:
        """Every meeting and exchange trip of the site in one ``.ics`` calendar."""
        meetings = list(self.minutes(request).order_by("date"))
        events = [meeting_event(meeting, request) for meeting in meetings]
        # An announced meeting until its own minutes are written (then they stand for it).
        held = {meeting.date for meeting in meetings}
        events += [
            next_meeting_event(meeting, request)
            for meeting in meetings
            if meeting.next_meeting_date and meeting.next_meeting_date not in held
        ]
        trips = (
            ExchangeTripPage.objects.for_reader(request)
            .descendant_of(self.get_parent())
            .select_related("host_library")
            .order_by("start_date")
        )
        events += [trip_event(trip, request) for trip in trips]
        name = gettext("Partner Library Exchange: meetings and trips")
        return calendar_response(events, name, "partner-library-exchange")


class MeetingMinutesPage(CalendarAndPrintMixin, ExchangePage):
    """Minutes of one online or on-site exchange between partner libraries."""

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        ON_SITE = "on_site", _("On site")

    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    host_library = models.ForeignKey(
        "libraries.PartnerLibraryPage",
        verbose_name=_("host library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_meetings",
    )
    participating_libraries = ParentalManyToManyField(
        "libraries.PartnerLibraryPage",
        blank=True,
        verbose_name=_("participating libraries"),
        related_name="meetings",
    )
    summary = models.TextField(_("summary"), blank=True)
    agenda = StreamField(AgendaBlock(), blank=True, verbose_name=_("agenda"))
    decisions = StreamField(DecisionBlock(), blank=True, verbose_name=_("decisions"))
    next_meeting_date = models.DateField(_("next meeting"), null=True, blank=True)
    next_meeting_notes = models.CharField(_("about the next meeting"), max_length=255, blank=True)
    practices_discussed = ParentalManyToManyField(
        "practices.PracticePage",
        blank=True,
        verbose_name=_("practices discussed"),
        related_name="discussed_in_meetings",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("end_date")]),
                FieldPanel("format"),
                FieldPanel("host_library"),
                FieldPanel("participating_libraries", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("When and who"),
        ),
        InlinePanel("participants", label=_("Participants")),
        FieldPanel("summary"),
        FieldPanel("agenda"),
        FieldPanel("decisions"),
        InlinePanel("action_items", label=_("Action items")),
        InlinePanel(
            "attachments",
            label=_("Attachments"),
            help_text=_(
                "Attachments are as private as these minutes: a document attached here is "
                "downloaded only by readers who may see this page (logged in, in the right "
                "group, or having entered its password). Used on a public page too, it is public."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("next_meeting_date"), FieldPanel("next_meeting_notes")],
            heading=_("Next meeting"),
        ),
        FieldPanel("practices_discussed", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("agenda"),
        index.SearchField("decisions"),
        index.FilterField("date"),
        index.FilterField("format"),
    ]
    parent_page_types = ["meetings.MeetingIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("meeting minutes")
        verbose_name_plural = _("meeting minutes")

    owning_library_field = "host_library"

    def clean(self) -> None:
        super().clean()
        _validate_date_range(self, "date", "end_date")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["participants"] = self.participants.select_related("library")
        context["participating_libraries"] = self.participating_libraries.for_reader(request)
        items = list(self.action_items.all())
        context["action_items"] = items
        context["open_action_items"] = sorted(
            (item for item in items if item.is_open), key=ActionItem.due_order
        )
        context["done_action_items"] = [item for item in items if not item.is_open]
        index = MeetingIndexPage.objects.parent_of(self).first()
        context["action_items_url"] = index.route_urls(request)["action_items_url"] if index else ""
        context["attachments"] = self.attachments.select_related("document")
        context["practices"] = self.practices_discussed.for_reader(request).select_related(
            "library"
        )
        return context

    description_field = "summary"

    def structured_data(self, request: HttpRequest | None) -> dict[str, Any]:
        online = self.format == self.Format.ONLINE
        return self.event_data(request, self.date, self.end_date, online=online)

    def calendar_events(self, request: HttpRequest) -> list[CalendarEvent]:
        next_meeting = next_meeting_event(self, request)
        return [meeting_event(self, request), *([next_meeting] if next_meeting else [])]


class MeetingParticipant(TranslatableOrderable):
    page = ParentalKey(MeetingMinutesPage, related_name="participants", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)
    library = models.ForeignKey(
        "libraries.PartnerLibraryPage",
        verbose_name=_("library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("library")]


class ActionItem(TranslatableOrderable):
    """Something a partner agreed to do, tracked until it is done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    page = ParentalKey(MeetingMinutesPage, related_name="action_items", on_delete=models.CASCADE)
    description = models.CharField(_("what"), max_length=500)
    owner = models.CharField(_("who"), max_length=150)
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    panels = [
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_date"), FieldPanel("status")]),
    ]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @staticmethod
    def due_order(item: ActionItem) -> tuple:
        """Sort key: soonest due first, items without a due date last."""
        return (item.due_date is None, item.due_date or timezone.localdate(), item.sort_order or 0)

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date
            and self.status != self.Status.DONE
            and self.due_date < timezone.localdate()
        )


class MeetingAttachment(Orderable):
    page = ParentalKey(MeetingMinutesPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]


class ExchangeTripIndexPage(ExchangePage):
    """Lists exchange trip guides, upcoming first."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["meetings.ExchangeTripPage"]
    max_count = 1

    schema_type = "CollectionPage"
    description_field = "introduction"

    class Meta:
        verbose_name = _("exchange trip index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        trips = (
            ExchangeTripPage.objects.child_of(self)
            .for_reader(request)
            .select_related("host_library")
        )
        today = timezone.localdate()
        context["upcoming_trips"] = trips.filter(end_date__gte=today).order_by("start_date")
        context["past_trips"] = trips.filter(end_date__lt=today).order_by("-start_date")
        return context


class ExchangeTripPage(CalendarAndPrintMixin, ExchangePage):
    """What a visiting delegation needs: programme, practical information, what to see."""

    host_library = models.ForeignKey(
        "libraries.PartnerLibraryPage",
        verbose_name=_("host library"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="hosted_trips",
    )
    start_date = models.DateField(_("arrival"))
    end_date = models.DateField(_("departure"))
    meeting_point = models.CharField(
        _("meeting point"),
        max_length=255,
        blank=True,
        help_text=_("Where and when the group meets on arrival, if not at the host library."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    programme = StreamField(ProgrammeBlock(), blank=True, verbose_name=_("programme"))
    practical_information = StreamField(
        PracticalInformationBlock(), blank=True, verbose_name=_("practical information")
    )
    practices_to_see = ParentalManyToManyField(
        "practices.PracticePage",
        blank=True,
        verbose_name=_("practices to see"),
        related_name="trips",
    )
    checklist = StreamField(ChecklistBlock(), blank=True, verbose_name=_("checklist for visitors"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("host_library"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("meeting_point"),
            ],
            heading=_("Where and when"),
        ),
        FieldPanel("introduction"),
        FieldPanel("programme"),
        FieldPanel("practical_information"),
        FieldPanel("practices_to_see", widget=forms.CheckboxSelectMultiple),
        FieldPanel("checklist"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("programme"),
        index.SearchField("practical_information"),
    ]
    parent_page_types = ["meetings.ExchangeTripIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("exchange trip guide")

    owning_library_field = "host_library"

    def clean(self) -> None:
        super().clean()
        _validate_date_range(self, "start_date", "end_date")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["practices"] = self.practices_to_see.for_reader(request).select_related("library")
        return context

    description_field = "introduction"

    def structured_data(self, request: HttpRequest | None) -> dict[str, Any]:
        return self.event_data(request, self.start_date, self.end_date)

    def calendar_events(self, request: HttpRequest) -> list[CalendarEvent]:
        return [trip_event(self, request), *programme_events(self, request)]
