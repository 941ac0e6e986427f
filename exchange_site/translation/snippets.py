"""Machine drafts and review for translated snippets (topics, goals): as for pages.

Design: a snippet's translatable fields are the same ``TranslatableField``
units a page's are, so the page pipeline's pieces do the work unchanged:
the plan per field (``pipeline._plan``: keep, draft, draft beside a reviewed
text, adopt, recognise), the translation memory, the provider with glossary
and placeholder checks, and the review screen's segments (``SnippetReview``
is a ``PageReview`` whose save writes the snippet row instead of a page
revision). What differs is only where the state lives:
``SnippetTranslationStatus`` names the snippet by content type and id, with
the page status's very states, so the review queue lists both and readers
get the same display rules (``display.may_show`` asks ``machine_fields``).

Which models take part is declared in the core
(``core.models.TranslatableSnippet``, ``registry.translatable_snippet_models``),
so this module never imports a content app. Drafts are made on the task queue
when a snippet is saved (with ``AUTO_TRANSLATE_ON_PUBLISH``, as pages on
publish) and by ``manage.py translate_pages --all``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from django_tasks import task

from exchange_site.core.content_cache import CACHE_SECONDS, content_version
from exchange_site.core.i18n import translated_field_names
from exchange_site.core.registry import translatable_snippet_models

from .budget import spending
from .errors import SourceChanged
from .fields import TranslatableField
from .memory import TranslationMemory
from .models import SnippetTranslationStatus, TranslationStatus
from .pause import auto_translation_is_paused, auto_translation_paused
from .pipeline import (
    Budget,
    TranslationReport,
    _build_drafts,
    _costed,
    _FieldWork,
    _plan_language,
    _recognised,
    _send_within_budget,
    _snapshot,
    _StateChange,
    _Translator,
    drafted_status_rows,
    planned_characters,
    target_languages,
)
from .review import PageReview, _memory_form, _stored
from .segments import extract_units, rebuild_value

State = TranslationStatus.State


def is_translatable_snippet(instance: Any) -> bool:
    return type(instance) in translatable_snippet_models()


def snippet_fields(instance: models.Model) -> list[TranslatableField]:
    """The snippet's translatable fields, with the units of its source-language text."""
    found = []
    for name in translated_field_names(type(instance)):
        item = TranslatableField(
            key=name, instance=instance, name=name, model_field=instance._meta.get_field(name)
        )
        item.units = extract_units(item.model_field, item.raw(instance.source_language))
        found.append(item)
    return found


def statuses_of(instance: models.Model) -> models.QuerySet:
    return SnippetTranslationStatus.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    )


def translate_snippet(
    instance: models.Model,
    targets: list[str] | None = None,
    provider: str | None = None,
    dry_run: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    requested_by=None,
    budget: Budget | None = None,
) -> TranslationReport:
    """Draft every target language of a snippet that needs it, as ``translate_page`` does.

    What it sends is reserved from the providers' monthly budgets first, as a
    page job's is (``budget.spending``, or the caller's ``budget``): over budget,
    ``BudgetExceeded`` is raised, in ``requested_by``'s language, before
    anything is sent. A dry run without a budget reserves nothing.
    """
    model = type(instance)
    snippet = model.objects.get(pk=instance.pk)
    source = snippet.source_language
    items = [item for item in snippet_fields(snippet) if item.units]
    source_hashes = {item.key: item.fingerprint(source) for item in items}
    report = TranslationReport()
    languages = target_languages(snippet, targets)
    report.segments_total = sum(len(u.segments) for i in items for u in i.units) * len(languages)
    translators = {
        target: _Translator(snippet, target, provider, report, dry_run, sleep)
        for target in languages
    }
    changes: list[_StateChange] = []
    plans = []
    for target, translator in translators.items():
        statuses = {s.field: s for s in statuses_of(snippet).filter(language=target)}
        work = _plan_language(
            snippet.source_language, statuses, items, target, translator, source_hashes, changes
        )
        plans.append((target, translator, work, *_costed(translator, work, report)))
    with spending(requested_by) as own_budget:
        budget = budget or (None if dry_run else own_budget)
        if budget is not None:
            budget.reserve(dict(report.characters_needed))
        _send_within_budget(plans, report, budget)
        all_work = _build_drafts(plans, report)
    if not dry_run:
        providers = {target: t.provider.name for target, t in translators.items()}
        all_work = _write(snippet, all_work, changes, source_hashes, providers)
    report.fields_written = sum(1 for w in all_work if w.into_field)
    report.languages_with_drafts = {w.target for w in all_work}
    return report


def estimate_snippet_characters(
    instance: models.Model, targets: list[str] | None = None, provider: str | None = None
) -> dict[str, int]:
    """Characters per provider that translating the snippet now would send, as
    ``pipeline.estimate_characters`` for a page: planned, stopped before sending."""
    return planned_characters(translate_snippet, instance, targets, provider)


def _write(snippet, work, changes, source_hashes, providers) -> list[_FieldWork]:
    """Drafts and statuses in one transaction under the snippet's row lock; like the
    page pipeline's ``_write``, a changed source discards the run and a field someone
    changed meanwhile keeps their text."""
    now = timezone.now()
    with transaction.atomic():
        locked = type(snippet).objects.select_for_update().get(pk=snippet.pk)
        source = locked.source_language
        current = {item.key: item for item in snippet_fields(locked)}
        for key, expected in source_hashes.items():
            if key not in current or current[key].fingerprint(source) != expected:
                raise SourceChanged(
                    "The snippet's source text changed while it was being translated; "
                    "the results were discarded."
                )
        statuses = {(s.field, s.language): s for s in statuses_of(locked).select_for_update()}

        def untouched(key: str, target: str, planned: tuple) -> bool:
            return _snapshot(current[key], target, statuses.get((key, target))) == planned

        work = [w for w in work if untouched(w.item.key, w.target, w.planned)]
        rows = {
            (change.key, change.target): change.values
            for change in changes
            if untouched(change.key, change.target, change.planned)
        }
        for item_work in work:
            if item_work.into_field:
                current[item_work.item.key].write(item_work.target, item_work.value)
        if any(item_work.into_field for item_work in work):
            with auto_translation_paused():
                locked.save()
        rows |= drafted_status_rows(work, providers, now, source_hashes, current, source)
        _store_statuses(locked, rows, current)
    return work


def _store_statuses(instance: models.Model, rows: dict, fields: dict) -> None:
    """Write the ``(field, language)`` status rows; drop those of fields the snippet lost."""
    content_type = ContentType.objects.get_for_model(instance)
    for (key, target), values in rows.items():
        SnippetTranslationStatus.objects.update_or_create(
            content_type=content_type,
            object_id=instance.pk,
            field=key,
            language=target,
            defaults=values,
        )
    statuses_of(instance).exclude(field__in=list(fields)).delete()


# --- the queue ------------------------------------------------------------------------


@task()
def translate_snippet_task(content_type_id: int, object_id: int) -> None:
    """The worker's side of ``enqueue_snippet_translation``; a deleted snippet needs nothing."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    snippet = model.objects.filter(pk=object_id).first()
    if snippet is not None:
        translate_snippet(snippet)


def enqueue_snippet_translation(instance: models.Model) -> None:
    """Draft the snippet's other languages in the background once the transaction commits."""
    content_type_id = ContentType.objects.get_for_model(instance).pk
    transaction.on_commit(lambda: translate_snippet_task.enqueue(content_type_id, instance.pk))


def recompute_snippet_statuses(instance: models.Model) -> None:
    """Make a snippet's statuses describe the text it has now, as
    ``pipeline.recompute_statuses`` does after a page's admin save.

    A status whose field still holds the text it was written for stands; a
    field without text has none; other text is recognised from the
    translation memory, so a name an editor typed in the snippet form counts
    as reviewed (a person's) and no later run overwrites it.
    """
    source = instance.source_language
    fields = {item.key: item for item in snippet_fields(instance)}
    with transaction.atomic():
        known = {(s.field, s.language): s for s in statuses_of(instance).select_for_update()}
        rows, empty = {}, []
        for key, item in fields.items():
            for target in target_languages(instance):
                status = known.get((key, target))
                if not item.units or not item.has_text(target):
                    empty.append(status)
                elif status is None or not item.is_as_written(target, status.written_hash):
                    rows[key, target] = _recognised(item, source, target)
        SnippetTranslationStatus.objects.filter(pk__in=[s.pk for s in empty if s]).delete()
        _store_statuses(instance, rows, fields)


def queue_translation_on_save(sender, instance, raw: bool = False, **kwargs) -> None:
    """A person's save: statuses follow the text they wrote, and the snippet is drafted into
    the other languages, as a published page is. The pipeline's and the review screen's own
    saves (paused) keep their statuses themselves."""
    if raw or auto_translation_is_paused():
        return
    recompute_snippet_statuses(instance)
    if not settings.MACHINE_TRANSLATION.get("AUTO_TRANSLATE_ON_PUBLISH", False):
        return
    enqueue_snippet_translation(instance)


def connect_snippet_translation() -> None:
    for model in translatable_snippet_models():
        post_save.connect(
            queue_translation_on_save, sender=model, dispatch_uid=f"translate_snippet_{model}"
        )


# --- readers --------------------------------------------------------------------------


def machine_fields(instance: models.Model, language: str) -> set[str]:
    """Fields of a snippet whose ``language`` text is an unreviewed machine draft.

    One query per content version for every snippet (they are few and shown on
    many pages), like ``display.machine_draft_fields`` for a page.
    """
    key = f"snippet-machine-drafts:{content_version()}"
    table = cache.get(key)
    if table is None:
        table = {}
        for content_type_id, object_id, field, code in SnippetTranslationStatus.objects.filter(
            state=State.MACHINE
        ).values_list("content_type_id", "object_id", "field", "language"):
            table.setdefault((content_type_id, object_id, code), set()).add(field)
        cache.set(key, table, CACHE_SECONDS)
    content_type_id = ContentType.objects.get_for_model(instance).pk
    return table.get((content_type_id, instance.pk, language), set())


# --- review ---------------------------------------------------------------------------


class SnippetReview(PageReview):
    """The review screen's logic for one snippet × language; saving writes the snippet row."""

    def __init__(self, snippet: models.Model, language: str) -> None:
        self.page = self.latest = snippet  # the provider checks and re-translation read these
        self.language = language
        self.source_language = snippet.source_language
        statuses = {s.field: s for s in statuses_of(snippet).filter(language=language)}
        self.fields = [
            self._review_field(item, statuses[item.key])
            for item in snippet_fields(snippet)
            if item.units
            and item.key in statuses
            and statuses[item.key].state in TranslationStatus.WAITING_STATES
        ]

    @transaction.atomic
    def save(self, user) -> int:
        """Store approved fields (all their segments accepted); returns how many."""
        now = timezone.now()
        locked = type(self.page).objects.select_for_update().get(pk=self.page.pk)
        current = {item.key: item for item in snippet_fields(locked)}
        memory, reviewed_fields = [], 0
        for review_field in self.fields:
            item = current.get(review_field.key)
            if item is None or item.fingerprint(self.source_language) != (
                review_field.item.fingerprint(self.source_language)
            ):
                raise SourceChanged(
                    "The original text changed while it was being reviewed; nothing was saved."
                )
            segments = review_field.segments
            memory += [(s.source.text, _memory_form(s)) for s in segments if s.accepted]
            if not all(s.accepted and s.text for s in segments):
                continue  # as for pages: a field becomes reviewed when all of it is approved
            texts = iter(_stored(s) for s in segments)
            translated = [[next(texts) for _ in unit.segments] for unit in item.units]
            item.write(
                self.language,
                rebuild_value(
                    item.model_field, item.raw(self.source_language), item.units, translated
                ),
            )
            status = review_field.status
            status.state, status.reviewed_by, status.reviewed_at = State.REVIEWED, user, now
            status.source_hash = item.fingerprint(self.source_language)
            status.source_value = item.normalised(self.source_language)
            status.pending_draft = None
            status.glossary_warnings = []
            status.written_hash = item.text_fingerprint(self.language)
            status.save()
            reviewed_fields += 1
        TranslationMemory(self.source_language, self.language).remember_reviewed(dict(memory))
        with auto_translation_paused():
            locked.save()
        return reviewed_fields


def waiting_snippets(user, languages: list[str], since=None) -> list[dict]:
    """Snippet × language items waiting for review, for the review queue beside the pages.

    Only snippets of types the user may change are listed: reviewing saves the snippet.
    """
    editable = [
        model
        for model in translatable_snippet_models()
        if user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    ]
    if not editable or not languages:
        return []
    types = ContentType.objects.get_for_models(*editable)
    waiting = SnippetTranslationStatus.objects.filter(
        state__in=TranslationStatus.WAITING_STATES,
        language__in=languages,
        content_type__in=list(types.values()),
    )
    if since is not None:
        waiting = waiting.filter(machine_translated_at__lte=since)
    rows = list(
        waiting.values("content_type_id", "object_id", "language")
        .annotate(
            fields=models.Count("pk"),
            outdated=models.Count("pk", filter=models.Q(state=State.OUTDATED)),
            oldest=models.Min("machine_translated_at"),
        )
        .order_by("oldest", "object_id", "language")
    )
    by_type = {content_type.pk: model for model, content_type in types.items()}
    objects = {}
    for content_type_id in {row["content_type_id"] for row in rows}:
        model = by_type[content_type_id]
        ids = [row["object_id"] for row in rows if row["content_type_id"] == content_type_id]
        objects |= {(content_type_id, o.pk): o for o in model.objects.filter(pk__in=ids)}
    names = dict(settings.LANGUAGES)
    found = []
    for row in rows:
        snippet = objects.get((row["content_type_id"], row["object_id"]))
        if snippet is None:
            continue
        meta = snippet._meta
        found.append(
            row
            | {
                "snippet": snippet,
                "type_name": meta.verbose_name,
                "language_name": names[row["language"]],
                "review_url": reverse(
                    "translation_review_snippet",
                    args=[meta.app_label, meta.model_name, snippet.pk, row["language"]],
                ),
            }
        )
    return found
