"""Import a TMX file into the translation memory."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange_site.translation.exchange.formats import UnreadableFile
from exchange_site.translation.exchange.tmx import import_memory


class Command(BaseCommand):
    help = "Store the translation units of a TMX file in the translation memory."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")

    def handle(self, *args, **options) -> None:
        try:
            result = import_memory(Path(options["file"]).read_bytes())
        except (OSError, UnreadableFile) as error:
            raise CommandError(str(error)) from error
        for (source, target), count in sorted(result.stored.items()):
            self.stdout.write(f"{source} → {target}: {count} entr(y/ies) stored.")
        if result.skipped:
            self.stdout.write(f"{result.skipped} segment(s) passed over (language or codes).")
