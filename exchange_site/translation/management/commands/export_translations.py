"""Export pages' translations for a translator: XLIFF 2.1, XLIFF 1.2 or PO."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Page

from exchange_site.translation.exchange.formats import FORMATS, export_file
from exchange_site.translation.exchange.pages import export_document, pages_needing


class Command(BaseCommand):
    help = (
        "Write pages' translations into one language as an XLIFF or PO file for a translator "
        "(a zip of one file per source language when the pages are written in several)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--page", type=int, action="append", dest="page_ids", help="Page ID (repeatable)."
        )
        parser.add_argument("--outdated", action="store_true", help="Every outdated page.")
        parser.add_argument(
            "--missing", action="store_true", help="Every page with untranslated fields."
        )
        parser.add_argument("--language", required=True, help="Target language code.")
        parser.add_argument("--format", default="xliff", choices=sorted(FORMATS))
        parser.add_argument("--output", required=True, help="File to write.")

    def handle(self, *args, **options) -> None:
        language = options["language"]
        if language not in dict(settings.LANGUAGES):
            raise CommandError(f"Unknown language {language!r}.")
        pages = [page.specific for page in Page.objects.filter(pk__in=options["page_ids"] or [])]
        if missing_ids := set(options["page_ids"] or []) - {page.pk for page in pages}:
            raise CommandError(f"No page with ID {', '.join(map(str, sorted(missing_ids)))}.")
        if options["outdated"] or options["missing"]:
            known = {page.pk for page in pages}
            pages += [
                page
                for page in pages_needing(language, options["outdated"], options["missing"])
                if page.pk not in known
            ]
        if not pages:
            if options["outdated"] or options["missing"]:
                self.stdout.write("Nothing to export: no page matches.")
                return
            raise CommandError("Name pages with --page, or choose --outdated / --missing.")
        documents = []
        for page in pages:
            if not hasattr(page, "source_language") or page.source_language == language:
                raise CommandError(f"Page {page.pk} is not translated into {language!r}.")
            documents.append(export_document(page, language))
        exported = export_file(documents, options["format"], f"translations-{language}")
        Path(options["output"]).write_bytes(exported.content)
        units = sum(len(document.units) for document in documents)
        kind = "zip archive" if exported.content_type == "application/zip" else options["format"]
        self.stdout.write(
            f"Wrote {units} unit(s) of {len(documents)} page(s) to {options['output']} ({kind})."
        )
