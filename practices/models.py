"""Practices the partner libraries share, with their taxonomy (topics and UN SDGs)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from modelcluster.fields import ParentalManyToManyField

from home.models import ExchangePage

from .blocks import PracticeBodyBlock


class Topic(index.Indexed, models.Model):
    """A managed theme practices are filed under (art lending, gaming, …)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    # modeltranslation turns the ordering by name into one by ``name_<language>``;
    # the admin's snippet search sorts by it, which Wagtail allows only on filter fields.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        *(index.FilterField(f"name_{code}") for code, _name in settings.LANGUAGES),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 UN Sustainable Development Goals (Verdensmål, Nachhaltigkeitsziele)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("number"), FieldPanel("name")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("UN sustainable development goal")
        verbose_name_plural = _("UN sustainable development goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


register_snippet(Topic)
register_snippet(SustainableDevelopmentGoal)


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
        from .filters import PracticeFilterForm

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

    auto_translate_setting = "translate_practices_on_publish"

    class Maturity(models.TextChoices):
        IDEA = "idea", _("Idea")
        PILOT = "pilot", _("Pilot")
        ESTABLISHED = "established", _("Established")

    library = models.ForeignKey(
        "home.PartnerLibraryPage",
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
