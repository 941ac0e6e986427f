"""The translation memory knows who made each entry and reuses it only where that fits.

Machine entries are reused by the provider that made them (or one configured
as equivalent), never pseudo text for a real provider; reviewed entries are
reused by every provider. The loopback server shows what is really sent.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from exchange_site.translation.models import TranslationMemoryEntry, TranslationStatus
from exchange_site.translation.pipeline import translate_page
from practices.models import PracticePage
from tests import factories

SUMMARY = "Sonntags geöffnet ohne Personal."
REVIEWED = "Open on Sundays without staff (reviewed)."


@pytest.fixture
def page(site_tree, dresden, loopback):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        title_de="Offene Bibliothek am Sonntag",
        slug="offene-bibliothek",
        summary=None,
        summary_de=SUMMARY,
        body=None,
        body_de=[("paragraph", "<p>Die <b>Bibliothek</b> öffnet sonntags.</p>")],
    )
    page.save_revision().publish()
    return page


def sent_texts(loopback) -> list[str]:
    return [text for request in loopback.received for text in request.texts]


def test_pseudo_entries_are_not_reused_by_a_real_provider(page, loopback):
    translate_page(page, ["en"], provider="pseudo")
    assert loopback.received == [], "the pseudo provider sends nothing"
    assert PracticePage.objects.get(pk=page.pk).summary_en == f"[EN] {SUMMARY}"
    TranslationStatus.objects.filter(page=page).delete()
    fresh = PracticePage.objects.get(pk=page.pk)
    fresh.title_en = fresh.summary_en = None
    fresh.body_en = None
    fresh.save_revision().publish()

    translate_page(fresh, ["en"], provider="libretranslate")
    assert SUMMARY in sent_texts(loopback), "LibreTranslate should be asked, not pseudo's memory"
    drafted = PracticePage.objects.get(pk=page.pk)
    assert drafted.summary_en == f"<en> {SUMMARY}", f"pseudo text was reused: {drafted.summary_en}"
    status = TranslationStatus.objects.get(page=page, field="summary", language="en")
    assert status.provider == "libretranslate", f"the draft is labelled {status.provider!r}"
    providers = set(
        TranslationMemoryEntry.objects.filter(source_text=SUMMARY).values_list(
            "provider", flat=True
        )
    )
    assert providers == {"pseudo", "libretranslate"}, (
        f"each provider keeps its own entry: {providers}"
    )


@pytest.mark.parametrize("provider", ["pseudo", "libretranslate", "deepl"])
def test_reviewed_entries_are_reused_by_every_provider(page, loopback, provider):
    TranslationMemoryEntry.objects.remember("de", "en", "reviewed", "", {SUMMARY: REVIEWED})
    translate_page(page, ["en"], provider=provider)
    assert SUMMARY not in sent_texts(loopback), f"{provider} was sent a reviewed segment"
    assert PracticePage.objects.get(pk=page.pk).summary_en == REVIEWED, (
        f"{provider} should reuse the reviewed translation"
    )


def test_machine_entries_are_shared_only_between_configured_equivalents(page, loopback, settings):
    TranslationMemoryEntry.objects.remember("de", "en", "machine", "libretranslate", {SUMMARY: "L"})
    TranslationMemoryEntry.objects.remember("de", "en", "machine", "pseudo", {SUMMARY: "[EN] P"})
    settings.MACHINE_TRANSLATION = settings.MACHINE_TRANSLATION | {
        "MEMORY_EQUIVALENTS": [["libretranslate", "deepl", "pseudo"]]
    }
    translate_page(page, ["en"], provider="deepl")
    assert SUMMARY not in sent_texts(loopback), "DeepL should reuse its equivalent's entry"
    assert PracticePage.objects.get(pk=page.pk).summary_en == "L", "pseudo text was reused"


def test_a_provider_without_equivalents_does_not_reuse_another_providers_entries(page, loopback):
    TranslationMemoryEntry.objects.remember("de", "en", "machine", "deepl", {SUMMARY: "D"})
    translate_page(page, ["en"], provider="libretranslate")
    assert SUMMARY in sent_texts(loopback), "LibreTranslate reused DeepL's entry"


@pytest.mark.django_db(transaction=True)
def test_the_migration_labels_existing_pseudo_rows_and_keeps_unknown_ones_unreused(
    latest_schema_afterwards,
):
    """Rows written before provenance counted: pseudo text is recognised, the rest kept."""
    executor = MigrationExecutor(connection)
    before, after = (
        [("translation", "0005_job_heartbeat")],
        [("translation", "0006_memory_entries_record_their_provider")],
    )
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model(
        "translation", "TranslationMemoryEntry"
    )
    common = {"source_language": "de", "target_language": "en", "source_text": SUMMARY}
    old.objects.create(source_hash="a", origin="machine", target_text=f"[EN] {SUMMARY}", **common)
    old.objects.create(source_hash="b", origin="machine", target_text="Open on Sundays.", **common)
    old.objects.create(
        source_hash="c", origin="reviewed", target_text=REVIEWED, provider="deepl", **common
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    labels = dict(TranslationMemoryEntry.objects.values_list("source_hash", "provider"))
    assert labels == {"a": "pseudo", "b": "", "c": ""}, (
        f"pseudo text should be labelled pseudo, unknown rows stay blank, reviewed rows "
        f"carry no provider: {labels}"
    )
