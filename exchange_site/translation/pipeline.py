"""extract segments → translate what needs it → write drafts and statuses.

``translate_page`` is the one entry point; jobs, the management command and
admin actions all call it. It never overwrites a reviewed or hand-edited
translation, never writes anything when a provider fails (segments that did
come back are kept in the translation memory, so a retry only sends the
rest), and discards its results when the page's source text changed while it
ran.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from modeltranslation.utils import build_localized_fieldname

from exchange_site.core.i18n import language_name
from exchange_site.core.registry import translation_state_changed

from . import glossary
from .errors import MarkupMismatch, SourceChanged, TranslationError
from .fields import TranslatableField, text_fingerprint, translatable_fields
from .machine import SegmentTranslator
from .markup import EncodedText, decode_inline, fingerprint
from .memory import TranslationMemory
from .models import TranslationMemoryEntry, TranslationStatus
from .pause import auto_translation_paused
from .resilience import TransferStats, run_after_first
from .segments import extract_units, rebuild_value
from .slugs import transliterated_slug

State = TranslationStatus.State
Origin = TranslationMemoryEntry.Origin
ProgressCallback = Callable[[int, int], None]


class Budget(Protocol):
    """What ``translate_page`` asks of a job's budget (``budget.JobBudget``)."""

    def reserve(self, needs: dict[str, int]) -> None: ...

    def record(self, provider: str, characters: int) -> None: ...


@dataclass
class TranslationReport:
    """What a run did, for the job record and the command's summary."""

    segments_total: int = 0
    segments_sent: int = 0
    segments_reused: int = 0
    fields_written: int = 0
    stats: TransferStats = field(default_factory=TransferStats)
    warnings: list[str] = field(default_factory=list)
    languages_with_drafts: set[str] = field(default_factory=set)
    #: Characters the run sends (or would send) to each provider, known before sending.
    characters_needed: Counter = field(default_factory=Counter)


Snapshot = tuple  # (target value hash, status state, written hash, status updated_at)


def _snapshot(item: TranslatableField, target: str, status: TranslationStatus | None) -> Snapshot:
    """What a field's translation looked like when it was planned, to re-check before writing."""
    if status is None:
        return (item.fingerprint(target), None, None, None)
    return (item.fingerprint(target), status.state, status.written_hash, status.updated_at)


class Plan(Enum):
    """What a run does with one field in one target language, decided before anything is sent."""

    #: The translation stands: nothing is sent, nothing changes.
    KEEP = "keep"
    #: No text yet, or an unedited machine draft of an older source: a new
    #: machine draft goes into the field.
    DRAFT_INTO_FIELD = "draft into field"
    #: A person's text of an older source stays in the field, marked outdated;
    #: the new machine draft waits beside it (``pending_draft``) for review.
    DRAFT_FOR_REVIEW = "draft for review"
    #: A machine draft a person edited for the current source: their text is
    #: taken as reviewed (and its segments remembered), nothing is sent.
    ADOPT_AS_REVIEWED = "adopt as reviewed"
    #: Text the pipeline has no status for (a person's, or a copy's): the
    #: translation memory tells what it is, nothing is sent.
    RECOGNISE = "recognise"

    @property
    def sends(self) -> bool:
        """Whether the field's segments go to the translation memory and the provider."""
        return self in (Plan.DRAFT_INTO_FIELD, Plan.DRAFT_FOR_REVIEW)


@dataclass
class _FieldWork:
    item: TranslatableField
    target: str
    plan: Plan  # DRAFT_INTO_FIELD or DRAFT_FOR_REVIEW
    planned: Snapshot = ()
    value: Any = None
    warnings: list[str] = field(default_factory=list)

    @property
    def into_field(self) -> bool:
        """False: the draft waits in ``status.pending_draft`` and the person's text stays."""
        return self.plan is Plan.DRAFT_INTO_FIELD


@dataclass
class _StateChange:
    key: str
    target: str
    values: dict
    planned: Snapshot


def target_languages(page: Page, requested: list[str] | None = None) -> list[str]:
    codes = [code for code, _name in settings.LANGUAGES]
    return [code for code in (requested or codes) if code in codes and code != page.source_language]


def _plan(
    item: TranslatableField, target: str, status: TranslationStatus | None, source_hash: str
) -> Plan:
    """Decide one field from its text in ``target``, its status and the current source's hash."""
    if not item.has_text(target):
        return Plan.DRAFT_INTO_FIELD
    if status is None:
        return Plan.RECOGNISE
    source_changed = status.source_hash != source_hash
    if status.state == State.MACHINE:
        if not item.is_as_written(target, status.written_hash):  # edited by hand since
            return Plan.DRAFT_FOR_REVIEW if source_changed else Plan.ADOPT_AS_REVIEWED
        return Plan.DRAFT_INTO_FIELD if source_changed else Plan.KEEP
    return Plan.DRAFT_FOR_REVIEW if source_changed else Plan.KEEP


class _Translator:
    """Segment-level work for one target language: memory first, then the provider."""

    def __init__(
        self,
        page: Page,
        target: str,
        provider_name: str | None,
        report: TranslationReport,
        dry_run: bool,
        sleep: Callable[[float], None],
    ):
        self.source = page.source_language
        self.target = target
        self.machine = SegmentTranslator(page, self.source, target, provider_name)
        self.provider = self.machine.provider
        self.memory = TranslationMemory(self.source, target)
        self.report = report
        self.dry_run = dry_run
        self.sleep = sleep
        self.answer_warnings: dict[str, list[str]] = {}  # segment text → check_answer's flags

    @property
    def context(self) -> str:
        """Where a failure happened, for editors: "LibreTranslate, Danish → German"."""
        return (
            f"{self.provider.display_name}, "
            f"{language_name(self.source)} → {language_name(self.target)}"
        )

    def lookup(
        self, segments: list[tuple[EncodedText, bool]]
    ) -> tuple[dict[str, str], list[tuple[EncodedText, bool]]]:
        """Memory-form translations the memory has, and the segments it lacks (to send)."""
        wanted = {segment.text: (segment, is_html) for segment, is_html in segments}
        memory = self.memory.lookup(wanted, self.provider.name)
        self.report.segments_reused += sum(1 for segment, _ in segments if segment.text in memory)
        return memory, [pair for text, pair in wanted.items() if text not in memory]

    def fetch(self, missing: list[tuple[EncodedText, bool]], stats: TransferStats) -> list:
        """The provider's translations of ``missing`` (``MachineTranslation``s, in order).

        Talks to the provider only, never to the database, so languages can be
        fetched in threads; ``accept`` then remembers them in the caller's thread.
        """
        try:
            return self.machine.translate(missing, stats, self.sleep)
        except TranslationError as error:
            raise error.in_context(self.context) from None

    def accept(self, missing: list[tuple[EncodedText, bool]], results: list) -> dict[str, str]:
        """Memory-form translations of ``missing`` from ``fetch``'s results, keyed by segment text.

        Answers are checked (``check_answer``): invisible controls are removed,
        untranslated ones are flagged on their fields and not remembered.
        """
        self.report.segments_sent += len(missing)
        fresh, to_remember = {}, {}
        for (segment, _is_html), result in zip(missing, results, strict=True):
            fresh[segment.text] = result.text
            if result.warnings:
                self.answer_warnings[segment.text] = result.warnings
            if not result.untranslated:
                to_remember[segment.text] = result.text
        if not self.dry_run:
            self.memory.remember_machine(self.provider.name, to_remember)
        return fresh

    def remember_reviewed(self, item: TranslatableField) -> None:
        """Align a person's translation with the source, segment by segment, when they match."""
        target_units = extract_units(item.model_field, item.raw(self.target))
        pairs = {}
        if [len(u.segments) for u in item.units] == [len(u.segments) for u in target_units]:
            for source_unit, target_unit in zip(item.units, target_units, strict=True):
                for source_segment, target_segment in zip(
                    source_unit.segments, target_unit.segments, strict=True
                ):
                    pairs[source_segment.text] = target_segment.text
        if pairs and not self.dry_run:
            self.memory.remember_reviewed(pairs)

    def build(self, work: _FieldWork, memory: dict[str, str]) -> None:
        item = work.item
        translated_units = []
        for unit in item.units:
            texts = []
            for segment in unit.segments:
                memory_form = memory[segment.text]
                try:
                    texts.append(decode_inline(memory_form, segment, unit.is_html))
                except MarkupMismatch as error:
                    raise MarkupMismatch(f"{item.key}: {error}") from None
                work.warnings += glossary.violations(segment.text, memory_form, self.machine.terms)
                work.warnings += self.answer_warnings.get(segment.text, [])
            translated_units.append(texts)
        work.value = rebuild_value(
            item.model_field, item.raw(self.source), item.units, translated_units
        )
        limit = getattr(item.model_field, "max_length", None)
        if limit and isinstance(work.value, str) and len(work.value) > limit:
            raise TranslationError(
                f"The {self.target} translation of {item.key} is longer than the "
                f"{limit} characters the field allows."
            )


def _costed(translator: _Translator, work: list[_FieldWork], report: TranslationReport):
    """(memory hits, segments to send) of one language's work, its characters added to the bill."""
    segments = [(s, u.is_html) for w in work for u in w.item.units for s in u.segments]
    memory, missing = translator.lookup(segments) if segments else ({}, [])
    report.characters_needed[translator.provider.name] += translator.machine.characters(missing)
    return memory, missing


def _send_within_budget(plans: list, report: TranslationReport, budget: Budget | None) -> None:
    """Send what the memory lacks in every language of ``plans``; raise the first failure.

    The languages are fetched concurrently, each language's requests bounded
    by its provider (``resilience.run_after_first``); the first goes alone
    as a probe unless every provider answered its last request (so a provider
    that fails gets the requests it got when languages went one by one).
    Database work stays in this thread: every language that came back is
    remembered, in order, even when another failed, so a retry only sends the
    rest. The budget records what each
    provider was really sent, failures included.
    """
    sending = [(translator, memory, missing) for _t, translator, _w, memory, missing in plans]
    sending = [entry for entry in sending if entry[2]]
    outcomes: dict[int, tuple[TransferStats, list | None, TranslationError | None]] = {}

    def fetch(position: int) -> None:
        translator, _memory, missing = sending[position]
        stats = report.stats.part()
        try:
            outcomes[position] = (stats, translator.fetch(missing, stats), None)
        except TranslationError as error:
            outcomes[position] = (stats, None, error)
            raise

    # A failure is raised below, after every answer that came back is remembered.
    with suppress(TranslationError):
        run_after_first(
            fetch,
            list(range(len(sending))),
            concurrency=len(sending),
            probe=not all(translator.provider.answering() for translator, _m, _s in sending),
        )
    failures = []
    for position, (translator, memory, missing) in enumerate(sending):
        if position not in outcomes:
            continue  # not started: an earlier language failed first
        stats, results, error = outcomes[position]
        report.stats.merge(stats)
        if budget is not None:
            budget.record(translator.provider.name, stats.characters)
        if error is None:
            memory.update(translator.accept(missing, results))
        else:
            failures.append(error)
    if failures:
        raise failures[0]


def drafted_status_rows(
    work: list[_FieldWork], providers: dict, now, source_hashes: dict, current: dict, source: str
) -> dict[tuple[str, str], dict]:
    """The status each drafted field gets (page or snippet): a machine draft in the field,
    or, beside a person's text, a draft waiting for review."""
    rows = {}
    for item_work in work:
        key, target = item_work.item.key, item_work.target
        common = {
            "provider": providers[target],
            "machine_translated_at": now,
            "glossary_warnings": item_work.warnings,
        }
        if item_work.into_field:
            rows[key, target] = common | {
                "state": State.MACHINE,
                "source_hash": source_hashes[key],
                "written_hash": current[key].text_fingerprint(target),
                "source_value": current[key].normalised(source),
                "pending_draft": None,
            }
        else:
            rows[key, target] = common | {
                "state": State.OUTDATED,
                "pending_draft": {"value": item_work.value, "source_hash": source_hashes[key]},
            }
    return rows


def translate_page(
    page: Page,
    targets: list[str] | None = None,
    provider: str | None = None,
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
    sleep: Callable[[float], None] = time.sleep,
    budget: Budget | None = None,
) -> TranslationReport:
    """Draft every target language of ``page`` that needs it; see the module docstring.

    With a ``budget`` (a job's), the characters each provider will be sent are
    reserved before the first request, and what was really sent is recorded.
    """
    # A fresh instance: loading the inline objects attaches them to the page object.
    specific = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    items = [item for item in translatable_fields(specific, specific.source_language) if item.units]
    source_hashes = {item.key: item.fingerprint(specific.source_language) for item in items}
    report = TranslationReport()
    state_changes: list[_StateChange] = []
    providers: dict[str, str] = {}
    languages = target_languages(specific, targets)
    report.segments_total = sum(len(u.segments) for item in items for u in item.units) * len(
        languages
    )
    # Every language's provider is checked (pair supported, page may be sent)
    # before anything is sent, so a refusal costs nothing.
    translators = {
        target: _Translator(specific, target, provider, report, dry_run, sleep)
        for target in languages
    }
    # Every language is planned before anything is sent, so the job knows what it
    # will cost and a budget can refuse it while nothing has gone out yet.
    plans = []
    for target, translator in translators.items():
        providers[target] = translator.provider.name
        statuses = {
            status.field: status
            for status in TranslationStatus.objects.filter(page=specific, language=target)
        }
        work = _plan_language(
            specific.source_language,
            statuses,
            items,
            target,
            translator,
            source_hashes,
            state_changes,
        )
        plans.append((target, translator, work, *_costed(translator, work, report)))
    if budget is not None:
        budget.reserve(dict(report.characters_needed))
    _send_within_budget(plans, report, budget)
    segments_per_language = report.segments_total // max(len(languages), 1)

    def language_built(count: int) -> None:
        if on_progress:
            on_progress(count * segments_per_language, report.segments_total)

    all_work = _build_drafts(plans, report, language_built)
    if not dry_run:
        all_work = _write(page.pk, all_work, state_changes, source_hashes, providers)
    report.fields_written = sum(1 for w in all_work if w.into_field)
    report.languages_with_drafts = {w.target for w in all_work}
    return report


class _Estimated(Exception):  # noqa: N818 - not an error: how an estimate stops a run
    def __init__(self, needs: dict[str, int]) -> None:
        self.needs = needs


class _EstimateOnly:
    """A budget that stops the run at its reservation, before anything is sent."""

    def reserve(self, needs: dict[str, int]) -> None:
        raise _Estimated(needs)

    def record(self, provider: str, characters: int) -> None:  # never reached
        pass


def estimate_characters(
    page: Page, targets: list[str] | None = None, provider: str | None = None
) -> dict[str, int]:
    """Characters per provider that translating ``page`` now would send; sends and writes nothing.

    The same planning as a real run (memory hits and kept translations cost
    nothing), stopped where a job would reserve its budget. Raises the
    ``TranslationError`` a run would (a private page, an unsupported pair).
    """
    return planned_characters(translate_page, page, targets, provider)


def planned_characters(run, instance, targets, provider) -> dict[str, int]:
    """Characters per provider ``run`` (a page's or a snippet's translation) would send:
    its own planning, stopped where it would reserve its budget."""
    try:
        run(instance, targets, provider, dry_run=True, budget=_EstimateOnly())
    except _Estimated as estimated:
        return {name: count for name, count in estimated.needs.items() if count}
    return {}


def _build_drafts(
    plans: list, report: TranslationReport, language_built: Callable[[int], None] | None = None
) -> list[_FieldWork]:
    """Every planned field's draft from the memory and the provider's answers, language by
    language (``language_built(n)`` after the n-th); warnings go to ``report``."""
    all_work: list[_FieldWork] = []
    for count, (target, translator, work, memory, _missing) in enumerate(plans, start=1):
        for item_work in work:
            translator.build(item_work, memory)
            report.warnings += [f"{target} {item_work.item.key}: {w}" for w in item_work.warnings]
        all_work += work
        if language_built:
            language_built(count)
    return all_work


def _plan_language(
    source_language: str,
    statuses: dict[str, Any],
    items: list[TranslatableField],
    target: str,
    translator: _Translator,
    source_hashes: dict[str, str],
    state_changes: list[_StateChange],
) -> list[_FieldWork]:
    """The fields to draft in ``target``; status-only changes go to ``state_changes``.

    ``statuses``: the fields' current statuses in ``target`` by key (a page's or a
    snippet's; the plan is the same for both).
    """
    work = []
    for item in items:
        status = statuses.get(item.key)
        planned = _snapshot(item, target, status)
        plan = _plan(item, target, status, source_hashes[item.key])
        if plan is Plan.RECOGNISE:
            change = _recognised(item, source_language, target)
            state_changes.append(_StateChange(item.key, target, change, planned))
            if change["state"] == State.REVIEWED:
                translator.remember_reviewed(item)
        elif plan is Plan.ADOPT_AS_REVIEWED:
            reviewed = {"state": State.REVIEWED}
            state_changes.append(_StateChange(item.key, target, reviewed, planned))
            translator.remember_reviewed(item)
        elif plan.sends:
            work.append(_FieldWork(item=item, target=target, plan=plan, planned=planned))
    return work


def _write(
    page_id: int,
    work: list[_FieldWork],
    state_changes: list[_StateChange],
    source_hashes: dict[str, str],
    providers: dict[str, str],
) -> list[_FieldWork]:
    """Write drafts and statuses in one transaction; returns the work actually written.

    Under the page's row lock (the lock review saves and admin-save status
    updates take too) the whole run is discarded if the source moved on, and
    each field whose translation or status changed since it was planned (a
    reviewer saved, an editor typed) is left as that person wrote it: the
    run's text for it is dropped, not kept as a pending draft, because the
    person's text is newer and of the same source. Statuses of fields that no
    longer exist (deleted inline objects, old keys) are removed.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = Page.objects.select_for_update().get(pk=page_id)
        was_clean = locked.live and not locked.has_unpublished_changes
        latest = locked.specific.get_latest_revision_as_object()
        current = {item.key: item for item in translatable_fields(latest, latest.source_language)}
        for key, expected in source_hashes.items():
            if key not in current or current[key].fingerprint(latest.source_language) != expected:
                raise SourceChanged(
                    "The page's source text changed while it was being translated; "
                    "the results were discarded. Run the translation again."
                )
        statuses = {
            (status.field, status.language): status
            for status in TranslationStatus.objects.select_for_update().filter(page_id=page_id)
        }

        def untouched(key: str, target: str, planned: Snapshot) -> bool:
            return _snapshot(current[key], target, statuses.get((key, target))) == planned

        work = [w for w in work if untouched(w.item.key, w.target, w.planned)]
        state_changes = [c for c in state_changes if untouched(c.key, c.target, c.planned)]
        for item_work in work:
            if item_work.into_field:
                current[item_work.item.key].write(item_work.target, item_work.value)
                if item_work.item.key == "title":
                    _give_translated_slug(latest, item_work.target, item_work.value)
        if any(item_work.into_field for item_work in work):
            with auto_translation_paused():
                revision = latest.save_revision(log_action=True)
                if was_clean:
                    revision.publish()
        rows = {(change.key, change.target): change.values for change in state_changes}
        rows |= drafted_status_rows(
            work, providers, now, source_hashes, current, latest.source_language
        )
        _upsert_statuses(page_id, rows)
        remove_orphan_statuses(page_id, current)
    return work


def _give_translated_slug(page: Page, language: str, title: str) -> None:
    """A page without a slug in ``language`` gets one from its translated title.

    Slugs are URLs: once set (by the pipeline or an editor) they are never
    changed by a later translation, so links keep working.
    """
    field = build_localized_fieldname("slug", language)
    if getattr(page, field) or page.is_root():
        return
    base = transliterated_slug(title, language)[:200] or str(page.pk)
    # Every candidate starts with ``base``: only those siblings' slugs can be in the way.
    siblings = page.get_siblings(inclusive=False)
    taken = set(siblings.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    taken |= set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    setattr(page, field, candidate)


def remove_orphan_statuses(page_id: int, fields: dict[str, TranslatableField]) -> None:
    """Delete statuses of fields the page no longer has (deleted inline objects, old keys)."""
    TranslationStatus.objects.filter(page_id=page_id).exclude(field__in=list(fields)).delete()


def recompute_statuses(page: Page, copied_from: Page | None = None) -> None:
    """Make ``page``'s statuses describe the text it has now.

    Called after an admin save (which includes reverting to an older
    revision) and after a copy (``copied_from``: the original, whose statuses
    are the starting point; inline objects keep their keys in a copy). A
    status whose field still holds the text it was written for stands. A
    field without text gets no status (it is missing, never "reviewed"). Any
    other text is recognised from the translation memory: rebuilt entirely
    from reviewed segments it is reviewed, from machine segments a machine
    draft, made only of segments a provider once returned (for an older
    source) a machine draft the next job redoes; text that matches none was
    written by a person, so it counts as reviewed, as the pipeline has always
    treated hand-written translations.
    """
    with transaction.atomic():
        locked = Page.objects.select_for_update().get(pk=page.pk)
        latest = locked.specific.get_latest_revision_as_object()
        source = latest.source_language
        fields = {item.key: item for item in translatable_fields(latest, source)}
        known = {
            (status.field, status.language): status
            for status in TranslationStatus.objects.filter(page_id=(copied_from or page).pk)
        }
        rows, empty = {}, []
        for key, item in fields.items():
            for target in target_languages(latest):
                status = known.get((key, target))
                if not item.units or not item.has_text(target):
                    empty.append((key, target))
                elif status is None or not item.is_as_written(target, status.written_hash):
                    rows[key, target] = _recognised(item, source, target)
                elif copied_from is not None:
                    rows[key, target] = {name: getattr(status, name) for name in _COPIED}
        own = known if copied_from is None else {}
        TranslationStatus.objects.filter(pk__in=[own[k].pk for k in empty if k in own]).delete()
        _upsert_statuses(page.pk, rows)
        remove_orphan_statuses(page.pk, fields)


_COPIED = [
    "state",
    "source_hash",
    "written_hash",
    "provider",
    "machine_translated_at",
    "reviewed_by_id",
    "reviewed_at",
    "source_value",
    "pending_draft",
    "glossary_warnings",
]


def _recognised(item: TranslatableField, source: str, target: str) -> dict:
    """A status for a translation found in the field, judged by the translation memory."""
    memory = TranslationMemory(source, target)
    tables = memory.by_origin(segment.text for unit in item.units for segment in unit.segments)
    found = item.text_fingerprint(target)
    source_hash = item.fingerprint(source)
    candidates = (
        (State.REVIEWED, tables[Origin.REVIEWED]),
        (State.MACHINE, tables[Origin.MACHINE]),
        (State.MACHINE, tables[Origin.MACHINE] | tables[Origin.REVIEWED]),
    )
    state = next(
        (
            state
            for state, table in candidates
            if _rebuilt_fingerprint(item, source, table) == found
        ),
        None,
    )
    if state is None and _is_machine_output(item, target, memory):
        state, source_hash = State.MACHINE, ""  # of an older source: the next job redoes it
    return {
        "state": state or State.REVIEWED,  # text no provider wrote is a person's
        "source_hash": source_hash,
        "written_hash": found,
        "source_value": item.normalised(source),
        "pending_draft": None,
        "glossary_warnings": [],
    }


def _is_machine_output(item: TranslatableField, target: str, memory: TranslationMemory) -> bool:
    """True when every segment of the field's text is something a provider once returned."""
    try:
        units = extract_units(item.model_field, item.raw(target))
    except MarkupMismatch:
        return False
    return memory.is_machine_output({segment.text for unit in units for segment in unit.segments})


def _rebuilt_fingerprint(item: TranslatableField, source: str, table: dict[str, str]) -> str:
    """Text fingerprint of the field translated with ``table`` (memory form by source hash)."""
    try:
        translated = [
            [
                decode_inline(table[fingerprint(segment.text)], segment, unit.is_html)
                for segment in unit.segments
            ]
            for unit in item.units
        ]
        value = rebuild_value(item.model_field, item.raw(source), item.units, translated)
        return text_fingerprint(item.model_field, value)
    except (KeyError, MarkupMismatch):
        return ""


def _upsert_statuses(page_id: int, rows: dict[tuple[str, str], dict]) -> None:
    """Create or update many statuses in three queries; fields not given keep their value."""
    existing = {
        (status.field, status.language): status
        for status in TranslationStatus.objects.filter(page_id=page_id)
    }
    changed, created = [], []
    for (key, target), values in rows.items():
        status = existing.get((key, target)) or TranslationStatus(
            page_id=page_id, field=key, language=target
        )
        for name, value in values.items():
            setattr(status, name, value)
        status.updated_at = timezone.now()
        (changed if status.pk else created).append(status)
    TranslationStatus.objects.bulk_create(created)
    if changed:
        TranslationStatus.objects.bulk_update(
            changed,
            [
                "state",
                "source_hash",
                "written_hash",
                "provider",
                "machine_translated_at",
                "glossary_warnings",
                "pending_draft",
                "source_value",
                "updated_at",
            ],
        )
    translation_state_changed.send(sender=TranslationStatus, page_id=page_id)
