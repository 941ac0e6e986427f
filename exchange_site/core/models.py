"""The page base classes every content type of the exchange builds on.

``ExchangePage`` knows the language its author wrote it in and which partner
library owns it; ``TranslatableOrderable`` gives inline objects a key that
survives revisions and copies. Content apps (libraries, practices, meetings)
subclass them; nothing here names a content app.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.images.models import AbstractImage
from wagtail.models import Orderable, Page

from modeltranslation.utils import build_localized_fieldname

from .admin_titles import admin_title
from .content_cache import page_cache_version
from .forms import ExchangePageForm
from .i18n import (
    descriptor_has_value,
    displayed_language,
    is_fallback,
    language_name,
    required_translated_fields,
    translated_field_names,
)
from .metadata import web_page_data
from .permissions import LibraryPagePermissionTester
from .privacy import ExchangePageManager
from .registry import register_page_model, register_translatable_snippet


class ExchangePage(Page):
    """Abstract base of every page: it knows the language its author wrote it in.

    Languages other than ``source_language`` fall back to it until translated
    (see ``exchange_site.core.i18n``); ``fallback_fields`` lets templates say so. Its manager
    gives every page type ``for_reader(request)`` (see ``exchange_site.core.privacy``), the
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

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        register_page_model(cls)

    @property
    def source_language_name(self) -> str:
        return language_name(self.source_language)

    #: Name of the foreign key to the partner library that owns pages of this type
    #: (its editors may edit them; see ``core.permissions``). None: owned by no library.
    owning_library_field: str | None = None

    @property
    def owning_library(self) -> ExchangePage | None:
        """The partner library whose editors may edit this page (None: no single owner)."""
        return getattr(self, self.owning_library_field) if self.owning_library_field else None

    @property
    def owning_library_id(self) -> int | None:
        """The owning library's id, read without a query on a loaded page."""
        field = self.owning_library_field
        return getattr(self, f"{field}_id") if field else None

    #: Relations a card or list entry of this page shows besides its own fields (a practice
    #: card: its library's title and its topics). Changing such a related object changes
    #: every page that shows the card (``core.content_cache.pages_showing``).
    card_fields: tuple[str, ...] = ()
    #: Models this page lists every object of, e.g. in its filters (``"app_label.Model"``:
    #: a practice index offers every topic, goal and library). Changing any of them
    #: changes this page (``core.content_cache.pages_listing_every``).
    lists_every: tuple[str, ...] = ()

    #: The page's version as read before its row was loaded (set by routing, see below).
    routed_cache_version: str | None = None

    @property
    def cache_version(self) -> str:
        """Part of its fragment cache keys: moves when the page or anything it shows changes.

        Routing reads it before it loads the page's row: read after, a publish
        committed in between would file the old article under the new version,
        and readers would get it until the fragment expires.
        """
        return self.routed_cache_version or page_cache_version(self.pk)

    def get_admin_display_title(self) -> str:
        """The admin names a page in its source language, or in the editor's once reviewed."""
        return admin_title(self)

    def save(self, *args, **kwargs):
        # Wagtail copies ``title`` (in whatever language is active: the worker's English
        # after a machine translation) into ``draft_title``; keep the source language's.
        source_title = getattr(self, build_localized_fieldname("title", self.source_language))
        if source_title:
            self.draft_title = source_title
        return super().save(*args, **kwargs)

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

    #: What the page is in schema.org's and Open Graph's terms (see ``core.metadata``).
    schema_type: str = "WebPage"
    open_graph_type: str = "website"
    #: The field whose text describes the page when it has no search description.
    description_field: str | None = None

    def social_image(self) -> AbstractImage | None:
        """The image link previews show for this page (None: no image)."""
        return None

    def structured_data(self, request: HttpRequest | None) -> dict[str, Any]:
        """The page as schema.org JSON-LD; page types add what they know about themselves."""
        return web_page_data(self, request)


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


class TranslatableSnippet(models.Model):
    """A snippet whose text is written in one language and translated like a page's.

    Topics and goals appear on many pages, so their names need translating as
    pages do: ``source_language`` says which language column holds the
    original, the others fall back to it until translated (``i18n``), and the
    translation pipeline drafts and reviews them (``registry.translatable_snippet_models``).
    """

    source_language = models.CharField(
        _("source language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language this was written in. Other languages fall back to it."),
    )

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        register_translatable_snippet(cls)

    @property
    def source_language_name(self) -> str:
        return language_name(self.source_language)

    def clean(self) -> None:
        super().clean()
        missing = {
            build_localized_fieldname(name, self.source_language): ValidationError(
                # Translators: %(language)s is a language name such as "Danish".
                _("This field is required in the source language (%(language)s)."),
                params={"language": self.source_language_name},
            )
            for name in required_translated_fields(type(self))
            if not descriptor_has_value(self, name, self.source_language)
        }
        if missing:
            raise ValidationError(missing)
