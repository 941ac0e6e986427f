from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .providers import provider_names


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
            (name, name) for name in provider_names()
        ]
