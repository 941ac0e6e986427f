"""Export the translation memory as TMX 1.4b."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from exchange_site.translation.exchange.tmx import export_memory


class Command(BaseCommand):
    help = "Write the translation memory (all language pairs, or one) as a TMX 1.4b file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", default="tmx", choices=["tmx"])
        parser.add_argument("--output", required=True)
        parser.add_argument("--source", default="", help="Only this source language.")
        parser.add_argument("--target", default="", help="Only this target language.")

    def handle(self, *args, **options) -> None:
        content = export_memory(options["source"] or None, options["target"] or None)
        Path(options["output"]).write_bytes(content)
        self.stdout.write(f"Wrote the translation memory to {options['output']}.")
