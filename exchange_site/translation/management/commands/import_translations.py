"""Import a translator's XLIFF or PO file (format detected from the file)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from exchange_site.translation.exchange.formats import UnreadableFile, read_file
from exchange_site.translation.exchange.pages import import_document


class Command(BaseCommand):
    help = (
        "Bring a translated XLIFF 2.x, XLIFF 1.2 or PO file (or a zip of them) back: units are "
        "checked, written as reviewed by --user (or as drafts) with a revision, and remembered."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--user", required=True, help="Username of the reviewer the import is made by."
        )
        parser.add_argument(
            "--as-drafts",
            action="store_true",
            help="Bring the text in as drafts awaiting review instead of reviewed.",
        )

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        try:
            documents = read_file(Path(options["file"]).read_bytes())
        except (OSError, UnreadableFile) as error:
            raise CommandError(str(error)) from error
        refused_total = imported_total = 0
        for document in documents:
            report = import_document(document, user, as_drafts=options["as_drafts"])
            self.stdout.write(
                f"{report.title or document.name} [{report.language}]: "
                f"{len(report.imported)} imported, {len(report.skipped)} left untranslated, "
                f"{len(report.refused)} refused; {report.reviewed_fields} field(s) now reviewed."
            )
            for unit_id, reason in report.refused:
                self.stdout.write(self.style.ERROR(f"  refused {unit_id}: {reason}"))
            refused_total += len(report.refused)
            imported_total += len(report.imported)
        if refused_total and not imported_total:
            raise CommandError(f"Nothing imported: {refused_total} unit(s) refused.")
