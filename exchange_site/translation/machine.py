"""Sending segments to a machine-translation provider, for the pipeline and the review screen.

Both translate the same way, so a glossary term or an address is as safe in a
reviewer's one-segment re-translation as in a whole job: each segment goes
through ``glossary.protect`` (addresses and terms become placeholders), the
provider (``resilience.translate_texts``: chunks, batches, retries, bounds),
``resilience.check_answer`` (invisible controls removed, echoes flagged),
``markup.decode_inline`` as a check that the placeholders came back intact,
and ``glossary.unprotect``. What comes out is in memory form: the source
segment's placeholders, terms and addresses restored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from wagtail.models import Page

from modeltranslation.utils import build_localized_fieldname

from . import glossary
from .errors import PrivatePageRefused
from .markup import EncodedText, decode_inline
from .models import GlossaryEntry
from .providers import get_provider
from .providers.base import MachineTranslator, PageContext, page_context
from .resilience import TransferStats, check_answer, translate_texts


def is_private(page: Page) -> bool:
    """Private pages (Wagtail privacy on the page or an ancestor) stay on this server.

    Translated snippets (topics, goals) have no privacy of their own: they name
    what public pages are filed under.
    """
    restrictions = getattr(page, "get_view_restrictions", None)
    return restrictions is not None and restrictions().exists()


def ensure_may_send(page: Page, provider: MachineTranslator) -> None:
    """Refuse to send a private page to an external provider unless the page allows it."""
    if provider.external and is_private(page) and not page.allow_external_translation:
        raise PrivatePageRefused(
            f"This page is private, so it is not sent to {provider.display_name}. "
            "Use an on-server provider, or allow external translation in the page's settings."
        )


@dataclass
class MachineTranslation:
    """One segment as a provider translated it."""

    text: str  # memory form
    warnings: list[str]  # what ``check_answer`` found
    untranslated: bool  # the provider echoed the source: show it, never remember it


class SegmentTranslator:
    """A provider and the glossary for one page in one language pair.

    Constructing one checks everything that can be checked before sending:
    the provider exists and supports the pair, and the page may go to it.
    """

    def __init__(self, page: Page, source: str, target: str, provider_name: str | None) -> None:
        self.source = source
        self.target = target
        self.provider = get_provider(provider_name, source, target)
        ensure_may_send(page, self.provider)
        self.terms = glossary.terms_for(GlossaryEntry.objects.all(), source, target)
        # The context a provider may use: a page's title, or what names a snippet (a topic).
        title = getattr(page, build_localized_fieldname("title", source), "")
        self.title = str(title or getattr(page, "title", "") or page)

    def characters(self, segments: list[tuple[EncodedText, bool]]) -> int:
        """How many characters sending ``segments`` costs: what ``translate`` would send."""
        protected = (glossary.protect(segment, self.terms, html) for segment, html in segments)
        return sum(len(segment.text) for segment in protected)

    def translate(
        self,
        segments: list[tuple[EncodedText, bool]],
        stats: TransferStats,
        sleep: Callable[[float], None] = time.sleep,
    ) -> list[MachineTranslation]:
        """Translate ``(segment, is_html)`` pairs; one result per segment, in order.

        Raises a ``TranslationError`` (``MarkupMismatch`` for lost placeholders)
        when any segment fails: a partial answer is never used.
        """
        protected = [
            glossary.protect(segment, self.terms, is_html) for segment, is_html in segments
        ]
        found = "\n".join(segment.text for segment, _is_html in segments).casefold()
        context = PageContext(
            title=self.title,
            terms=tuple(
                (term.source, term.target) for term in self.terms if term.source.casefold() in found
            ),
        )
        with page_context(context):
            results = translate_texts(
                self.provider, self.source, self.target, [p.text for p in protected], stats, sleep
            )
        translations = []
        for (_segment, is_html), sent, result in zip(segments, protected, results, strict=True):
            checked = check_answer(sent.text, result)
            decode_inline(checked.text, sent, is_html)  # raises MarkupMismatch
            translations.append(
                MachineTranslation(
                    glossary.unprotect(checked.text, sent, is_html),
                    checked.warnings,
                    checked.untranslated,
                )
            )
        return translations
