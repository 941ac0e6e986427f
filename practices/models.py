"""Practices the partner libraries share, with their taxonomy (topics and UN SDGs)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField

from exchange_site.core.i18n import displayed_language
from exchange_site.core.metadata import (
    absolute_url,
    page_description,
    plain_text,
    shorten,
    social_image_url,
)
from exchange_site.core.models import ExchangePage
from exchange_site.core.privacy import visible_to_reader

from .blocks import PracticeBodyBlock
from .filters import PracticeFilterForm
from .taxonomy import Maturity, SustainableDevelopmentGoal, Topic

PRACTICES_PER_PAGE = 24

# What a related practice's card (practice_card.html) and a meeting line show, and what their
# URL, language marks and privacy check read. Loading only these leaves out the wide columns
# (the StreamField body in every language, SEO fields, slugs): half the cost of those queries.
# A translated name brings all its language columns (modeltranslation's ``only``), so the
# fallback to any language still needs no further query.
_PAGE_LINK_COLUMNS = ("title", "url_path", "source_language", "path", "depth", "live")
PRACTICE_CARD_COLUMNS = (
    *_PAGE_LINK_COLUMNS,
    "summary",
    "maturity",
    *(f"library__{name}" for name in _PAGE_LINK_COLUMNS),
)
MEETING_LINK_COLUMNS = (*_PAGE_LINK_COLUMNS, "date")
#: A card's topic: its name, and its source language for the fallback to the original's name.
CARD_TOPIC_COLUMNS = ("name", "source_language")


class PracticeIndexPage(ExchangePage):
    """Lists every practice; sits under the home page."""

    # Its filters (practices/filters.py) offer every topic, goal and library.
    lists_every = (
        "practices.Topic",
        "practices.SustainableDevelopmentGoal",
        "libraries.PartnerLibraryPage",
    )

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.PracticePage"]
    max_count = 1

    schema_type = "CollectionPage"
    description_field = "introduction"

    class Meta:
        verbose_name = _("practice index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = PracticeFilterForm(request.GET, request)
        practices = filters.filter(PracticePage.objects.child_of(self).for_reader(request))
        context["filters"] = filters
        context["active_filters"] = filters.chips(request.GET)
        context["practices"] = Paginator(
            practices.select_related("library")
            .only(*PRACTICE_CARD_COLUMNS)
            .prefetch_related(Prefetch("topics", Topic.objects.only(*CARD_TOPIC_COLUMNS)))
            .order_by("title"),
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
    card_fields = ("library", "topics")  # practice_card.html

    class Meta:
        verbose_name = _("practice")

    open_graph_type = "article"
    description_field = "summary"

    def social_image(self):
        """The first image of the body (in the language the body is shown in)."""
        return next(
            (block.value["image"] for block in self.body or [] if block.block_type == "image"),
            None,
        )

    def structured_data(self, request: HttpRequest | None) -> dict[str, Any]:
        """The practice as a schema.org ``Article`` written and published by its library."""
        url = absolute_url(self, request)
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Article",
            "@id": url,
            "url": url,
            "mainEntityOfPage": url,
            # Google shows at most 110 characters of a headline.
            "headline": shorten(plain_text(self.title), 110),
            "description": page_description(self),
            "inLanguage": displayed_language(self, "summary") or displayed_language(self, "title"),
            "datePublished": self.first_published_at,
            "dateModified": self.last_published_at,
        }
        if visible_to_reader(self.library, request):
            organization = self.library.organization_data(request)
            data |= {"author": organization, "publisher": organization}
        image = social_image_url(self, request)
        return data | {"image": image} if image else data

    def library_contacts(self):
        """The owning library's contact people (a method: only a rendered article asks)."""
        return self.library.contacts.all() if self.library_id else []

    def related_for_reader(self, request: HttpRequest | None):
        """The related practices this reader may see, as cards."""
        return (
            self.related_practices.for_reader(request)
            .select_related("library")
            .only(*PRACTICE_CARD_COLUMNS)
            .prefetch_related(Prefetch("topics", Topic.objects.only(*CARD_TOPIC_COLUMNS)))
        )

    def meetings_for_reader(self, request: HttpRequest | None):
        """The meetings this reader may see that discussed the practice, newest first."""
        return (
            self.discussed_in_meetings.for_reader(request)
            .only(*MEETING_LINK_COLUMNS)
            .order_by("-date")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Built when the article is rendered, not before: with the article's
        # fragment cached, building the reader-filtered querysets cost ~1 ms of
        # every render for nothing.
        context["related"] = SimpleLazyObject(lambda: self.related_for_reader(request))
        context["discussed_in"] = SimpleLazyObject(lambda: self.meetings_for_reader(request))
        return context
