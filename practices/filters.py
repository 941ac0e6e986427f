"""Filters for the practice listing and the site search: plain GET parameters.

Every filter is a query-string parameter (``?topic=gaming&country=DK``), so a
filtered listing has a URL that can be shared and works without JavaScript.
Filters combine (AND); an unknown value is ignored rather than an error, as a
stale bookmark should still show something useful.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

from libraries.models import COUNTRY_CHOICES, PartnerLibraryPage

from .taxonomy import Maturity, SustainableDevelopmentGoal, Topic


class LenientModelChoiceField(forms.ModelChoiceField):
    """A choice by primary key where a number too big for the database is just unknown.

    Django keeps out-of-range numbers away from integer columns, but not from a
    lookup through a relation (a page's key is its ``page_ptr`` link), so a
    40-digit ``?library=`` reached SQLite's driver and raised OverflowError.
    """

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class PracticeFilterForm(forms.Form):
    topic = forms.ModelChoiceField(
        Topic.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Topic"),
        empty_label=_("All topics"),
    )
    library = LenientModelChoiceField(
        PartnerLibraryPage.objects.none(),  # the reader's libraries: see __init__
        required=False,
        label=_("Partner library"),
        empty_label=_("All libraries"),
    )
    country = forms.ChoiceField(
        choices=[("", _("All countries")), *COUNTRY_CHOICES], required=False, label=_("Country")
    )
    sdg = forms.ModelChoiceField(
        SustainableDevelopmentGoal.objects.all(),
        to_field_name="number",
        required=False,
        label=_("UN SDG"),
        empty_label=_("All goals"),
    )
    maturity = forms.ChoiceField(
        choices=[("", _("Any maturity")), *Maturity.choices],
        required=False,
        label=_("Maturity"),
    )

    def __init__(self, data: QueryDict, request: HttpRequest | None, *args, **kwargs) -> None:
        # Only our own parameters: ``q`` and ``page`` belong to search and pagination.
        super().__init__(
            {name: data.get(name) for name in self.base_fields if data.get(name)}, *args, **kwargs
        )
        # A library the reader may not see is neither offered nor accepted as a filter.
        self.fields["library"].queryset = PartnerLibraryPage.objects.for_reader(request).order_by(
            "title"
        )
        self.full_clean()

    @property
    def active(self) -> dict:
        """The filters in use; values the form did not understand are left out."""
        return {name: value for name, value in self.cleaned_data.items() if value}

    def filter(self, practices: QuerySet) -> QuerySet:
        values = self.active
        lookups = {
            "topic": "topics",
            "library": "library",
            "country": "library__country",
            "sdg": "sdgs",
            "maturity": "maturity",
        }
        return practices.filter(**{lookups[name]: value for name, value in values.items()})

    def chips(self, query: QueryDict) -> list[ActiveFilter]:
        """One removable chip per active filter; removing keeps the others (and the search)."""
        chips = []
        for name, value in self.active.items():
            remaining = query.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            field = self.fields[name]
            label = dict(field.choices).get(value, value) if isinstance(value, str) else value
            chips.append(ActiveFilter(field.label, str(label), f"?{remaining.urlencode()}"))
        return chips


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_url: str
