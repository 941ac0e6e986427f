"""A page's translation as exchange units, and a translated file brought back through review.

Units are the review screen's segments with the review screen's ids
(``<field key>:<unit>:<segment>``), texts in placeholder form. Importing
fills a ``PageReview`` that covers every translatable field (not only those
waiting for review) and calls its ``save``: the same checks of the inline
marks, the same row lock and source check, the same status, memory and
revision writes as a reviewer's approval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Page

from exchange_site.core.languages import LANGUAGES_BY_CODE
from exchange_site.core.registry import exchange_page_models

from ..errors import MarkupMismatch, SourceChanged
from ..fields import TranslatableField, translatable_fields
from ..glossary import terms_found
from ..markup import decode_inline, escape_literals, unescape_literals
from ..models import GlossaryEntry, TranslationStatus
from ..permissions import can_review
from ..placeholders import placeholders
from ..review import PageReview, ReviewSegment, source_marks
from ..tokens import from_tokens, to_tokens

State = TranslationStatus.State
#: The provider name a status shows for text that came from a translator's file as a draft.
IMPORTED_DRAFT_PROVIDER = "translator file"
_SPACES = re.compile(r"\s+")


class UnitState:
    """A unit's state in an exchange file (each format spells it its own way)."""

    REVIEWED = "reviewed"
    MACHINE = "machine"  # a machine draft, or wording that waits for review
    MISSING = "missing"  # needs translation


@dataclass
class ExchangeUnit:
    id: str
    source: str  # placeholder form
    target: str  # placeholder form, "" without a translation
    state: str
    notes: list[str] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)  # placeholder number → "bold", "link" …


@dataclass
class ExchangeDocument:
    """One page in one target language, as a file holds it."""

    page_id: int
    source_language: str
    target_language: str
    units: list[ExchangeUnit] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The page's id in a file (XLIFF ``<file id>``, PO ``msgctxt`` prefix)."""
        return f"page-{self.page_id}"


class ExchangeReview(PageReview):
    """The review of one page × language over every translatable field.

    ``as_drafts``: approved segments are written as drafts awaiting review
    (state machine draft, provider "translator file") instead of reviewed,
    and the memory is left for the reviewer's approval to fill.
    """

    def __init__(self, page: Page, language: str, as_drafts: bool = False) -> None:
        self.as_drafts = as_drafts
        super().__init__(page, language)

    def includes(self, status: TranslationStatus | None) -> bool:
        return True

    def mark_approved(self, status: TranslationStatus, item: TranslatableField, user, now) -> None:
        if not self.as_drafts:
            super().mark_approved(status, item, user, now)
            return
        status.state, status.provider, status.machine_translated_at = (
            State.MACHINE,
            IMPORTED_DRAFT_PROVIDER,
            now,
        )
        status.reviewed_by = status.reviewed_at = None
        status.source_hash = item.fingerprint(self.source_language)
        status.source_value = item.normalised(self.source_language)
        status.pending_draft = None
        status.glossary_warnings = []

    def remember(self, pairs: dict[str, str]) -> None:
        if not self.as_drafts:
            super().remember(pairs)


def _placeholder_form(segment: ReviewSegment, editor_text: str) -> str:
    """Editor text (tokens) in the source segment's placeholders; "" if its marks do not fit."""
    if not segment.is_html:
        return escape_literals(editor_text)
    try:
        return from_tokens(editor_text, segment.source)
    except MarkupMismatch:
        return ""


def _unit_state(status: TranslationStatus, segment: ReviewSegment, target: str) -> str:
    if not target:
        return UnitState.MISSING
    if status.state == State.REVIEWED or segment.unchanged:
        return UnitState.REVIEWED
    return UnitState.MACHINE


def page_url(page: Page, language: str) -> str:
    """The page's address in ``language`` (its admin address when it has no public one)."""
    with translation.override(language):
        return page.get_full_url() or ""


def export_document(page: Page, language: str) -> ExchangeDocument:
    """Every segment of ``page`` with its current translation into ``language``.

    Labels and notes are in the active language (the exporter's admin language).
    """
    review = ExchangeReview(page, language)
    terms_by_entry = list(GlossaryEntry.objects.all())
    url = page_url(review.page, language)
    language_name = LANGUAGES_BY_CODE[language].name
    document = ExchangeDocument(
        page_id=page.pk,
        source_language=review.source_language,
        target_language=language,
    )
    for review_field in review.fields:
        for segment in review_field.segments:
            target = _placeholder_form(segment, segment.text) if segment.text else ""
            marks = source_marks(segment.source) if segment.is_html else []
            notes = [gettext("Field: %(label)s") % {"label": review_field.label}]
            if url:
                notes.append(gettext("Page: %(url)s") % {"url": url})
            notes += [
                gettext("Inline code %(number)s: %(meaning)s")
                % {"number": mark.number, "meaning": mark.label}
                for mark in marks
            ]
            if segment.source.overridable:
                notes.append(
                    gettext(
                        "Its links may point elsewhere in %(language_name)s: "
                        "an editor chooses their targets on the site."
                    )
                    % {"language_name": language_name}
                )
            notes += [
                gettext("Glossary: “%(term)s” stays as written.") % {"term": term.source}
                if term.protected
                else gettext("Glossary: “%(term)s” is “%(rendering)s”.")
                % {"term": term.source, "rendering": term.target}
                for term in terms_found(
                    segment.source.text, terms_by_entry, review.source_language, language
                )
            ]
            document.units.append(
                ExchangeUnit(
                    id=segment.id,
                    source=segment.source.text,
                    target=target,
                    state=_unit_state(review_field.status, segment, target),
                    notes=notes,
                    kinds={mark.number: mark.kind for mark in marks},
                )
            )
    return document


@dataclass
class ImportedUnit:
    """A unit as read from a file: ``target`` None when the translator left it untranslated
    (or still marked for review); ``error`` when its inline codes could not be read."""

    id: str
    source: str
    target: str | None
    error: str = ""


@dataclass
class ImportedDocument:
    page_id: int | None
    target_language: str
    units: list[ImportedUnit] = field(default_factory=list)
    name: str = ""


@dataclass
class ImportReport:
    """What an import did, per page × language, for the admin messages and the command."""

    page_id: int | None
    language: str
    title: str = ""
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (unit id, why)
    reviewed_fields: int = 0


def _same(a: str, b: str) -> bool:
    return _SPACES.sub(" ", a).strip() == _SPACES.sub(" ", b).strip()


def _check(unit: ImportedUnit, segment: ReviewSegment) -> str:
    """Why ``unit`` cannot be imported into ``segment`` ("" when it can)."""
    if unit.error:
        return gettext("Its inline codes could not be read (%(error)s).") % {"error": unit.error}
    if not _same(unit.source, segment.source.text):
        return gettext(
            "The original text has changed since the file was exported; export it again."
        )
    if sorted(placeholders(unit.target or "")) != sorted(placeholders(segment.source.text)):
        return gettext(
            "The translation must keep every inline code of the original (its links and "
            "emphasis), each once."
        )
    try:
        decode_inline(unit.target, segment.source, segment.is_html)
    except MarkupMismatch:
        return gettext("The inline codes of the translation are not properly nested.")
    return ""


def may_import(user, page: Page, language: str) -> bool:
    """Importing is reviewing: the user reviews ``language`` and may edit the page."""
    return can_review(user, language) and page.permissions_for_user(user).can_edit()


def import_document(document: ImportedDocument, user, as_drafts: bool = False) -> ImportReport:
    """Bring one page × language of a translated file in; see the module docstring.

    Units that fail a check are refused with the reason and left as they are;
    the others are imported. A field is written only as the review screen
    writes it (a reviewed text stays until every segment of it is approved).
    """
    language = document.target_language
    report = ImportReport(page_id=document.page_id, language=language)
    everything = [unit.id for unit in document.units]
    page = Page.objects.filter(pk=document.page_id).first() if document.page_id else None
    if page is None or not hasattr(page.specific_class or object, "source_language"):
        report.refused = [
            (i, gettext("The file names a page this site does not have.")) for i in everything
        ]
        return report
    report.title = page.specific.get_admin_display_title()
    if language not in dict(settings.LANGUAGES) or language == page.specific.source_language:
        reason = gettext("The file's target language is not a translation of this page.")
        report.refused = [(i, reason) for i in everything]
        return report
    if not may_import(user, page.specific, language):
        reason = gettext("You may not review translations into this language.")
        report.refused = [(i, reason) for i in everything]
        return report
    review = ExchangeReview(page, language, as_drafts=as_drafts)
    segments = {segment.id: segment for segment in review.segments}
    for unit in document.units:
        segment = segments.get(unit.id)
        if segment is None:
            report.refused.append((unit.id, gettext("The page has no such unit.")))
            continue
        if unit.target is None or not unit.target.strip():
            report.skipped.append(unit.id)
            continue
        reason = _check(unit, segment)
        if reason:
            report.refused.append((unit.id, reason))
            continue
        segment.text = to_tokens(unit.target) if segment.is_html else unescape_literals(unit.target)
        segment.accepted = True
        report.imported.append(unit.id)
    imported = set(report.imported)
    for review_field in review.fields:
        for segment in review_field.segments:
            if segment.id not in imported and segment.text and not _keeps(segment):
                # a current wording whose marks no longer fit is not written back
                segment.text, segment.accepted = "", False
        if not review_field.written_on_save:
            kept_back = [s.id for s in review_field.segments if s.id in imported]
            reason = gettext(
                "Not written: the other parts of this field are not translated or were refused."
            )
            report.refused += [(segment_id, reason) for segment_id in kept_back]
            report.imported = [i for i in report.imported if i not in kept_back]
            for segment in review_field.segments:
                segment.accepted = False
    if not report.imported:
        return report
    try:
        report.reviewed_fields = review.save(user)
    except SourceChanged:
        reason = gettext("The original text changed during the import; nothing was saved.")
        report.refused += [(unit_id, reason) for unit_id in report.imported]
        report.imported = []
    return report


def _keeps(segment: ReviewSegment) -> bool:
    """Whether a segment's current wording (not in the file) can be written back unchanged."""
    if not segment.is_html:
        return True
    try:
        decode_inline(from_tokens(segment.text, segment.source), segment.source, is_html=True)
    except MarkupMismatch:
        return False
    return True


def pages_needing(language: str, outdated: bool, missing: bool) -> list[Page]:
    """Exchange pages not written in ``language`` whose translation is outdated or missing.

    Missing: a field with text to translate and no translation (no status) in ``language``.
    """
    found = []
    pages = Page.objects.type(*exchange_page_models()).specific().order_by("path")
    for page in pages:
        if page.source_language == language:
            continue
        statuses = dict(
            TranslationStatus.objects.filter(page=page, language=language).values_list(
                "field", "state"
            )
        )
        if outdated and State.OUTDATED in statuses.values():
            found.append(page)
            continue
        if missing:
            latest = page.get_latest_revision_as_object()
            fields = translatable_fields(latest, latest.source_language)
            if any(item.units and item.key not in statuses for item in fields):
                found.append(page)
    return found
