"""Draft translations from the command line, page by page, with a progress bar and a bill.

``--all`` first estimates what the run will send to each provider and what
the monthly budgets have left, and asks before going on (``--yes`` answers
for scripts; without a terminal and without ``--yes`` nothing is sent).
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Page

from exchange_site.core.registry import translatable_snippet_models
from exchange_site.translation.budget import estimates
from exchange_site.translation.errors import TranslationError
from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import TranslationJob
from exchange_site.translation.pipeline import estimate_characters, translate_page
from exchange_site.translation.providers import provider_names
from exchange_site.translation.snippets import estimate_snippet_characters, translate_snippet

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Machine-translate pages into the other languages (drafts for editors to review)."

    def add_arguments(self, parser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument(
            "--page", type=int, action="append", dest="page_ids", help="Page ID (repeatable)."
        )
        target.add_argument("--all", action="store_true", help="Every page with a source language.")
        parser.add_argument("--to", default="", help="Comma-separated languages (default: all).")
        parser.add_argument(
            "--provider", default="", help="Provider name (default: as configured)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Translate and count, but write nothing."
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Go ahead after the estimate of characters (--all) without asking.",
        )

    def handle(self, *args, **options) -> None:
        languages = [code.strip() for code in options["to"].split(",") if code.strip()]
        known = {code for code, _name in settings.LANGUAGES}
        if unknown := set(languages) - known:
            raise CommandError(f"Unknown language(s): {', '.join(sorted(unknown))}.")
        if options["provider"] and options["provider"] not in provider_names():
            choices = ", ".join(provider_names())
            raise CommandError(f"Unknown provider {options['provider']!r}; choose from {choices}.")
        pages = self._pages(options)
        if options["all"] and not self._confirmed(pages, languages, options):
            raise CommandError("Nothing was translated.")
        totals = {"pages": 0, "sent": 0, "reused": 0, "characters": 0, "fields": 0}
        failures: list[str] = []
        for page in pages:
            self.stdout.write(f"{page.get_admin_display_title()} (#{page.pk})")
            outcome = self._translate(page, languages, options["provider"], options["dry_run"])
            if isinstance(outcome, str):
                failures.append(f"#{page.pk}: {outcome}")
                self.stdout.write(self.style.ERROR(f"  failed: {outcome}"))
                continue
            totals["pages"] += 1
            for key, value in zip(("sent", "reused", "characters", "fields"), outcome, strict=True):
                totals[key] += value
        if options["all"]:
            failures += self._translate_snippets(languages, options["provider"], options["dry_run"])
        verb = "would write" if options["dry_run"] else "wrote"
        self.stdout.write(
            f"\nTranslated {totals['pages']} page(s): {totals['sent']} segment(s) sent, "
            f"{totals['reused']} reused from memory, {totals['characters']} character(s) billed, "
            f"{verb} {totals['fields']} field(s); {len(failures)} failure(s)."
        )
        if failures:
            raise CommandError("Some pages failed:\n" + "\n".join(failures))

    def _confirmed(self, pages: list[Page], languages: list[str], options) -> bool:
        """Show what the run would send per provider and the budgets left; ask to go on."""
        needs: dict[str, int] = {}
        for page in pages:
            try:
                found = estimate_characters(page, languages or None, options["provider"] or None)
            except TranslationError:
                continue  # the run reports it as that page's failure
            for provider, characters in found.items():
                needs[provider] = needs.get(provider, 0) + characters
        for snippet in self._snippets():
            try:
                found = estimate_snippet_characters(
                    snippet, languages or None, options["provider"] or None
                )
            except TranslationError:
                continue  # reported as that snippet's failure
            for provider, characters in found.items():
                needs[provider] = needs.get(provider, 0) + characters
        found_estimates = estimates(needs)
        lines = [estimate.sentence() for estimate in found_estimates]
        if not lines:
            self.stdout.write("Nothing needs sending to a provider (all in memory or kept).")
            return True
        self.stdout.write("Estimate:\n  " + "\n  ".join(lines))
        if any(estimate.over_budget for estimate in found_estimates):
            self.stdout.write(
                self.style.WARNING(
                    "Over a monthly budget: the jobs that do not fit will be refused."
                )
            )
        if options["yes"]:
            return True
        if not sys.stdin.isatty():
            self.stderr.write("Add --yes to go ahead without a terminal.")
            return False
        return input("Go ahead? [y/N] ").strip().lower() in ("y", "yes")

    def _pages(self, options) -> list[Page]:
        if options["all"]:
            return [
                page
                for page in Page.objects.filter(depth__gt=1).specific()
                if hasattr(page, "source_language")
            ]
        pages = list(Page.objects.filter(pk__in=options["page_ids"]).specific())
        if missing := set(options["page_ids"]) - {page.pk for page in pages}:
            raise CommandError(f"No page with ID {', '.join(map(str, sorted(missing)))}.")
        return pages

    def _progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        self.stdout.write(
            f"\r  [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} segments", ending=""
        )
        self.stdout.flush()

    def _snippets(self) -> list:
        """The translatable snippets (topics, goals) ``--all`` translates after the pages."""
        return [s for model in translatable_snippet_models() for s in model.objects.all()]

    def _translate_snippets(self, languages, provider: str, dry_run: bool) -> list[str]:
        """Translated snippets (topics, goals) with ``--all``; returns the failures."""
        failures, sent, fields = [], 0, 0
        snippets = self._snippets()
        for snippet in snippets:
            try:
                report = translate_snippet(snippet, languages or None, provider or None, dry_run)
            except TranslationError as error:
                failures.append(f"{snippet._meta.verbose_name} “{snippet}”: {error}")
                continue
            sent += report.segments_sent
            fields += report.fields_written
        self.stdout.write(
            f"Translated {len(snippets) - len(failures)} snippet(s): {sent} segment(s) sent, "
            f"{'would write' if dry_run else 'wrote'} {fields} field(s)."
        )
        return failures

    def _translate(self, page: Page, languages, provider: str, dry_run: bool):
        """(sent, reused, characters, fields) on success, the error message on failure."""
        try:
            if dry_run:
                report = translate_page(
                    page,
                    languages or None,
                    provider or None,
                    dry_run=True,
                    on_progress=self._progress,
                )
                self.stdout.write("")
                return (
                    report.segments_sent,
                    report.segments_reused,
                    report.stats.characters,
                    report.fields_written,
                )
            job = run_job(
                create_job(page, languages or None, provider).pk, on_progress=self._progress
            )
        except TranslationError as error:
            return str(error)
        self.stdout.write("")
        if job.status != TranslationJob.Status.SUCCEEDED:
            return job.error
        return job.segments_sent, job.segments_reused, job.characters_sent, job.fields_written
