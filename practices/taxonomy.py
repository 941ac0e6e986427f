"""The taxonomy practices are filed under: topics, UN goals and maturity.

Apart from the practice pages so that the reader filters (``filters``) can
offer these choices without importing the page model that uses the filters.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from exchange_site.core.models import TranslatableSnippet


class Maturity(models.TextChoices):
    """How far a library has come with a practice."""

    IDEA = "idea", _("Idea")
    PILOT = "pilot", _("Pilot")
    ESTABLISHED = "established", _("Established")


class Topic(index.Indexed, TranslatableSnippet):
    """A managed theme practices are filed under (art lending, gaming, …)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("source_language"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]
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


class SustainableDevelopmentGoal(TranslatableSnippet):
    """One of the 17 UN Sustainable Development Goals (Verdensmål, Nachhaltigkeitsziele)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("source_language"), FieldPanel("number"), FieldPanel("name")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("UN sustainable development goal")
        verbose_name_plural = _("UN sustainable development goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


register_snippet(Topic)
register_snippet(SustainableDevelopmentGoal)
