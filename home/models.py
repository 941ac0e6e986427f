"""Site-wide pages: the home page, partner library profiles, and the base class
every page of the exchange inherits from."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modeltranslation.utils import build_localized_fieldname

from .blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from .forms import ExchangePageForm
from .i18n import (
    descriptor_has_value,
    displayed_language,
    is_fallback,
    language_name,
    required_translated_fields,
    translated_field_names,
)
from .permissions import LibraryPagePermissionTester
from .privacy import ExchangePageManager

COUNTRY_CHOICES = [
    ("DK", _("Denmark")),
    ("DE", _("Germany")),
    ("FR", _("France")),
]


class ExchangePage(Page):
    """Abstract base of every page: it knows the language its author wrote it in.

    Languages other than ``source_language`` fall back to it until translated
    (see ``home.i18n``); ``fallback_fields`` lets templates say so. Its manager
    gives every page type ``for_reader(request)`` (see ``home.privacy``), the
    filter every reader-facing query uses instead of ``.live()``.
    """

    source_language = models.CharField(
        _("source language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language this page was written in. Other languages fall back to it."),
    )

    allow_external_translation = models.BooleanField(
        _("allow external machine translation while private"),
        default=False,
        help_text=_(
            "Private pages are only translated on this server; tick to allow sending "
            "them to an external provider too."
        ),
    )

    objects = ExchangePageManager()

    base_form_class = ExchangePageForm
    settings_panels = [
        FieldPanel("source_language"),
        FieldPanel("allow_external_translation"),
        *Page.settings_panels,
    ]

    class Meta:
        abstract = True

    @property
    def source_language_name(self) -> str:
        return language_name(self.source_language)

    #: Name of the foreign key to the partner library that owns pages of this type
    #: (its editors may edit them; see ``home.permissions``). None: owned by no library.
    owning_library_field: str | None = None

    @property
    def owning_library(self) -> PartnerLibraryPage | None:
        """The partner library whose editors may edit this page (None: no single owner)."""
        return getattr(self, self.owning_library_field) if self.owning_library_field else None

    @property
    def owning_library_id(self) -> int | None:
        """The owning library's id, read without a query on a loaded page."""
        field = self.owning_library_field
        return getattr(self, f"{field}_id") if field else None

    def permissions_for_user(self, user):
        return LibraryPagePermissionTester(user, self)

    def full_clean(self, *args, **kwargs) -> None:
        # Wagtail validates before it serialises a revision: clean the text first,
        # so drafts and revisions are as clean as the saved row. (Imported here:
        # Wagtail's rich-text converters need the app registry.)
        from .text_cleaning import clean_instance

        clean_instance(self)
        super().full_clean(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        missing = {
            build_localized_fieldname(name, self.source_language): ValidationError(
                # Translators: %(language)s is a language name such as "Danish".
                _("This field is required in the page's source language (%(language)s)."),
                params={"language": self.source_language_name},
            )
            for name in required_translated_fields(type(self))
            if not descriptor_has_value(self, name, self.source_language)
        }
        if missing:
            raise ValidationError(missing)

    def fallback_fields(self) -> list[str]:
        """Translatable fields shown in the source language because the active one is empty."""
        return [name for name in translated_field_names(type(self)) if is_fallback(self, name)]

    def field_language(self, field_name: str) -> str | None:
        return displayed_language(self, field_name)


class PartnerLibraryIndexPage(ExchangePage):
    """Lists the partner libraries; sits directly under the home page."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.PartnerLibraryPage"]
    max_count = 1

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

    auto_translate_setting = "translate_libraries_on_publish"

    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    main_language = models.CharField(
        _("main language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The language the library's staff work in."),
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
                FieldPanel("city"),
                FieldPanel("country"),
                FieldPanel("main_language"),
                FieldPanel("website"),
            ],
            heading=_("Where and who"),
        ),
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
    parent_page_types = ["home.PartnerLibraryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("partner library")
        verbose_name_plural = _("partner libraries")

    owning_library_field = "pk"

    @property
    def owning_library(self) -> PartnerLibraryPage:
        return self

    @property
    def owning_library_id(self) -> int | None:
        return self.pk

    def get_context(self, request, *args, **kwargs):
        from practices.models import PracticePage

        context = super().get_context(request, *args, **kwargs)
        context["practices"] = (
            PracticePage.objects.for_reader(request).filter(library=self).order_by("title")
        )
        return context


class TranslatableOrderable(Orderable):
    """An inline object (contact, participant, action item …) with translated fields.

    ``inline_key`` names the object for translation statuses. The database id
    cannot: unsaved items have none, and a revert or a copy gives items new
    ids. The key is copied with the object into every revision and every page
    copy. It is deliberately not called ``translation_key``: Wagtail's page copy
    gives child objects' ``translation_key`` new values in revision data, which
    would part the copy's revisions from its rows.
    """

    inline_key = models.UUIDField(_("translation key"), default=uuid.uuid4, editable=False)

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def source_language(self) -> str:
        return self.page.source_language


class LibraryContact(TranslatableOrderable):
    """Someone at a partner library that colleagues can write to."""

    page = ParentalKey(PartnerLibraryPage, related_name="contacts", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")]


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

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from meetings.models import ExchangeTripPage, MeetingMinutesPage

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
