"""The translation memory of one language pair: reuse, remember, and say where text came from.

The pipeline reads it before sending anything, writes what providers return
and what people wrote, and asks it whether text found in a field is machine
output; the review screen writes the reviewer's wording. All of that goes
through ``TranslationMemory``, so reuse and provenance follow one set of rules:

- every entry records its origin: a provider's output (``machine``, with the
  provider's name) or a person's wording (``reviewed``, no provider);
- reviewed entries are reused by every provider and win over machine ones;
- machine entries are reused only by the provider that made them, or one
  configured as equivalent (``providers.memory_providers``), its own first;
- a newer translation of the same text, origin and provider replaces the older.

Texts are in memory form (the source segment's placeholders), keyed by a
fingerprint of the source segment.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from .markup import fingerprint
from .models import TranslationMemoryEntry
from .providers import memory_providers

Origin = TranslationMemoryEntry.Origin


class TranslationMemory:
    """The memory from ``source`` into ``target``."""

    def __init__(self, source: str, target: str) -> None:
        self.source = source
        self.target = target

    def _entries(self, source_hashes: Iterable[str]):
        return TranslationMemoryEntry.objects.filter(
            source_language=self.source,
            target_language=self.target,
            source_hash__in=list(source_hashes),
        )

    def lookup(self, texts: Iterable[str], provider: str) -> dict[str, str]:
        """Translations of ``texts`` that ``provider`` may reuse, keyed by source text.

        Reviewed entries first, then this provider's own, then an equivalent's.
        """
        by_hash = {fingerprint(text): text for text in texts}
        entries = self._entries(by_hash).filter(
            Q(origin=Origin.REVIEWED)
            | Q(origin=Origin.MACHINE, provider__in=memory_providers(provider))
        )
        found = {}
        for entry in sorted(
            entries, key=lambda e: (e.origin == Origin.REVIEWED, e.provider == provider)
        ):  # best last: reviewed, then this provider's own
            found[by_hash[entry.source_hash]] = entry.target_text
        return found

    def by_origin(self, texts: Iterable[str]) -> dict[str, dict[str, str]]:
        """Every entry for ``texts``, by origin then source fingerprint, whichever provider made it.

        For recognising a translation found in a field, not for reuse: any
        provider's output counts as machine output there.
        """
        tables: dict[str, dict[str, str]] = {Origin.REVIEWED: {}, Origin.MACHINE: {}}
        for entry in self._entries({fingerprint(text) for text in texts}):
            tables[entry.origin][entry.source_hash] = entry.target_text
        return tables

    def is_machine_output(self, translations: set[str]) -> bool:
        """True when a provider once returned every one of ``translations`` (for any source)."""
        machine = TranslationMemoryEntry.objects.filter(
            source_language=self.source,
            target_language=self.target,
            origin=Origin.MACHINE,
            target_text__in=translations,
        )
        return (
            bool(translations)
            and set(machine.values_list("target_text", flat=True)) == translations
        )

    def remember_machine(self, provider: str, pairs: dict[str, str]) -> None:
        """Store a provider's translations (source text → memory form)."""
        TranslationMemoryEntry.objects.remember(
            self.source, self.target, Origin.MACHINE, provider, pairs
        )

    def remember_reviewed(self, pairs: dict[str, str]) -> None:
        """Store a person's translations (source text → memory form); every provider reuses them."""
        TranslationMemoryEntry.objects.remember(
            self.source, self.target, Origin.REVIEWED, "", pairs
        )
