"""The site root: what the partnership is, with the latest from every content app.

The home page sits on top of the content apps (libraries, practices,
meetings): it lists their pages, and none of them imports it.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from modelcluster.fields import ParentalManyToManyField

from exchange_site.core.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from exchange_site.core.models import ExchangePage
from libraries.models import PartnerLibraryPage
from meetings.models import ExchangeTripPage, MeetingMinutesPage


class HomePage(ExchangePage):
    """The site root: what the partnership is, latest minutes, featured practices, trips."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))
    featured_practices = ParentalManyToManyField(
        "practices.PracticePage",
        blank=True,
        related_name="+",
        verbose_name=_("featured practices"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("featured_practices", widget=forms.CheckboxSelectMultiple),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    description_field = "introduction"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context["latest_minutes"] = (
            MeetingMinutesPage.objects.for_reader(request)
            .order_by("-date")
            .select_related("host_library")[:4]
        )
        context["featured"] = self.featured_practices.for_reader(request).select_related("library")
        trips = ExchangeTripPage.objects.for_reader(request).select_related("host_library")
        context["upcoming_trips"] = trips.filter(end_date__gte=today).order_by("start_date")
        context["past_trips"] = trips.filter(end_date__lt=today).order_by("-start_date")[:3]
        context["libraries"] = PartnerLibraryPage.objects.for_reader(request).order_by(
            "country", "title"
        )
        return context
