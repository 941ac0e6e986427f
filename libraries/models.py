"""Partner libraries: the profile pages every practice, minutes and trip points at."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from exchange_site.core.blocks import RICH_TEXT_FEATURES
from exchange_site.core.metadata import absolute_url, page_description, plain_text, social_image_url
from exchange_site.core.models import ExchangePage, TranslatableOrderable

COUNTRY_CHOICES = [
    ("DK", _("Denmark")),
    ("DE", _("Germany")),
    ("FR", _("France")),
]

#: Where programme times and calendar files of a library's events are set; the country's
#: zone is the default, so an editor only chooses one for a library abroad.
COUNTRY_TIME_ZONES = {
    "DK": "Europe/Copenhagen",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
}
TIME_ZONE_CHOICES = [(zone, zone) for zone in dict.fromkeys(COUNTRY_TIME_ZONES.values())]


class PartnerLibraryIndexPage(ExchangePage):
    """Lists the partner libraries; sits directly under the home page."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["libraries.PartnerLibraryPage"]
    max_count = 1

    schema_type = "CollectionPage"
    description_field = "introduction"

    class Meta:
        verbose_name = _("partner library index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["libraries"] = (
            PartnerLibraryPage.objects.child_of(self)
            .for_reader(request)
            .order_by("country", "title")
        )
        return context


class PartnerLibraryPage(ExchangePage):
    """Profile of one partner library (the page title is the library's name).

    A page rather than a snippet: visitors preparing a trip read these
    profiles, and as pages they get public URLs, revisions, translation
    through the same pipeline and the same language fallback as everything
    else. Practices, minutes and trips point at them with foreign keys.
    """

    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    main_language = models.CharField(
        _("main language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The language the library's staff work in."),
    )
    street_address = models.CharField(
        _("street address"),
        max_length=200,
        blank=True,
        help_text=_("Of the branch where visitors are received."),
    )
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        blank=True,
        help_text=_("Leave empty to use the country's time zone."),
    )
    getting_there = models.TextField(
        _("getting there"),
        blank=True,
        help_text=_("How visitors reach the library from the station or the airport."),
    )
    website = models.URLField(_("website"), blank=True)
    profile = RichTextField(_("short profile"), blank=True, features=RICH_TEXT_FEATURES)
    editor_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("editor group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Members of this group edit this library's pages, and only those."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo or image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("country"), FieldPanel("time_zone")]),
                FieldPanel("main_language"),
                FieldPanel("website"),
            ],
            heading=_("Where and who"),
        ),
        FieldPanel("getting_there"),
        FieldPanel("image"),
        FieldPanel("profile"),
        FieldPanel("editor_group"),
        InlinePanel("contacts", label=_("Contact people")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("profile"),
        index.FilterField("country"),
    ]
    parent_page_types = ["libraries.PartnerLibraryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("partner library")
        verbose_name_plural = _("partner libraries")

    schema_type = "Library"
    description_field = "profile"

    def social_image(self):
        return self.image

    def address_data(self) -> dict[str, str]:
        """Where the library is, as schema.org's ``PostalAddress``."""
        address = {
            "@type": "PostalAddress",
            "streetAddress": self.street_address,
            "postalCode": self.postal_code,
            "addressLocality": self.city,
            "addressCountry": self.country,
        }
        return {key: value for key, value in address.items() if value}

    def organization_data(self, request: HttpRequest | None) -> dict[str, Any]:
        """The library as other pages' JSON-LD names it: organiser, author, place.

        Callers check ``visible_to_reader`` first: a private profile is never named.
        """
        return {
            "@type": "Library",
            "name": plain_text(self.title),
            "url": absolute_url(self, request),
            "address": self.address_data(),
        }

    def structured_data(self, request: HttpRequest | None) -> dict[str, Any]:
        url = absolute_url(self, request)
        data = {
            "@context": "https://schema.org",
            **self.organization_data(request),
            "@id": f"{url}#library",
            "url": self.website or url,
            "mainEntityOfPage": url,
            "description": page_description(self),
            "contactPoint": [
                {
                    key: value
                    for key, value in {
                        "@type": "ContactPoint",
                        "name": contact.name,
                        "contactType": contact.role,
                        "email": contact.email,
                        "telephone": contact.phone,
                    }.items()
                    if value
                }
                for contact in self.contacts.all()
            ],
        }
        image = social_image_url(self, request)
        return data | {"image": image} if image else data

    owning_library_field = "pk"

    @property
    def zone(self) -> ZoneInfo:
        """The time zone of the library's programmes: the chosen one, else its country's."""
        return ZoneInfo(
            self.time_zone or COUNTRY_TIME_ZONES.get(self.country) or settings.TIME_ZONE
        )

    @property
    def postal_address_lines(self) -> list[str]:
        """The address as printed on an envelope (all partner countries put the code first)."""
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        lines = [self.street_address, locality, str(self.get_country_display())]
        return [line for line in lines if line]

    @property
    def owning_library(self) -> PartnerLibraryPage:
        return self

    @property
    def owning_library_id(self) -> int | None:
        return self.pk

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The practices' foreign key names this relation: libraries import no content app.
        context["practices"] = self.practices.for_reader(request).order_by("title")
        return context


class LibraryContact(TranslatableOrderable):
    """Someone at a partner library that colleagues can write to."""

    page = ParentalKey(PartnerLibraryPage, related_name="contacts", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")]
