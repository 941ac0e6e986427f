"""Monthly character budgets per provider: what is spent, what is left, who may spend it.

A provider's budget is an admin setting (Settings → Translation; none or blank:
unlimited). What is spent is read from the job records (``ProviderUsage``, one
row per job and provider, in the month the job ran). A job works out, before
sending anything, how many characters it will send to each provider
(``pipeline.translate_page`` plans every language first) and reserves them
here; when a reservation does not fit what is left this month, the job is
refused and nothing reaches the provider.

Two workers must not both spend the last remainder: a reservation reads what
is spent and writes its own row in one transaction that holds the budget
row's lock (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write transactions
are ``IMMEDIATE`` in these settings, so they take the database's one write
lock when they begin). A provider without a budget needs no lock.

Work that is not a page job spends the same budgets through the same
reservation: a snippet's drafts (``snippets.translate_snippet``) and a
reviewer's one-segment re-translation (``review.PageReview.retranslate``) use
``spending``, a ``JobBudget`` without a job whose usage rows have no job.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from .errors import TranslationError
from .models import ProviderBudget, ProviderUsage, TranslationJob


class BudgetExceeded(TranslationError):
    """A job would send more characters than its provider's budget has left this month."""


def this_month(today: datetime.date | None = None) -> datetime.date:
    """The first day of the current month, in the site's time zone."""
    return (today or timezone.localdate()).replace(day=1)


def monthly_budget(provider: str) -> int | None:
    """The provider's monthly budget in characters; None: unlimited."""
    return (
        ProviderBudget.objects.filter(provider=provider)
        .values_list("monthly_characters", flat=True)
        .first()
    )


def spent(provider: str, month: datetime.date | None = None) -> int:
    """Characters sent (or reserved by running jobs) to ``provider`` in ``month``."""
    total = ProviderUsage.objects.filter(provider=provider, month=month or this_month()).aggregate(
        total=Sum("characters")
    )["total"]
    return total or 0


def remaining(provider: str) -> int | None:
    """Characters left this month; None: unlimited."""
    budget = monthly_budget(provider)
    return None if budget is None else max(0, budget - spent(provider))


def fmt(number: int) -> str:
    """A count of characters as the active language writes it (182,000 / 182.000)."""
    return number_format(number, force_grouping=True)


@dataclass
class Estimate:
    """What a run over some pages would send to one provider, and what its budget has left."""

    provider: str
    characters: int
    left: int | None  # None: unlimited

    @property
    def over_budget(self) -> bool:
        return self.left is not None and self.characters > self.left

    def sentence(self) -> str:
        """ "About 182,000 characters; 41,000 left this month." in the active language."""
        if self.left is None:
            return gettext("%(provider)s: about %(characters)s characters; no monthly budget.") % {
                "provider": self.provider,
                "characters": fmt(self.characters),
            }
        return gettext(
            "%(provider)s: about %(characters)s characters; %(left)s left this month."
        ) % {"provider": self.provider, "characters": fmt(self.characters), "left": fmt(self.left)}


def estimates(needs: dict[str, int]) -> list[Estimate]:
    """One ``Estimate`` per provider with characters to send, in name order."""
    return [
        Estimate(provider, characters, remaining(provider))
        for provider, characters in sorted(needs.items())
        if characters
    ]


def _language_of(user) -> str:
    """The admin language of the person who asked for the job (refusals are written in it)."""
    profile = getattr(user, "wagtail_userprofile", None) if user is not None else None
    preferred = profile.get_preferred_language() if profile is not None else ""
    return preferred or settings.LANGUAGE_CODE


class JobBudget:
    """The budget side of one job: reserve before sending, record what was sent, settle.

    ``job`` None: work without a job record (a snippet, one segment); its
    refusals are written in ``requested_by``'s language.
    """

    def __init__(self, job: TranslationJob | None, requested_by=None) -> None:
        self.job = job
        self.requested_by = job.requested_by if job is not None else requested_by
        self.sent: dict[str, int] = defaultdict(int)
        self.reserved = False
        self.usage_ids: list[int] = []

    def reserve(self, needs: dict[str, int]) -> None:
        """Reserve ``needs`` (characters per provider) or raise ``BudgetExceeded``."""
        needs = {provider: count for provider, count in needs.items() if count}
        if not needs:
            return
        month = this_month()
        with transaction.atomic():
            budgets = {
                budget.provider: budget.monthly_characters
                for budget in ProviderBudget.objects.select_for_update()
                .filter(provider__in=needs, monthly_characters__isnull=False)
                .order_by("provider")  # one lock order for every worker: no deadlock
            }
            for provider, characters in sorted(needs.items()):
                if provider not in budgets:
                    continue
                left = max(0, budgets[provider] - spent(provider, month))
                if characters > left:
                    raise self._refusal(provider, characters, left, budgets[provider])
            for provider, count in needs.items():
                usage = ProviderUsage.objects.create(
                    job=self.job, provider=provider, month=month, characters=count
                )
                self.usage_ids.append(usage.pk)
        self.reserved = True

    def _refusal(self, provider: str, characters: int, left: int, budget: int) -> BudgetExceeded:
        with translation.override(_language_of(self.requested_by)):
            return BudgetExceeded(
                gettext(
                    "Refused before sending anything: this job needs about %(characters)s "
                    "characters from %(provider)s, but only %(left)s of this month's "
                    "%(budget)s are left. Raise the budget under Settings → Translation, or "
                    "retry next month."
                )
                % {
                    "characters": fmt(characters),
                    "provider": provider,
                    "left": fmt(left),
                    "budget": fmt(budget),
                }
            )

    def record(self, provider: str, characters: int) -> None:
        """Characters really sent to ``provider`` (called as batches come back)."""
        self.sent[provider] += characters

    def settle(self) -> None:
        """Replace the reservation by what was really sent; nothing to do if none was made."""
        if not self.reserved:
            return
        for usage in ProviderUsage.objects.filter(pk__in=self.usage_ids, settled=False):
            usage.characters, usage.settled = self.sent.get(usage.provider, 0), True
            usage.save(update_fields=["characters", "settled"])


@contextmanager
def spending(requested_by=None) -> Iterator[JobBudget]:
    """A budget for work without a job record, settled however the work ends."""
    budget = JobBudget(None, requested_by)
    try:
        yield budget
    finally:
        budget.settle()


def monthly_report(months: int = 12) -> list[dict]:
    """Characters per provider and month, newest month first, with this month's budgets.

    Numbers come formatted in the active language, for the admin's report.
    """
    rows = (
        ProviderUsage.objects.values("provider", "month")
        .annotate(characters=Sum("characters"))
        .order_by("-month", "provider")
    )
    current = this_month()
    budgets = dict(
        ProviderBudget.objects.filter(monthly_characters__isnull=False).values_list(
            "provider", "monthly_characters"
        )
    )
    unspent = [
        {"provider": name, "month": current, "characters": 0}
        for name in budgets
        if not ProviderUsage.objects.filter(provider=name, month=current).exists()
    ]
    rows = sorted([*unspent, *rows], key=lambda row: (-row["month"].toordinal(), row["provider"]))
    report: list[dict] = []
    for row in rows:
        if not report or report[-1]["month"] != row["month"]:
            if len(report) == months:
                break
            report.append({"month": row["month"], "providers": []})
        budget = budgets.get(row["provider"]) if row["month"] == current else None
        characters = row["characters"] or 0
        left = None if budget is None else max(0, budget - characters)
        report[-1]["providers"].append(
            {
                "provider": row["provider"],
                "characters": fmt(characters),
                "budget": None if budget is None else fmt(budget),
                "left": None if left is None else fmt(left),
                "over": left == 0,
            }
        )
    return report
