"""What the pipeline remembers: translation memory, glossary, statuses and jobs."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from exchange_site.core.languages import LANGUAGE_CODES, LANGUAGE_TABLE
from exchange_site.core.models import TranslatableSnippet
from exchange_site.core.registry import exchange_page_models

from .markup import fingerprint

LANGUAGE_CHOICES = settings.LANGUAGES


class TranslationMemoryManager(models.Manager):
    def remember(
        self, source: str, target: str, origin: str, provider: str, pairs: dict[str, str]
    ) -> None:
        """Store (source text → translation) pairs; a newer translation replaces an older one."""
        self.bulk_create(
            [
                self.model(
                    source_hash=fingerprint(source_text),
                    source_language=source,
                    target_language=target,
                    origin=origin,
                    source_text=source_text,
                    target_text=target_text,
                    provider=provider if origin == self.model.Origin.MACHINE else "",
                )
                for source_text, target_text in pairs.items()
            ],
            update_conflicts=True,
            unique_fields=[
                "source_hash",
                "source_language",
                "target_language",
                "origin",
                "provider",
            ],
            update_fields=["target_text", "last_used_at"],
        )


class TranslationMemoryEntry(models.Model):
    """One translated segment, reusable wherever the same source text appears again.

    Keyed by (source hash, source language, target language, origin, provider);
    the text is stored in placeholder form (``<g1>…</g1>``) so a segment whose
    links or formatting attributes change still matches. Machine entries
    record the provider that made them and are reused only by that provider
    (or one configured as equivalent); reviewed entries (provider blank) are
    reused by every provider.
    """

    class Origin(models.TextChoices):
        MACHINE = "machine", _("Machine translation")
        REVIEWED = "reviewed", _("Reviewed by an editor")

    source_hash = models.CharField(max_length=64)
    source_language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    target_language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE)
    source_text = models.TextField()
    target_text = models.TextField()
    provider = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(auto_now=True)

    objects = TranslationMemoryManager()

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")
        constraints = [
            models.UniqueConstraint(
                fields=["source_hash", "source_language", "target_language", "origin", "provider"],
                name="unique_memory_entry_per_provider",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language}: {self.source_text[:60]}"


def term_field(language: str) -> str:
    """The glossary's column for a language's term: ``term_da``."""
    return f"term_{language}"


class GlossaryEntry(TranslatableSnippet):
    """A partnership term and how it must read in each language.

    With *protected* set, the term is a name that stays exactly as written in
    every language (Bibo 7/10). Otherwise a term found in the source language
    must come out as the target language's term (Artothek → artothèque).

    The note for translators is text like a topic's name: written in the
    entry's ``source_language``, machine-drafted and reviewed into the others.
    """

    # ``term_<code>`` for every language of the table, named after the language
    # (a new language gets its column with ``makemigrations``).
    locals().update(
        {
            term_field(language.code): models.CharField(language.name, max_length=120, blank=True)
            for language in LANGUAGE_TABLE
        }
    )
    protected = models.BooleanField(
        _("do not translate"),
        default=False,
        help_text=_("A name that stays exactly as written in every language."),
    )
    note = models.CharField(_("note for translators"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary")
        ordering = ["term_en", "term_de", "term_da"]  # the listing's order since 0001, kept

    def __str__(self) -> str:
        return " / ".join(term for term in self.terms().values() if term) or "—"

    def terms(self) -> dict[str, str]:
        """The entry's term in each language (blank where it has none), by language code."""
        return {code: getattr(self, term_field(code)) for code in LANGUAGE_CODES}


class TranslationStatus(models.Model):
    """The state of one field of one page in one target language."""

    class State(models.TextChoices):
        # A field without a translation has no status (the page's translation
        # screen shows it as missing); every status is written with its state.
        MACHINE = "machine", _("Machine draft")
        REVIEWED = "reviewed", _("Reviewed")
        OUTDATED = "outdated", _("Outdated")

    #: States whose text waits for a reviewer: a machine draft in the field, or
    #: a reviewed text whose source changed, with the new draft beside it.
    WAITING_STATES = (State.MACHINE, State.OUTDATED)

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_statuses"
    )
    field = models.CharField(max_length=200, help_text=_("Field name, or relation.id.field"))
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    state = models.CharField(max_length=10, choices=State.choices)
    source_hash = models.CharField(
        max_length=64, blank=True, help_text=_("Hash of the source text this translation is of.")
    )
    written_hash = models.CharField(
        max_length=64, blank=True, help_text=_("Hash of the text the machine wrote.")
    )
    provider = models.CharField(max_length=50, blank=True)
    machine_translated_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    source_value = models.JSONField(
        null=True,
        blank=True,
        help_text=_("The source text this translation was made from, to show what changed."),
    )
    pending_draft = models.JSONField(
        null=True,
        blank=True,
        help_text=_("A machine draft for an outdated reviewed translation, awaiting review."),
    )
    glossary_warnings = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation status")
        verbose_name_plural = _("translation statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "field", "language"], name="unique_field_status"
            )
        ]
        indexes = [models.Index(fields=["language", "state"])]
        # Named in English, like Django's own permissions (the names are stored).
        permissions = [
            (f"review_{language.code}", f"Can review {language.english_name} translations")
            for language in LANGUAGE_TABLE
        ]

    def __str__(self) -> str:
        return f"{self.page_id} {self.field} [{self.language}]: {self.state}"


class TranslationJob(models.Model):
    """One run of the pipeline over one page, with its progress, cost and outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Discarded (source changed)")
        REFUSED = "refused", _("Refused (over budget)")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_jobs"
    )
    source_language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    target_languages = models.JSONField(default=list)
    provider = models.CharField(max_length=50, blank=True, help_text=_("Blank: per settings."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    retry_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retried_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # While running, the worker touches heartbeat_at regularly; a running job whose
    # heartbeat has stopped lost its worker (see jobs.fail_abandoned_jobs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    segments_total = models.PositiveIntegerField(default=0)
    segments_done = models.PositiveIntegerField(default=0)
    segments_sent = models.PositiveIntegerField(default=0)
    segments_reused = models.PositiveIntegerField(default=0)
    characters_sent = models.PositiveIntegerField(default=0)
    requests_made = models.PositiveIntegerField(default=0)
    retries = models.PositiveIntegerField(default=0)
    fields_written = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("translation job")
        verbose_name_plural = _("translation jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Job {self.pk} for page {self.page_id}: {self.status}"

    @property
    def can_retry(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.DISCARDED, self.Status.REFUSED)

    @property
    def progress_percent(self) -> int:
        if not self.segments_total:
            return 100 if self.status == self.Status.SUCCEEDED else 0
        return round(100 * self.segments_done / self.segments_total)


def exchange_page_types() -> Q:
    """The page types a translate-on-publish choice can name: every exchange page type."""
    types = ContentType.objects.get_for_models(*exchange_page_models()).values()
    return Q(pk__in=[page_type.pk for page_type in types])


class ProviderUsage(models.Model):
    """Characters one job sent to one provider, in the month the job ran (see ``budget``).

    Written when the job reserves them, before anything is sent (``settled``
    False: the estimate), and corrected to what was really sent when the job
    ends. A job that loses its worker keeps its reservation as spent, erring on
    the side of the budget. Kept when the job's page is deleted: the
    characters were spent all the same.
    """

    job = models.ForeignKey(
        TranslationJob, null=True, on_delete=models.SET_NULL, related_name="usage"
    )
    provider = models.CharField(max_length=50)
    month = models.DateField(help_text=_("The first day of the month the job ran in."))
    characters = models.PositiveIntegerField(default=0)
    settled = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("provider usage")
        verbose_name_plural = _("provider usage")
        indexes = [models.Index(fields=["provider", "month"])]

    def __str__(self) -> str:
        return f"{self.provider} {self.month:%Y-%m}: {self.characters}"


def provider_choices() -> list[tuple[str, str]]:
    """The providers of ``settings.MACHINE_TRANSLATION``, read when the form is built."""
    return [(name, name) for name in settings.MACHINE_TRANSLATION["PROVIDERS"]]


@register_setting(icon="globe")
class TranslationSettings(ClusterableModel, BaseGenericSetting):
    """Editorial choices about machine translation, made in the admin (Settings → Translation)."""

    show_machine_drafts = models.BooleanField(
        _("show unreviewed machine translations to readers"),
        default=True,
        help_text=_(
            "On: readers see machine drafts, marked as such. Off: readers see the original "
            "language until a translation is reviewed."
        ),
    )
    unedited_confirmation_threshold = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("confirm when more than this % is unedited machine output"),
        default=80,
        help_text=_(
            "Approving a translation that is mostly unedited machine output needs an "
            "explicit confirmation. 100 turns the check off."
        ),
    )
    not_translated_on_publish = models.ManyToManyField(
        "contenttypes.ContentType",
        blank=True,
        related_name="+",
        limit_choices_to=exchange_page_types,
        verbose_name=_("page types not machine-translated on publish"),
        help_text=_(
            "Publishing a page of a ticked type queues no machine translation; its "
            "Translations view can still translate it."
        ),
    )

    panels = [
        FieldPanel("show_machine_drafts"),
        FieldPanel("unedited_confirmation_threshold"),
        FieldPanel("not_translated_on_publish", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "budgets",
            heading=_("Monthly character budgets"),
            label=_("Budget"),
            help_text=_(
                "Characters each provider may be sent per calendar month. A job that would "
                "go over is refused before anything is sent. A provider without a budget "
                "is unlimited."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("translation")

    READER_CACHE_KEY = "translation:show_machine_drafts"
    READER_CACHE_SECONDS = 60

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # Now for this transaction's own reads, and again once committed: a reader
        # who read the old row in between would otherwise keep it for a minute.
        cache.delete(self.READER_CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(self.READER_CACHE_KEY))

    @classmethod
    def readers_see_machine_drafts(cls) -> bool:
        """``show_machine_drafts`` for every public request, without a query per request.

        Saving the settings clears the cached value once committed; a process
        with a cache of its own (not the shared ``CACHES`` of a deployment)
        follows within ``READER_CACHE_SECONDS``.
        """
        value = cache.get(cls.READER_CACHE_KEY)
        if value is None:
            value = cls.load().show_machine_drafts
            cache.set(cls.READER_CACHE_KEY, value, cls.READER_CACHE_SECONDS)
        return value

    def translates_on_publish(self, page) -> bool:
        """Whether publishing ``page`` queues a translation job (its type is not opted out)."""
        page_type = ContentType.objects.get_for_model(page)
        return not self.not_translated_on_publish.filter(pk=page_type.pk).exists()


class TranslationOverride(models.Model):
    """A link's target or an image replaced in one language of one page (see ``overrides``)."""

    class Kind(models.TextChoices):
        LINK = "link", _("Link")
        IMAGE = "image", _("Image")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_overrides"
    )
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    field = models.CharField(max_length=200)
    locator = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_target = models.TextField(help_text=_("What the source points at."))
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    link_url = models.URLField(max_length=500, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation override")
        verbose_name_plural = _("translation overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "field", "locator"], name="unique_override"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id} {self.field} {self.locator} [{self.language}]"


class SnippetTranslationStatus(models.Model):
    """The state of one field of one translated snippet (a topic, a goal) in one language.

    The same states, meaning and review as a page field's ``TranslationStatus``;
    a snippet is named by content type and id, as it is not a page.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=200)
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    state = models.CharField(max_length=10, choices=TranslationStatus.State.choices)
    source_hash = models.CharField(max_length=64, blank=True)
    written_hash = models.CharField(max_length=64, blank=True)
    provider = models.CharField(max_length=50, blank=True)
    machine_translated_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    source_value = models.JSONField(null=True, blank=True)
    pending_draft = models.JSONField(null=True, blank=True)
    glossary_warnings = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("snippet translation status")
        verbose_name_plural = _("snippet translation statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="unique_snippet_field_status",
            )
        ]
        indexes = [models.Index(fields=["language", "state"])]

    def __str__(self) -> str:
        snippet = f"{self.content_type_id}:{self.object_id}"
        return f"{snippet} {self.field} [{self.language}]: {self.state}"


class ProviderBudget(models.Model):
    """How many characters a provider may be sent per calendar month (``budget``)."""

    settings = ParentalKey(TranslationSettings, on_delete=models.CASCADE, related_name="budgets")
    provider = models.CharField(_("provider"), max_length=50, choices=provider_choices)
    monthly_characters = models.PositiveIntegerField(
        _("characters per month"),
        null=True,
        blank=True,
        help_text=_("Blank: unlimited."),
    )

    panels = [FieldPanel("provider"), FieldPanel("monthly_characters")]

    class Meta:
        verbose_name = _("monthly character budget")
        verbose_name_plural = _("monthly character budgets")
        constraints = [
            models.UniqueConstraint(fields=["settings", "provider"], name="one_budget_per_provider")
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.monthly_characters or '∞'}"
