"""Meeting minutes of the partners' exchanges, and guides for exchange trips."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from home.models import ExchangePage

from .blocks import (
    AgendaBlock,
    ChecklistBlock,
    DecisionBlock,
    PracticalInformationBlock,
    ProgrammeBlock,
)


def _validate_date_range(page: models.Model, start: str, end: str) -> None:
    start_value, end_value = getattr(page, start), getattr(page, end)
    if start_value and end_value and end_value < start_value:
        raise ValidationError({end: _("The end date cannot be before the start date.")})


class MeetingIndexPage(ExchangePage):
    """Lists the minutes of every exchange meeting, newest first."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["meetings.MeetingMinutesPage"]
    max_count = 1

    class Meta:
        verbose_name = _("meeting index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["meetings"] = (
            MeetingMinutesPage.objects.child_of(self)
            .live()
            .select_related("host_library")
            .order_by("-date")
        )
        return context


class MeetingMinutesPage(ExchangePage):
    """Minutes of one online or on-site exchange between partner libraries."""

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        ON_SITE = "on_site", _("On site")

    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    host_library = models.ForeignKey(
        "home.PartnerLibraryPage",
        verbose_name=_("host library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_meetings",
    )
    participating_libraries = ParentalManyToManyField(
        "home.PartnerLibraryPage",
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
        InlinePanel("attachments", label=_("Attachments")),
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

    def clean(self) -> None:
        super().clean()
        _validate_date_range(self, "date", "end_date")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["participants"] = self.participants.select_related("library")
        context["action_items"] = self.action_items.all()
        context["attachments"] = self.attachments.select_related("document")
        context["practices"] = self.practices_discussed.live().select_related("library")
        return context


class MeetingParticipant(Orderable):
    page = ParentalKey(MeetingMinutesPage, related_name="participants", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)
    library = models.ForeignKey(
        "home.PartnerLibraryPage",
        verbose_name=_("library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("library")]

    @property
    def source_language(self) -> str:
        return self.page.source_language


class ActionItem(Orderable):
    """Something a partner agreed to do, tracked until it is done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

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
    def source_language(self) -> str:
        return self.page.source_language

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

    class Meta:
        verbose_name = _("exchange trip index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        trips = ExchangeTripPage.objects.child_of(self).live().select_related("host_library")
        today = timezone.localdate()
        context["upcoming_trips"] = trips.filter(end_date__gte=today).order_by("start_date")
        context["past_trips"] = trips.filter(end_date__lt=today).order_by("-start_date")
        return context


class ExchangeTripPage(ExchangePage):
    """What a visiting delegation needs: programme, practical information, what to see."""

    host_library = models.ForeignKey(
        "home.PartnerLibraryPage",
        verbose_name=_("host library"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="hosted_trips",
    )
    start_date = models.DateField(_("arrival"))
    end_date = models.DateField(_("departure"))
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

    def clean(self) -> None:
        super().clean()
        _validate_date_range(self, "start_date", "end_date")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["practices"] = self.practices_to_see.live().select_related("library")
        return context
