"""Admin form shared by every page type of the exchange."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .permissions import is_library_editor, library_ids

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
    Which language columns are required is decided by ``ExchangePage.clean``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound and "source_language" in self.fields:
            self.initial["source_language"] = editor_language(self.for_user)
        self.restricted_to_libraries = bool(self.for_user) and is_library_editor(self.for_user)
        if self.restricted_to_libraries:
            self._restrict_to_own_libraries()

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
