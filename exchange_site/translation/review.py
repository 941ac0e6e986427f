"""Side-by-side review of one page in one language: align, compare, accept, save.

The review works segment by segment on the same units the pipeline
translates, so source, machine draft and the editable translation line up
paragraph by paragraph. Reviewers never edit HTML: inline marks travel as
numbered tokens (``tokens``) that stand for the source segment's own marks,
and what they submit must keep every one of them (the same links and
emphasis, in any order), which is checked before anything is stored. Approving writes the language
column, a Wagtail revision (history and rollback as for any edit), the
field's status (reviewed, by whom, when) and reviewed translation-memory
entries, so the pipeline reuses the reviewer's wording from then on.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from wagtail.documents import get_document_model
from wagtail.models import Page

from exchange_site.core.registry import translation_state_changed

from .budget import spending
from .errors import MarkupMismatch, SourceChanged
from .fields import TranslatableField, translatable_fields
from .machine import SegmentTranslator
from .markup import EncodedText, decode_inline, escape_literals, unescape_literals
from .memory import TranslationMemory
from .models import TranslationSettings, TranslationStatus
from .pause import auto_translation_paused
from .pipeline import remove_orphan_statuses
from .placeholders import PLACEHOLDER, renumber
from .resilience import TransferStats
from .segments import extract_units, rebuild_value
from .tokens import escape_tokens, from_tokens, to_tokens, visible_text

State = TranslationStatus.State
_SPACES = re.compile(r"\s+")


@dataclass
class Mark:
    """One inline mark of a source segment, as the legend and the rich editor offer it."""

    number: int
    kind: str  # "bold", "italic", "link", "break" or "other"
    paired: bool
    label: str
    target: str = ""


@dataclass
class ReviewSegment:
    """One segment on the review screen; texts in the editor's spelling (``tokens``)."""

    id: str
    source: EncodedText
    is_html: bool
    draft: str
    text: str
    accepted: bool = False
    error: str = ""
    earlier: str = ""  # the reviewer's wording before the source changed (outdated fields)
    unchanged: bool = False  # source segment as reviewed: the earlier wording stays approved

    @property
    def source_text(self) -> str:
        return _editor_form(self.source.text, self.is_html)

    @property
    def source_display(self) -> str:
        return self.display(self.source_text)

    @property
    def draft_display(self) -> str:
        return self.display(self.draft)

    @property
    def earlier_display(self) -> str:
        return self.display(self.earlier)

    def display(self, editor_text: str) -> str:
        """Editor text as the reader will see it: HTML for rich text (clean it before
        marking it safe), the plain text otherwise."""
        if not self.is_html:
            return editor_text
        try:
            placeholder_text = from_tokens(editor_text, self.source)
            return decode_inline(placeholder_text, self.source, is_html=True)
        except MarkupMismatch:
            return html.escape(visible_text(editor_text), quote=False)

    @cached_property
    def marks(self) -> list[Mark]:
        return source_marks(self.source) if self.is_html else []

    @property
    def visible_length(self) -> int:
        """Characters a reader sees (what the live share in the browser counts too)."""
        return len(_normal(visible_text(self.text) if self.is_html else self.text))

    @property
    def unedited(self) -> bool:
        return _normal(self.text) == _normal(self.draft)

    @property
    def keeps_earlier(self) -> bool:
        return bool(self.earlier) and _normal(self.text) == _normal(self.earlier)

    @property
    def machine_output(self) -> bool:
        """The text is the machine draft as it came, not a person's wording."""
        return bool(self.draft) and self.unedited and not self.keeps_earlier


@dataclass
class ReviewField:
    item: TranslatableField
    status: TranslationStatus
    segments: list[ReviewSegment]
    source_diff: str = ""
    earlier_text: str = ""  # the whole earlier wording, when it cannot be aligned by segment
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def label(self) -> str:
        return self.item.label

    @property
    def outdated(self) -> bool:
        return self.status.state == State.OUTDATED

    @property
    def written_on_save(self) -> bool:
        """Whether saving writes this field: some segment approved, and a reviewed or
        outdated text stays until every segment of its field is approved."""
        accepted = [s for s in self.segments if s.accepted]
        if not accepted:
            return False
        if len(accepted) == len(self.segments):
            return True
        return self.status.state != State.OUTDATED and all(s.text for s in self.segments)


_ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG_NAME = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9]*)")


def _link_target(opening_tag: str) -> str:
    """Where a stored link points, as an editor recognises it: an address or a title."""
    attributes = {
        match.group(1).lower(): html.unescape(match.group(2) or match.group(3) or "")
        for match in _ATTRIBUTE.finditer(opening_tag)
    }
    linktype, object_id = attributes.get("linktype"), attributes.get("id", "")
    if linktype == "page" and object_id.isdigit():
        page = Page.objects.filter(pk=int(object_id)).first()
        return page.get_admin_display_title() if page else gettext("a deleted page")
    if linktype == "document" and object_id.isdigit():
        document = get_document_model().objects.filter(pk=int(object_id)).first()
        return document.title if document else gettext("a deleted document")
    return attributes.get("href", "")


def source_marks(source: EncodedText) -> list[Mark]:
    """The legend of a rich-text segment: each placeholder number, what it stands for."""
    marks = []
    for number, (opening, _closing) in sorted(source.tags.items()):
        name = _TAG_NAME.match(opening).group(1).lower()
        if name in ("b", "strong"):
            marks.append(Mark(number, "bold", True, gettext("bold")))
        elif name in ("i", "em"):
            marks.append(Mark(number, "italic", True, gettext("italic")))
        elif name == "a":
            target = _link_target(opening)
            label = gettext("link to %(target)s") % {"target": target}
            marks.append(Mark(number, "link", True, label, target))
        else:
            marks.append(Mark(number, "other", True, gettext("formatting")))
    for number, void in sorted(source.voids.items()):
        name = _TAG_NAME.match(void).group(1).lower()
        kind, label = ("break", gettext("line break")) if name == "br" else ("other", "•")
        marks.append(Mark(number, kind, False, label))
    return sorted(marks, key=lambda mark: mark.number)


def _editor_form(placeholder_text: str, is_html: bool) -> str:
    """A segment in placeholder form as the editor shows it (tokens, or plain text)."""
    return to_tokens(placeholder_text) if is_html else unescape_literals(placeholder_text)


def _in_source_numbers(segment: EncodedText, source: EncodedText) -> str:
    """A draft or earlier segment (numbered on its own) in the source's placeholder numbers.

    Tags are matched by their spelling, so a link keeps its target; raises
    MarkupMismatch when the segment has markup the source lacks.
    """
    numbers: dict[str, list[int]] = {}
    for number, (opening, _closing) in sorted(source.tags.items()):
        numbers.setdefault(opening, []).append(number)
    for number, void in sorted(source.voids.items()):
        numbers.setdefault(void, []).append(number)
    mapping = {}
    for number, (opening, _closing) in sorted(segment.tags.items()):
        if not numbers.get(opening):
            raise MarkupMismatch("formatting differs from the source")
        mapping[f"g{number}"] = numbers[opening].pop(0)
    for number, void in sorted(segment.voids.items()):
        if not numbers.get(void):
            raise MarkupMismatch("formatting differs from the source")
        mapping[f"x{number}"] = numbers[void].pop(0)
    return renumber(segment.text, mapping)


def _aligned_editor_text(segment: EncodedText, source: EncodedText, is_html: bool) -> str:
    """A draft or earlier segment in the editor's spelling, its marks numbered as the source's.

    Markup that cannot be matched is dropped (the words stay); saving then asks
    the reviewer to put the source's formatting back.
    """
    if not is_html:
        return unescape_literals(segment.text)
    try:
        return to_tokens(_in_source_numbers(segment, source))
    except MarkupMismatch:
        return escape_tokens(_plain_words(segment))


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _segments_of(item: TranslatableField, value: Any) -> list[list[EncodedText]]:
    return [unit.segments for unit in extract_units(item.model_field, value)]


def _plain_words(segment: EncodedText) -> str:
    """A segment's words as the reader sees them: no placeholders, look-alikes as typed.

    A void placeholder such as ``<br>`` separates words; an inline one is dropped.
    """
    text = PLACEHOLDER.sub(lambda match: " " if match.group(2) == "x" else "", segment.text)
    return unescape_literals(text)


def _diff(old_value: Any, item: TranslatableField) -> SafeString:
    """Word-level diff of the source text since the translation was made, as safe HTML.

    Every word goes through ``format_html``, so only our ``<del>``/``<ins>`` are markup.
    """
    old = " ".join(_plain_words(s) for unit in _segments_of(item, old_value) for s in unit)
    new = " ".join(_plain_words(s) for unit in item.units for s in unit.segments)
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", " ".join(old_words[a1:a2])))
        if tag in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", " ".join(new_words[b1:b2])))
        if tag == "equal":
            parts.append(format_html("{}", " ".join(old_words[a1:a2])))
    return format_html_join(" ", "{}", ((part,) for part in parts))


def _earlier_wording(
    item: TranslatableField, status: TranslationStatus, language: str
) -> list[tuple[EncodedText | None, bool]] | None:
    """Per current source segment: its reviewed translation before, and whether it is unchanged.

    The reviewed text is aligned with the source it was made from
    (``status.source_value``) segment by segment, and that old source with the
    current one by difflib: an equal source segment keeps its reviewed
    translation (still approved), a replaced one shows the reviewed translation
    of the segment it replaced, an inserted one has none. None when the
    reviewed text does not have the old source's shape (edited freely).
    """
    if status.source_value is None:
        return None
    old_units = _segments_of(item, status.source_value)
    earlier_units = _segments_of(item, item.raw(language))
    if [len(unit) for unit in old_units] != [len(unit) for unit in earlier_units]:
        return None
    old = [segment for unit in old_units for segment in unit]
    earlier = [segment for unit in earlier_units for segment in unit]
    new = [segment for unit in item.units for segment in unit.segments]
    aligned: list[tuple[EncodedText | None, bool]] = [(None, False)] * len(new)
    matcher = difflib.SequenceMatcher(
        a=[s.text for s in old], b=[s.text for s in new], autojunk=False
    )
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for offset in range(min(a2 - a1, b2 - b1)):
                aligned[b1 + offset] = (earlier[a1 + offset], tag == "equal")
    return aligned


class PageReview:
    """Everything the review screen shows and does for one page × target language."""

    def __init__(self, page: Page, language: str) -> None:
        self.page = page.specific
        self.language = language
        self.latest = self.page.get_latest_revision_as_object()
        self.source_language = self.latest.source_language
        statuses = {
            status.field: status
            for status in TranslationStatus.objects.filter(page=self.page, language=language)
        }
        self.fields: list[ReviewField] = []
        for item in translatable_fields(self.latest, self.source_language):
            status = statuses.get(item.key)
            if item.units and self.includes(status):
                self.fields.append(self._review_field(item, status or self.new_status(item)))

    def includes(self, status: TranslationStatus | None) -> bool:
        """The screen reviews text waiting for review; a translator's file (``exchange``)
        brings any field."""
        return status is not None and status.state in TranslationStatus.WAITING_STATES

    def new_status(self, item: TranslatableField) -> TranslationStatus:
        """An unsaved status for a field without a translation yet (saved when it is written)."""
        return TranslationStatus(page_id=self.page.pk, field=item.key, language=self.language)

    def _review_field(self, item: TranslatableField, status: TranslationStatus) -> ReviewField:
        draft_value = (
            status.pending_draft["value"]
            if status.state == State.OUTDATED and status.pending_draft
            else item.raw(self.language)
        )
        draft_units = _segments_of(item, draft_value)
        aligned = [len(u.segments) for u in item.units] == [len(u) for u in draft_units]
        outdated = status.state == State.OUTDATED
        earlier = _earlier_wording(item, status, self.language) if outdated else None
        segments = []
        for unit_index, unit in enumerate(item.units):
            for segment_index, segment in enumerate(unit.segments):
                draft = ""
                if aligned:
                    draft = _aligned_editor_text(
                        draft_units[unit_index][segment_index], segment, unit.is_html
                    )
                earlier_segment, unchanged = earlier[len(segments)] if earlier else (None, False)
                earlier_text = (
                    _aligned_editor_text(earlier_segment, segment, unit.is_html)
                    if earlier_segment
                    else ""
                )
                segments.append(
                    ReviewSegment(
                        id=f"{item.key}:{unit_index}:{segment_index}",
                        source=segment,
                        is_html=unit.is_html,
                        draft=draft,
                        text=earlier_text or draft,
                        earlier=earlier_text,
                        unchanged=unchanged,
                        accepted=unchanged,
                    )
                )
        diff = whole_earlier = ""
        if outdated and status.source_value is not None:
            diff = _diff(status.source_value, item)
        if outdated and earlier is None:
            whole_earlier = " ".join(
                _plain_words(s)
                for unit in _segments_of(item, item.raw(self.language))
                for s in unit
            )
        return ReviewField(
            item=item,
            status=status,
            segments=segments,
            source_diff=diff,
            earlier_text=whole_earlier,
            warnings=list(status.glossary_warnings or []),
        )

    @property
    def segments(self) -> list[ReviewSegment]:
        return [segment for review_field in self.fields for segment in review_field.segments]

    def unedited_share(self) -> int:
        """Percent of the translation's visible characters that are unmodified machine output."""
        total = sum(s.visible_length for s in self.segments) or 1
        unedited = sum(s.visible_length for s in self.segments if s.machine_output)
        return round(100 * unedited / total)

    # --- actions ------------------------------------------------------------------

    def understands(self, action: str) -> bool:
        """True for the screen's own buttons; a tampered action or segment id is refused."""
        command, _colon, segment_id = action.partition(":")
        if command in self.FILLS or command == "retranslate":
            return any(segment.id == segment_id for segment in self.segments)
        return action in ("save", "accept_all")

    def take_input(self, data, accept_all: bool = False) -> None:
        for segment in self.segments:
            submitted = data.get(f"text-{segment.id}")
            if submitted is not None:
                segment.text = submitted.strip()
            edited = bool(segment.text) and not segment.unedited and not segment.keeps_earlier
            segment.accepted = (
                accept_all
                or segment.unchanged  # approved before; its source did not change
                or bool(data.get(f"accept-{segment.id}"))
                or edited
            )

    FILLS = {"copy": "source_text", "draft": "draft", "earlier": "earlier"}

    def fill(self, segment_id: str, kind: str) -> None:
        """Put the source ("copy"), the new machine draft or the earlier wording in the editor.

        Shown, not saved: the reviewer still accepts and saves.
        """
        for segment in self.segments:
            if segment.id == segment_id:
                segment.text = getattr(segment, self.FILLS[kind])

    def retranslate(self, segment_id: str, provider_name: str | None, requested_by=None) -> None:
        """A fresh machine draft for one segment (shown, not saved).

        Its characters come out of the provider's monthly budget like a job's;
        over budget, ``BudgetExceeded`` is raised before anything is sent.
        """
        segment = next(s for s in self.segments if s.id == segment_id)
        machine = SegmentTranslator(self.page, self.source_language, self.language, provider_name)
        pair = [(segment.source, segment.is_html)]
        stats = TransferStats()
        with spending(requested_by) as budget:
            budget.reserve({machine.provider.name: machine.characters(pair)})
            try:
                [result] = machine.translate(pair, stats)
            finally:
                budget.record(machine.provider.name, stats.characters)
        segment.draft = segment.text = _editor_form(result.text, segment.is_html)

    def validate(self) -> bool:
        valid = True
        for segment in self.segments:
            if not segment.accepted:
                continue
            if not segment.text:
                segment.error = gettext("An approved translation cannot be empty.")
                valid = False
                continue
            try:
                _memory_form(segment)
            except MarkupMismatch:
                segment.error = gettext(
                    "Keep the formatting of the original (its links and emphasis)."
                )
                valid = False
        return valid

    def needs_confirmation(self) -> bool:
        threshold = TranslationSettings.load().unedited_confirmation_threshold
        return threshold < 100 and self.unedited_share() > threshold

    @transaction.atomic
    def save(self, user) -> int:
        """Store approved segments; returns how many fields became reviewed.

        Takes the page's row lock, as the pipeline's write does, and writes into
        the page as it is now, so a job that finished meanwhile keeps its other
        fields and languages. Raises SourceChanged, saving nothing, when the
        original of a reviewed field changed since the review was loaded.
        """
        now = timezone.now()
        reviewed_fields = 0
        memory = []
        locked = Page.objects.select_for_update().get(pk=self.page.pk)
        was_clean = locked.live and not locked.has_unpublished_changes
        latest = locked.specific.get_latest_revision_as_object()
        current = {item.key: item for item in translatable_fields(latest, self.source_language)}
        statuses = {
            status.field: status
            for status in TranslationStatus.objects.select_for_update().filter(
                page_id=self.page.pk, language=self.language
            )
        }
        for review_field in self.fields:
            item = current.get(review_field.key)
            if item is None or item.fingerprint(self.source_language) != (
                review_field.item.fingerprint(self.source_language)
            ):
                raise SourceChanged(
                    "The original text changed while it was being reviewed; nothing was saved."
                )
            review_field.status = statuses.get(review_field.key, review_field.status)
            segments = review_field.segments
            accepted = [s for s in segments if s.accepted]
            memory += [(s.source.text, _memory_form(s)) for s in accepted]
            all_accepted = len(accepted) == len(segments)
            if not review_field.written_on_save:
                continue
            texts = iter(_stored(s) for s in segments)
            translated = [[next(texts) for _ in unit.segments] for unit in item.units]
            value = rebuild_value(
                item.model_field, item.raw(self.source_language), item.units, translated
            )
            item.write(self.language, value)
            status = review_field.status
            if all_accepted:
                self.mark_approved(status, item, user, now)
                reviewed_fields += 1
            status.written_hash = item.text_fingerprint(self.language)
            status.save()
        self.remember(dict(memory))
        with auto_translation_paused():
            revision = latest.save_revision(user=user, log_action=True)
            if was_clean and self.page.permissions_for_user(user).can_publish():
                revision.publish(user=user)
        remove_orphan_statuses(self.page.pk, current)
        # Without a publish (the page has unpublished changes, or the reviewer may not
        # publish) the live text stays, but its marks change with the statuses: readers'
        # cached marks and fragments must go (``core.content_cache``).
        translation_state_changed.send(sender=TranslationStatus, page_id=self.page.pk)
        return reviewed_fields

    def mark_approved(self, status: TranslationStatus, item: TranslatableField, user, now) -> None:
        """A field whose every segment was approved becomes reviewed, by ``user``."""
        status.state, status.reviewed_by, status.reviewed_at = State.REVIEWED, user, now
        status.source_hash = item.fingerprint(self.source_language)
        status.source_value = item.normalised(self.source_language)
        status.pending_draft = None
        status.glossary_warnings = []

    def remember(self, pairs: dict[str, str]) -> None:
        """Approved wording goes into the memory as reviewed, for every provider to reuse."""
        TranslationMemory(self.source_language, self.language).remember_reviewed(pairs)


def _stored(segment: ReviewSegment) -> str:
    """The segment as it goes into the page: source tags only, text escaped canonically."""
    return decode_inline(_memory_form(segment), segment.source, segment.is_html)


def _memory_form(segment: ReviewSegment) -> str:
    """The reviewer's text in the source segment's placeholders (raises MarkupMismatch).

    Tokens stand for the source's own marks only, so a posted link can never
    carry another target; ``decode_inline`` then checks that every mark is
    there once, properly nested.
    """
    if not segment.is_html:
        return escape_literals(segment.text)
    placeholder_text = from_tokens(segment.text, segment.source)
    decode_inline(placeholder_text, segment.source, is_html=True)
    return placeholder_text
