"""Admin form shared by every page type of the exchange."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .admin_titles import with_admin_titles
from .permissions import is_library_editor, library_ids
from .registry import exchange_page_models

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def editor_language(user) -> str:
    """The language an editor works in: their admin preference, else the site default."""
    profile = getattr(user, "wagtail_userprofile", None)
    preferred = (getattr(profile, "preferred_language", "") or "").split("-")[0]
    return preferred if preferred in LANGUAGE_CODES else settings.LANGUAGE_CODE


class ExchangePageForm(WagtailAdminPageForm):
    """A new page's source language defaults to the language its editor works in.

    A library editor may only name one of their own libraries as the page's
    owner or host: the choice field's queryset is narrowed, so a forged POST
    naming another library fails validation like any invalid choice. They
    cannot change which group edits a library, nor add partner libraries.
    Which language columns are required is decided by ``ExchangePage.clean``;
    the language bar (``language_panels``) shows the language being written.
    Pages offered as choices are named as the admin names them everywhere
    (``admin_titles``), never by an unreviewed machine title.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound and "source_language" in self.fields:
            self.initial["source_language"] = editor_language(self.for_user)
        self._name_page_choices()
        self.restricted_to_libraries = bool(self.for_user) and is_library_editor(self.for_user)
        if self.restricted_to_libraries:
            self._restrict_to_own_libraries()

    @property
    def writing_language(self) -> str:
        """The language this form's page is written in: as posted, saved, or first offered."""
        posted = self.data.get(self.add_prefix("source_language")) if self.is_bound else None
        if posted in LANGUAGE_CODES:
            return posted
        if self.instance.pk:
            return self.instance.source_language
        return self.initial.get("source_language") or self.instance.source_language

    def _name_page_choices(self) -> None:
        page_models = tuple(exchange_page_models())
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if isinstance(field, forms.ModelChoiceField) and issubclass(
                queryset.model, page_models
            ):
                field.queryset = with_admin_titles(queryset)
                field.label_from_instance = _admin_title_of

    def _restrict_to_own_libraries(self) -> None:
        owner_field = self.fields.get(self._meta.model.owning_library_field or "")
        if owner_field is not None:
            owner_field.queryset = owner_field.queryset.filter(pk__in=library_ids(self.for_user))
            owner_field.required = True
        if "editor_group" in self.fields:
            self.fields["editor_group"].disabled = True
            self.fields["editor_group"].help_text = _(
                "Only site editors choose which group edits this library."
            )

    def clean(self):
        cleaned_data = super().clean()
        is_library = self._meta.model.owning_library_field == "pk"
        if self.restricted_to_libraries and is_library and not self.instance.pk:
            self.add_error(None, _("Only site editors add partner libraries."))
        return cleaned_data


def _admin_title_of(page) -> str:
    return page.get_admin_display_title()
