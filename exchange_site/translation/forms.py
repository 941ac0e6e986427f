from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .providers import configured_provider_names


class TranslateForm(forms.Form):
    """Ask the pipeline to draft some languages of one page now."""

    languages = forms.MultipleChoiceField(
        label=_("Translate into"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    provider = forms.ChoiceField(label=_("Provider"), required=False, choices=())

    def __init__(self, *args, source_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        targets = [(code, name) for code, name in settings.LANGUAGES if code != source_language]
        self.fields["languages"].choices = targets
        self.fields["languages"].initial = [code for code, _name in targets]
        self.fields["provider"].choices = [("", _("As configured"))] + [
            (name, name) for name in configured_provider_names()
        ]


MAX_ID = 2**31 - 1  # the smallest primary-key range of the databases we run on


class ReviewQueueFilterForm(forms.Form):
    """The review queue's GET filters, parsed strictly: a value out of range is ignored.

    A hand-typed ``?library=`` with 40 digits or ``?age=`` of a million years must
    give the unfiltered queue, not an overflow in the database driver or in timedelta.
    """

    library = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    type = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    age = forms.IntegerField(required=False, min_value=0, max_value=36_500)

    def __init__(self, data) -> None:
        super().__init__({name: data.get(name, "") for name in self.base_fields})
        self.full_clean()

    def value(self, name: str) -> int | None:
        """The parsed filter, or None when absent or not understood."""
        return self.cleaned_data.get(name)
