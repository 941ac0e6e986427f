from django.db import models

from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from modelcluster.fields import ParentalManyToManyField

from practices.blocks import PracticeBodyBlock
from practices.taxonomy import Maturity


class BarePage(Page):
    """Title and body, nothing else: what Wagtail costs without our layers."""

    body = RichTextField(blank=True)


class PlainPracticePage(Page):
    """The practice page's content built the plain Wagtail way, as bakerydemo builds its pages.

    The same fields, relations, body blocks and article markup, with none of our layers:
    one language (no fallback descriptors, no language marks), no privacy filter on the
    related pages, no machine-draft marks, no SEO metadata, no fragment cache; routed by
    Wagtail's own ``route``. Measures what the practice page's content costs, apart from
    what our layers add or save. Only ``benchmarks/settings.py`` installs this app, so its
    unfiltered ``live()`` lists never reach the site's readers
    (``tests/test_privacy.py::test_the_site_never_installs_the_benchmark_page_types``).
    """

    library = models.ForeignKey(
        "libraries.PartnerLibraryPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    maturity = models.CharField(max_length=20, choices=Maturity.choices)
    summary = models.TextField()
    body = StreamField(PracticeBodyBlock(), blank=True)
    topics = ParentalManyToManyField("practices.Topic", related_name="+")
    sdgs = ParentalManyToManyField("practices.SustainableDevelopmentGoal", related_name="+")
    related = ParentalManyToManyField("practices.PracticePage", related_name="+")
    meetings = ParentalManyToManyField("meetings.MeetingMinutesPage", related_name="+")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        related = self.related.live().select_related("library").prefetch_related("topics")
        context["related"] = related
        context["meetings"] = self.meetings.live().order_by("-date")
        return context
