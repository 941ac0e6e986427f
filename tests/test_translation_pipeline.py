"""The pipeline end to end: drafts, statuses, memory, glossary, incremental, stale jobs."""

from django.core.management import call_command
from django.utils import translation

import pytest

from exchange_site.translation.errors import SourceChanged
from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import (
    GlossaryEntry,
    TranslationJob,
    TranslationMemoryEntry,
    TranslationStatus,
)
from exchange_site.translation.pipeline import translate_page
from exchange_site.translation.tasks import enqueue_translation
from practices.models import PracticePage
from tests import factories

State = TranslationStatus.State

PARAGRAPHS = [
    "<p>Die <b>Artothek</b> verleiht Kunstwerke wie Bücher.</p>",
    '<p>Bibo 7/10 öffnet sonntags <a href="https://bibo.example.org">ohne Personal</a>.</p>',
    "<p>Ehrenamtliche Lesepaten lesen mit Kindern.</p>",
]


@pytest.fixture
def practice(site_tree, dresden):
    return factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        title_de="Artothek",
        slug="artothek",
        summary=None,
        summary_de="Kunst ausleihen wie Bücher.",
        body=None,
        body_de=[("paragraph", text) for text in PARAGRAPHS]
        + [
            (
                "contact",
                {
                    "name": "Anna Schmidt",
                    "role": "Kuratorin",
                    "email": "anna@example.org",
                    "phone": "+49 351 1",
                },
            )
        ],
    )


def reload(page):
    return PracticePage.objects.get(pk=page.pk)


def test_drafts_every_other_language_and_keeps_markup_and_non_text(practice):
    report = translate_page(practice)
    page = reload(practice)
    assert page.title_fr == "[FR] artothèque", "the glossary renders Artothek in French"
    assert page.summary_en == "[EN] Kunst ausleihen wie Bücher."
    paragraph = page.body_da[0].value.source
    assert paragraph == "<p>[DA] Die <b>artotek</b> verleiht Kunstwerke wie Bücher.</p>", (
        f"inline bold must survive around the glossary rendering: {paragraph}"
    )
    link = page.body_fr[1].value.source
    assert '<a href="https://bibo.example.org">' in link, f"the link and its href survive: {link}"
    contact = page.body_en[3].value
    assert contact["name"] == "Anna Schmidt" and contact["email"] == "anna@example.org", (
        "names and e-mail addresses are copied, not translated"
    )
    assert contact["role"] == "[EN] Kuratorin"
    assert page.summary_de == "Kunst ausleihen wie Bücher.", "the source is untouched"
    assert report.fields_written == 3 * 3
    states = set(TranslationStatus.objects.filter(page=practice).values_list("state", flat=True))
    assert states == {State.MACHINE}


def test_protected_names_and_required_renderings_come_from_the_glossary(practice):
    translate_page(practice, ["fr"])
    page = reload(practice)
    html = "".join(block.value.source for block in page.body_fr[:3])
    assert "artothèque" in html, f"Artothek must be rendered as artothèque: {html}"
    assert "Bibo 7/10" in html, "a protected name survives untouched"
    assert "Artothek" not in html.replace("artothèque", "")


def test_a_reused_translation_that_misses_a_glossary_term_is_flagged(practice):
    source_segment = "Kunst ausleihen wie Bücher."
    TranslationMemoryEntry.objects.create(
        source_hash=__import__("hashlib").sha256(source_segment.encode()).hexdigest(),
        source_language="de",
        target_language="fr",
        source_text=source_segment,
        target_text="Emprunter de l'art comme des livres.",
        provider="pseudo",
    )
    GlossaryEntry.objects.create(term_de="Bücher", term_fr="ouvrages")
    translate_page(practice, ["fr"])
    status = TranslationStatus.objects.get(page=practice, field="summary", language="fr")
    assert status.glossary_warnings == ["“Bücher” must be rendered as “ouvrages”."]


def test_second_run_reuses_memory_and_sends_nothing(loopback, practice):
    translate_page(practice, ["fr"])
    sent_first = loopback.characters
    loopback.received.clear()
    report = translate_page(practice, ["fr"])
    assert loopback.received == [], "nothing changed, so nothing may be sent"
    assert report.segments_sent == 0 and sent_first > 0


def test_after_editing_one_paragraph_only_that_paragraph_is_sent(loopback, practice):
    translate_page(practice, ["fr"])
    loopback.received.clear()
    page = reload(practice)
    changed = "<p>Ehrenamtliche Lesepaten lesen jeden Samstag mit Kindern.</p>"
    body = page.body_de.get_prep_value()
    body[2]["value"] = changed
    page.body_de = body
    page.save_revision().publish()
    translate_page(page, ["fr"])
    changed_text = "Ehrenamtliche Lesepaten lesen jeden Samstag mit Kindern."
    assert loopback.characters <= 1.1 * len(changed_text), (
        f"sent {loopback.characters} characters for a {len(changed_text)}-character edit"
    )
    assert "jeden Samstag" in reload(practice).body_fr[2].value.source


def test_human_translation_is_recorded_as_reviewed_and_never_overwritten(practice):
    practice.summary_fr = "Emprunter de l'art comme des livres."
    practice.save()
    translate_page(practice, ["fr"])
    page = reload(practice)
    assert page.summary_fr == "Emprunter de l'art comme des livres."
    status = TranslationStatus.objects.get(page=practice, field="summary", language="fr")
    assert status.state == State.REVIEWED
    assert TranslationMemoryEntry.objects.filter(
        origin="reviewed", target_text="Emprunter de l'art comme des livres."
    ).exists(), "a person's translation feeds the memory"


def test_changed_source_makes_a_reviewed_translation_outdated_but_keeps_it(practice):
    practice.summary_fr = "Emprunter de l'art comme des livres."
    practice.save()
    translate_page(practice, ["fr"])
    page = reload(practice)
    page.summary_de = "Kunst ausleihen wie Bücher, kostenlos."
    page.save_revision().publish()
    translate_page(page, ["fr"])
    page = reload(practice)
    assert page.summary_fr == "Emprunter de l'art comme des livres.", "reviewed text stays visible"
    status = TranslationStatus.objects.get(page=practice, field="summary", language="fr")
    assert status.state == State.OUTDATED
    assert status.pending_draft["value"] == "[FR] Kunst ausleihen wie Bücher, kostenlos."


def test_hand_edited_machine_draft_is_not_overwritten(practice):
    translate_page(practice, ["en"])
    page = reload(practice)
    page.summary_en = "Borrow art like books."
    page.save_revision().publish()
    translate_page(page, ["en"])
    assert reload(practice).summary_en == "Borrow art like books."
    assert (
        TranslationStatus.objects.get(page=practice, field="summary", language="en").state
        == State.REVIEWED
    )


def test_machine_draft_is_refreshed_when_its_source_changes(practice):
    translate_page(practice, ["en"])
    page = reload(practice)
    page.summary_de = "Kunst für alle."
    page.save_revision().publish()
    translate_page(page, ["en"])
    assert reload(practice).summary_en == "[EN] Kunst für alle."


def test_a_job_that_sees_the_source_change_discards_its_results(practice):
    def editor_saves_meanwhile(done, total):
        if done == total:
            page = reload(practice)
            page.summary_de = "Ganz neuer Text."
            page.save_revision().publish()

    with pytest.raises(SourceChanged):
        translate_page(practice, ["en"], on_progress=editor_saves_meanwhile)
    assert reload(practice).summary_en is None, "stale results must not be written"


def test_job_records_progress_cost_and_outcome(
    loopback, practice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue_translation(practice, ["fr"], "libretranslate")
    job.refresh_from_db()
    assert job.status == TranslationJob.Status.SUCCEEDED, job.error
    assert job.segments_done == job.segments_total > 0
    assert job.characters_sent == loopback.characters
    assert job.segments_sent == sum(len(request.texts) for request in loopback.received)
    assert job.requests_made == len(loopback.received), "requests counted wrongly"
    assert job.fields_written == 3


def test_a_discarded_job_is_marked_and_can_be_retried(practice, monkeypatch):
    def editor_saves_meanwhile(done, total):
        if done == total:
            page = reload(practice)
            page.summary_de = "Ganz neuer Text."
            page.save_revision().publish()

    job = create_job(practice, ["en"])
    monkeypatch.setattr(
        "exchange_site.translation.jobs.translate_page",
        lambda *args, **kwargs: translate_page(
            *args, **kwargs | {"on_progress": editor_saves_meanwhile}
        ),
    )
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == TranslationJob.Status.DISCARDED and job.can_retry


def test_publishing_queues_a_translation_when_enabled(
    settings, practice, django_capture_on_commit_callbacks
):
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "AUTO_TRANSLATE_ON_PUBLISH": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        practice.save_revision().publish()
    jobs = TranslationJob.objects.filter(page=practice)
    assert jobs.count() == 1, "one job per publish; the pipeline's own publish queues none"
    assert jobs.get().status == TranslationJob.Status.SUCCEEDED
    with translation.override("fr"):
        assert reload(practice).title == "[FR] artothèque"


def test_dry_run_counts_but_writes_nothing(practice, capsys):
    call_command("translate_pages", "--page", str(practice.pk), "--to", "fr", "--dry-run")
    out = capsys.readouterr().out
    assert "would write 3 field(s)" in out and "segment(s) sent" in out
    assert reload(practice).summary_fr is None
    assert not TranslationMemoryEntry.objects.exists()
    assert not TranslationJob.objects.exists()


def test_command_translates_and_reports_the_bill(practice, capsys):
    call_command("translate_pages", "--all", "--to", "de,fr", "--provider", "pseudo", "--yes")
    out = capsys.readouterr().out
    assert "Translated" in out and "0 failure(s)" in out
    assert reload(practice).summary_fr == "[FR] Kunst ausleihen wie Bücher."
    assert TranslationJob.objects.filter(status="succeeded").exists()


def test_a_translated_slug_a_sibling_already_has_gets_a_number(client, site_tree, practice):
    twin = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=practice.library,
        source_language="de",
        title=None,
        title_de="Artothek",
        slug="artothek-dresden-neustadt",
        summary=None,
        summary_de="Noch eine Artothek.",
    )
    translate_page(practice, ["fr"])
    translate_page(twin, ["fr"])
    assert reload(practice).slug_fr == "fr-artotheque"
    assert reload(twin).slug_fr == "fr-artotheque-2", (
        "the second page with the same translated title must not take its sibling's address"
    )
    with translation.override("fr"):
        urls = {reload(page).url for page in (practice, twin)}
    assert len(urls) == 2, f"two pages share one French address: {urls}"


def test_translated_titles_give_translated_slugs_and_urls(client, practice):
    translate_page(practice, ["fr", "en"])
    page = reload(practice)
    assert page.slug_fr == "fr-artotheque", "a slug is made from the translated title"
    with translation.override("fr"):
        url = page.url
    assert url.endswith("/fr-artotheque/"), url
    assert client.get(url, HTTP_HOST="localhost").status_code == 200
    page.slug_fr = "artotheque"
    page.save_revision().publish()
    page.summary_de = "Neu."
    page.save_revision().publish()
    translate_page(reload(practice), ["fr"])
    assert reload(practice).slug_fr == "artotheque", "an existing slug is never changed"
