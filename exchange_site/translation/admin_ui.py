"""Admin pieces hung on Wagtail's hooks: bulk "Translate into…", dashboard panel, listing chips,
and the review states the core's admin asks for (``registry.ReviewStates``)."""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.conf import settings
from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction

from exchange_site.core.permissions import editable_pages

from .budget import estimates
from .errors import TranslationError
from .models import TranslationStatus
from .permissions import reviewable_languages
from .pipeline import estimate_characters
from .providers import configured_provider_names
from .tasks import enqueue_translation


class TranslateBulkForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Translate into"), widget=forms.CheckboxSelectMultiple, choices=settings.LANGUAGES
    )
    provider = forms.ChoiceField(label=_("Provider"), required=False, choices=())
    #: The selection whose estimate the editor saw and confirmed (``selection_key``).
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    def selection_key(self) -> str:
        data = self.cleaned_data
        return ",".join(sorted(data["languages"])) + "|" + (data["provider"] or "")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("As configured"))] + [
            (name, name) for name in configured_provider_names()
        ]


class TranslatablePagesBulkAction(PageBulkAction):
    """A bulk action on pages that have a source language, for editors of those pages."""

    def check_perm(self, page):
        return hasattr(page.specific_class or object, "source_language") and (
            page.permissions_for_user(self.request.user).can_edit()
        )


class TranslateBulkAction(TranslatablePagesBulkAction):
    """Queue machine translation of the selected pages (each into the chosen languages)."""

    display_name = _("Translate into…")
    action_type = "translate"
    aria_label = _("Machine-translate the selected pages")
    template_name = "translation/bulk_translate.html"
    action_priority = 60
    form_class = TranslateBulkForm

    def prepare_action(self, objects, objects_without_access):
        """Before queueing: the characters it would send and the budgets left, to confirm.

        The editor confirms the estimate of exactly this selection; changing the
        languages or provider on the confirmation screen asks again.
        """
        form = self.cleaned_form
        if form.cleaned_data["confirmed"] == form.selection_key():
            return None
        needs, skipped = bulk_estimate(
            objects, form.cleaned_data["languages"], form.cleaned_data["provider"]
        )
        data = form.data.copy()
        data["confirmed"] = form.selection_key()
        confirm_form = self.form_class(data)
        confirm_form.is_valid()
        found = estimates(needs)
        return self.render_to_response(
            self.get_context_data(
                form=confirm_form,
                estimates=found,
                estimated=True,
                over_budget=any(estimate.over_budget for estimate in found),
                skipped=skipped,
            )
        )

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "languages": self.cleaned_form.cleaned_data["languages"],
            "provider": self.cleaned_form.cleaned_data["provider"],
        }

    @classmethod
    def execute_action(cls, objects, languages=(), provider="", user=None, **kwargs):
        queued = 0
        for page in objects:
            if hasattr(page.specific_class or object, "source_language"):
                enqueue_translation(page, list(languages), provider, requested_by=user)
                queued += 1
        return queued, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Translation queued for %(count)d page.",
            "Translation queued for %(count)d pages.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


def bulk_estimate(pages, languages: list[str], provider: str) -> tuple[dict[str, int], int]:
    """Characters per provider that translating ``pages`` would send, and pages that would fail.

    Pages a run would refuse (private, unsupported pair) are counted, not estimated.
    """
    needs: dict[str, int] = defaultdict(int)
    skipped = 0
    for page in pages:
        if not hasattr(page.specific_class or object, "source_language"):
            continue
        try:
            found = estimate_characters(page, list(languages), provider or None)
        except TranslationError:
            skipped += 1
            continue
        for name, characters in found.items():
            needs[name] += characters
    return dict(needs), skipped


class ReviewSummaryPanel(Component):
    """Dashboard: how many page × language items wait for this user's review, per language,
    and the ones waiting longest, each a link to its review.

    Counts only pages the user may edit, like the review queue it links to.
    """

    name = "translation_review_summary"
    order = 150
    template_name = "translation/review_summary_panel.html"

    def __init__(self, user) -> None:
        self.user = user
        self.languages = reviewable_languages(user)

    OLDEST_SHOWN = 5

    def get_context_data(self, parent_context=None):
        names = dict(settings.LANGUAGES)
        waiting = TranslationStatus.objects.filter(
            state__in=TranslationStatus.WAITING_STATES,
            language__in=self.languages,
            page__in=editable_pages(self.user),
        )
        counts = dict(
            waiting.values("language")
            .annotate(items=Count("page", distinct=True))
            .values_list("language", "items")
        )
        oldest = (
            waiting.values("page_id", "page__title", "language")
            .annotate(since=Min("machine_translated_at"))
            .order_by("since", "page_id", "language")[: self.OLDEST_SHOWN]
        )
        return {
            "rows": [(code, names[code], counts.get(code, 0)) for code in self.languages],
            "drafts": [
                {
                    "title": row["page__title"],
                    "language": names[row["language"]],
                    "since": row["since"],
                    "url": reverse("translation_review", args=[row["page_id"], row["language"]]),
                }
                for row in oldest
            ],
        }

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.languages else ""


def annotate_translation_states(pages):
    """Per language: fields waiting for review, and fields with any status (for chips)."""
    annotations = {}
    for code, _name in settings.LANGUAGES:
        statuses = TranslationStatus.objects.filter(page=OuterRef("pk"), language=code)
        annotations[f"mt_{code}_waiting"] = Subquery(
            statuses.filter(state__in=TranslationStatus.WAITING_STATES)
            .values("page")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        )
        annotations[f"mt_{code}_reviewed"] = Subquery(
            statuses.filter(~Q(state__in=TranslationStatus.WAITING_STATES))
            .values("page")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        )
    return pages.annotate(**annotations)


def translation_chips(page) -> list[dict]:
    """Chips for the page listing: one per language that has translation activity."""
    chips = []
    for code, name in settings.LANGUAGES:
        waiting = getattr(page, f"mt_{code}_waiting", None) or 0
        reviewed = getattr(page, f"mt_{code}_reviewed", None) or 0
        if waiting:
            chips.append(
                {
                    "code": code,
                    "state": "waiting",
                    "label": _("%(language)s: to review") % {"language": name},
                }
            )
        elif reviewed:
            chips.append(
                {
                    "code": code,
                    "state": "reviewed",
                    "label": _("%(language)s: reviewed") % {"language": name},
                }
            )
    return chips


class AdminReviewStates:
    """The core's ``ReviewStates``: which translations wait for review, from their statuses."""

    def annotate_unreviewed_title(self, pages: QuerySet, language: str, name: str) -> QuerySet:
        waiting = TranslationStatus.objects.filter(
            page=OuterRef("pk"),
            field="title",
            language=language,
            state__in=TranslationStatus.WAITING_STATES,
        )
        return pages.annotate(**{name: Exists(waiting)})

    def language_summaries(self, page) -> dict[str, list[tuple[str, str, int]]]:
        counts = (
            TranslationStatus.objects.filter(page_id=page.pk)
            .values_list("language", "state")
            .annotate(fields=Count("pk"))
            .order_by()
        )
        by_language = defaultdict(dict)
        for language, state, fields in counts:
            by_language[language][state] = fields
        return {
            language: [
                (state, label, states[state])
                for state, label in TranslationStatus.State.choices
                if state in states
            ]
            for language, states in by_language.items()
        }
