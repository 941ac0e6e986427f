"""Practices the partner libraries share, with their taxonomy (topics and UN SDGs)."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField

from exchange_site.core.models import ExchangePage

from .blocks import PracticeBodyBlock
from .filters import PracticeFilterForm
from .taxonomy import Maturity, SustainableDevelopmentGoal, Topic

PRACTICES_PER_PAGE = 24


class PracticeIndexPage(ExchangePage):
    """Lists every practice; sits under the home page."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.PracticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("practice index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = PracticeFilterForm(request.GET, request)
        practices = filters.filter(PracticePage.objects.child_of(self).for_reader(request))
        context["filters"] = filters
        context["active_filters"] = filters.chips(request.GET)
        context["practices"] = Paginator(
            practices.select_related("library").prefetch_related("topics").order_by("title"),
            PRACTICES_PER_PAGE,
        ).get_page(request.GET.get("page"))
        return context


class PracticePage(ExchangePage):
    """A practice one partner library runs and others may adopt."""

    Maturity = Maturity

    library = models.ForeignKey(
        "libraries.PartnerLibraryPage",
        verbose_name=_("owning library"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), related_name="practices")
    sdgs = ParentalManyToManyField(
        SustainableDevelopmentGoal, blank=True, verbose_name=_("UN SDGs"), related_name="practices"
    )
    maturity = models.CharField(
        _("maturity"), max_length=20, choices=Maturity.choices, default=Maturity.PILOT
    )
    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences shown in listings.")
    )
    body = StreamField(PracticeBodyBlock(), blank=True, verbose_name=_("body"))
    related_practices = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        verbose_name=_("related practices"),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("library"),
                FieldPanel("maturity"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("sdgs", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Classification"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("related_practices", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("maturity"),
        index.FilterField("library_id"),
    ]
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types: list[str] = []

    owning_library_field = "library"

    class Meta:
        verbose_name = _("practice")

    def library_contacts(self):
        """The owning library's contact people (a method: only a rendered article asks)."""
        return self.library.contacts.all() if self.library_id else []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = (
            self.related_practices.for_reader(request)
            .select_related("library")
            .prefetch_related("topics")
        )
        context["discussed_in"] = self.discussed_in_meetings.for_reader(request).order_by("-date")
        return context
