"""Admin form shared by every page type of the exchange."""

from django.conf import settings

from wagtail.admin.forms import WagtailAdminPageForm

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def editor_language(user) -> str:
    """The language an editor works in: their admin preference, else the site default."""
    profile = getattr(user, "wagtail_userprofile", None)
    preferred = (getattr(profile, "preferred_language", "") or "").split("-")[0]
    return preferred if preferred in LANGUAGE_CODES else settings.LANGUAGE_CODE


class ExchangePageForm(WagtailAdminPageForm):
    """A new page's source language defaults to the language its editor works in.

    Which language columns are required is decided by ``ExchangePage.clean``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound and "source_language" in self.fields:
            self.initial["source_language"] = editor_language(self.for_user)
