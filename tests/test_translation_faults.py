"""Providers misbehaving: every fault ends in a clear, retryable failure that loses nothing.

The real deep-translator (LibreTranslate) and deepl clients talk to the
loopback server of ``tests/provider_server.py``, whose fault switches make it
refuse, hang, rate-limit, fail or answer nonsense. After each failure the
editor's text and the reviewed translation must be exactly as before, the job
must say what went wrong (naming the provider, never the API key), the admin
must show it with a Retry button, and a retry must succeed once the provider
is healthy again.
"""

import logging
import re
import socket
import time
import tracemalloc

from django.urls import reverse
from django.utils.html import escape

import pytest

from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import (
    TranslationJob,
    TranslationMemoryEntry,
    TranslationStatus,
)
from exchange_site.translation.pipeline import translate_page
from exchange_site.translation.providers import reset_providers
from practices.models import PracticePage
from tests import factories

from .conftest import LOOPBACK_OPTIONS
from .provider_server import BIDI, FLOOD_BYTES, ZERO_WIDTH, ProviderServer

State = TranslationStatus.State
Status = TranslationJob.Status
LIBRE_KEY = "libre-secret-key"  # what the loopback fixture puts in TEST_LIBRE_KEY

SOURCE = {
    "title_de": "Bibo 7/10",
    "summary_de": "Sonntags geöffnet ohne Personal.",
    "body_de": [
        ("paragraph", "<p>Die <b>Stadtteilbibliothek</b> öffnet sonntags.</p>"),
        ("paragraph", '<p>Mehr auf <a href="https://bibo.example.org">der Website</a>.</p>'),
    ],
}
REVIEWED_FRENCH_SUMMARY = "Ouvert le dimanche sans personnel (relu)."


@pytest.fixture
def practice(site_tree, dresden, loopback):
    """A German page whose French summary is a person's (hence reviewed) translation."""
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        slug="bibo-7-10",
        summary=None,
        body=None,
        summary_fr=REVIEWED_FRENCH_SUMMARY,
        **SOURCE,
    )
    page.save_revision().publish()
    translate_page(page, ["fr"], provider="pseudo")
    assert status_of(page, "summary", "fr") == State.REVIEWED
    loopback.received.clear()
    return page


def status_of(page, field, language):
    return TranslationStatus.objects.get(page=page, field=field, language=language).state


def snapshot(page) -> dict:
    """Everything a failed job must leave alone."""
    page = PracticePage.objects.get(pk=page.pk)
    return {
        "source": {name: str(getattr(page, name)) for name in SOURCE},
        "french summary": page.summary_fr,
        "english title": page.title_en,
        "danish summary": page.summary_da,
        "statuses": sorted(
            TranslationStatus.objects.filter(page=page).values_list("field", "language", "state")
        ),
    }


def use_provider(settings, name: str, **options) -> None:
    """Make ``name`` the default provider, with extra OPTIONS for this test."""
    providers = settings.MACHINE_TRANSLATION["PROVIDERS"]
    config = providers[name] | {"OPTIONS": providers[name]["OPTIONS"] | options}
    settings.MACHINE_TRANSLATION = settings.MACHINE_TRANSLATION | {
        "DEFAULT": name,
        "PROVIDERS": providers | {name: config},
    }
    reset_providers()


def run_failing_job(page) -> TranslationJob:
    job = run_job(create_job(page, ["en", "da"]).pk)
    assert job.status == Status.FAILED, f"expected a failed job, got {job.status}: {job.error}"
    return job


def assert_nothing_lost(before: dict, page) -> None:
    after = snapshot(page)
    for key in before:
        assert after[key] == before[key], f"a failed job changed the {key}"


def assert_admin_shows_failure_and_retries(admin_client, job, loopback, capture) -> None:
    html = admin_client.get(reverse("translation_jobs")).content.decode()
    assert escape(job.error) in html, "the jobs page should show the failure's reason"
    retry_url = reverse("translation_job_retry", args=[job.pk])
    assert retry_url in html, "a failed job should offer a Retry button"
    loopback.reset()
    with capture(execute=True):
        response = admin_client.post(retry_url)
    assert response.status_code == 302
    retried = TranslationJob.objects.get(retry_of=job)
    assert retried.status == Status.SUCCEEDED, f"the retry should succeed: {retried.error}"
    page = PracticePage.objects.get(pk=job.page_id)
    assert page.title_en.startswith("<en>"), "the retry should write the English draft"
    assert page.summary_fr == REVIEWED_FRENCH_SUMMARY, "a retry never touches reviewed text"


FAULTS = [
    # provider, fault, times, words the editor sees, requests the server should get
    ("libretranslate", "500", None, "failed (HTTP 500)", 3),
    ("libretranslate", "429", None, "rate-limiting us (HTTP 429)", 3),
    ("libretranslate", "403", None, "quota is used up (HTTP 403)", 1),
    ("libretranslate", "456", None, "quota is used up (HTTP 456)", 1),
    ("libretranslate", "malformed", None, "could not be read", 1),
    ("libretranslate", "empty", None, "empty translation", 1),
    ("deepl", "500", None, "DeepL failed (HTTP 500)", 3),
    ("deepl", "429", None, "DeepL is rate-limiting us (HTTP 429)", 3),
    ("deepl", "403", None, "DeepL refused the key (HTTP 403)", 1),
    ("deepl", "456", None, "DeepL quota is used up (HTTP 456)", 1),
    ("deepl", "malformed", None, "returned 0 translations for 4 texts", 1),
    ("deepl", "wrong_count", None, "returned 5 translations for 4 texts", 1),
    ("deepl", "empty", None, "empty translation", 1),
    ("llm", "500", None, "failed (HTTP 500)", 3),
    ("llm", "429", None, "rate-limiting us (HTTP 429)", 3),
    ("llm", "malformed", None, "could not be read", 1),
    ("llm", "garbage", None, "could not be read", 1),
    ("llm", "wrong_count", None, "1 answer(s) for segments never sent", 1),
    ("llm", "wrong_ids", None, "no translation for segment(s) 1, 2, 3, 4", 1),
    ("llm", "empty", None, "no translation for segment(s) 1, 2, 3, 4", 1),
    ("llm", "drop_markup", None, "markup changed in translation in segment(s) 1, 3, 4 of 4", 1),
]


@pytest.mark.parametrize(
    "provider, fault, times, message, requests",
    FAULTS,
    ids=[f"{provider}-{fault}" for provider, fault, *_ in FAULTS],
)
def test_fault_fails_the_job_clearly_and_loses_nothing(
    practice,
    loopback,
    settings,
    admin_client,
    caplog,
    django_capture_on_commit_callbacks,
    provider,
    fault,
    times,
    message,
    requests,
):
    use_provider(settings, provider)
    before = snapshot(practice)
    loopback.set_fault(fault, times)
    with caplog.at_level(logging.DEBUG):
        job = run_failing_job(practice)
    assert message in job.error, f"{fault}: the job's error {job.error!r} should say {message!r}"
    display = {"libretranslate": "LibreTranslate", "deepl": "DeepL", "llm": "LLM"}[provider]
    assert job.error.startswith(f"{display}, German → English"), (
        f"the error should name the provider and the languages: {job.error!r}"
    )
    assert len(loopback.received) == requests, (
        f"{fault}: the provider got {len(loopback.received)} requests, expected {requests} "
        "(retry only what a retry can fix)"
    )
    for secret in (LIBRE_KEY, loopback.deepl_key, loopback.llm_key):
        assert secret not in job.error, "the API key leaked into the job's error"
        assert secret not in caplog.text, "the API key leaked into the logs"
    assert_nothing_lost(before, practice)
    assert_admin_shows_failure_and_retries(
        admin_client, job, loopback, django_capture_on_commit_callbacks
    )


@pytest.mark.parametrize("provider", ["libretranslate", "deepl", "llm"])
def test_a_passing_hiccup_is_retried_and_the_job_succeeds(practice, loopback, settings, provider):
    use_provider(settings, provider)
    loopback.set_fault("500", times=1)
    job = run_job(create_job(practice, ["en"]).pk)
    assert job.status == Status.SUCCEEDED, job.error
    assert job.retries == 1, "one failed request should be retried once"


@pytest.mark.parametrize("provider", ["libretranslate", "llm"])
def test_retry_after_is_honoured(practice, loopback, settings, provider):
    use_provider(settings, provider)
    loopback.set_fault("429", times=1, retry_after="7")
    slept: list[float] = []
    translate_page(practice, ["en"], sleep=slept.append)
    assert slept == [7.0], f"the pipeline should wait as long as Retry-After says, slept {slept}"
    assert PracticePage.objects.get(pk=practice.pk).title_en.startswith("<en>")


@pytest.mark.parametrize("provider", ["libretranslate", "llm"])
def test_a_provider_that_never_answers_cannot_hang_the_worker(
    practice, loopback, settings, provider
):
    use_provider(settings, provider)
    before = snapshot(practice)
    loopback.set_fault("timeout")
    started = time.monotonic()
    job = run_failing_job(practice)
    elapsed = time.monotonic() - started
    attempts = LOOPBACK_OPTIONS["RETRIES"] + 1
    budget = attempts * LOOPBACK_OPTIONS["TIMEOUT"] + 1.0
    assert elapsed < budget, f"the job took {elapsed:.1f}s; the timeouts allow {budget:.1f}s"
    assert "did not answer within 0.5 seconds" in job.error
    assert_nothing_lost(before, practice)


def test_an_unreachable_provider_fails_the_job(practice, loopback, settings, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setenv("TEST_LIBRE_URL", closed_url)
    use_provider(settings, "libretranslate")
    before = snapshot(practice)
    job = run_failing_job(practice)
    assert "could not be reached" in job.error
    assert_nothing_lost(before, practice)


def test_an_unsupported_language_pair_is_refused_before_sending(practice, loopback, settings):
    use_provider(settings, "libretranslate", LANGUAGES=["en", "de", "fr"])
    before = snapshot(practice)
    job = run_failing_job(practice)
    assert "LibreTranslate cannot translate from de to da" in job.error
    assert loopback.received == [], "nothing should be sent for an unsupported pair"
    assert_nothing_lost(before, practice)


def test_markup_dropped_by_the_provider_is_rejected_not_stored(practice, loopback, settings):
    use_provider(settings, "libretranslate")
    before = snapshot(practice)
    loopback.set_fault("drop_markup")
    job = run_failing_job(practice)
    assert "LibreTranslate, German → English" in job.error
    assert "markup changed in translation" in job.error, job.error
    assert_nothing_lost(before, practice)


def test_oversized_text_is_cut_at_sentence_boundaries(practice, loopback, settings):
    use_provider(settings, "libretranslate", MAX_CHARS=120)
    sentences = [f"Satz Nummer {n} erzählt etwas über die Bibliothek." for n in range(12)]
    page = PracticePage.objects.get(pk=practice.pk)
    page.body_de = [("paragraph", f"<p>{' '.join(sentences)}</p>")]
    page.save_revision().publish()
    loopback.received.clear()
    job = run_job(create_job(page, ["en"]).pk)
    assert job.status == Status.SUCCEEDED, job.error
    longest = max(len(text) for request in loopback.received for text in request.texts)
    assert longest <= 120, f"a request carried {longest} characters; the limit is 120"
    draft = str(PracticePage.objects.get(pk=page.pk).body_en)
    for sentence in sentences:
        assert sentence in draft, f"{sentence!r} was lost when cutting the paragraph"


def test_text_that_cannot_be_cut_under_the_limit_fails_clearly(practice, loopback, settings):
    use_provider(settings, "libretranslate", MAX_CHARS=40)
    page = PracticePage.objects.get(pk=practice.pk)
    page.summary_de = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung"
    page.save_revision().publish()
    before = snapshot(page)
    job = run_failing_job(page)
    assert "cannot be cut under the provider's limit of 40 characters" in job.error, job.error
    assert_nothing_lost(before, page)


def test_malformed_html_in_the_source_is_refused_and_loses_nothing(
    practice, loopback, settings, admin_client, django_capture_on_commit_callbacks
):
    use_provider(settings, "libretranslate")
    page = PracticePage.objects.get(pk=practice.pk)
    page.body_de = [("paragraph", "<p>Offen <b>sonntags</b> und <i>abends</p>")]
    page.save_revision().publish()
    before = snapshot(page)
    job = run_failing_job(page)
    assert job.error == "Body (de): unclosed <i> in the source text", job.error
    assert loopback.received == [], "nothing should be sent when the source cannot be read"
    assert_nothing_lost(before, page)
    html = admin_client.get(reverse("translation_jobs")).content.decode()
    assert escape(job.error) in html, "the admin should say which field is malformed"


def test_script_from_a_provider_never_reaches_the_page(practice, loopback, settings, client):
    use_provider(settings, "libretranslate")
    loopback.set_fault("script")
    job = run_job(create_job(practice, ["en"]).pk)
    assert job.status == Status.SUCCEEDED, job.error
    html = client.get("/en/practices/bibo-7-10/").content.decode()
    assert "<script>alert" not in html, "a provider's <script> reached the page"
    assert not re.search(r"<[^>]*\sonerror=", html), "a provider's onerror= reached a tag"
    stored = str(PracticePage.objects.get(pk=practice.pk).body_en or "")
    assert "<script" not in stored, "a <script> was stored in rich text"
    assert not re.search(r"<[^>]*\sonerror=", stored), "an onerror= attribute was stored"


# --- Hostile providers: every fault is bounded in time and memory -----------------------------


def set_limits(settings, **limits) -> None:
    """Fault bounds of ``MACHINE_TRANSLATION`` for this test (JOB_DEADLINE, ...)."""
    settings.MACHINE_TRANSLATION = settings.MACHINE_TRANSLATION | limits
    reset_providers()


def timed_failing_job(page) -> tuple[TranslationJob, float]:
    started = time.monotonic()
    job = run_failing_job(page)
    return job, time.monotonic() - started


@pytest.fixture
def elsewhere():
    """A second loopback provider on another port: whatever it says must never be published."""
    server = ProviderServer(hang_seconds=1.0).start()
    yield server
    server.stop()


@pytest.mark.parametrize("provider", ["libretranslate", "deepl", "llm"])
def test_a_dripping_answer_ends_at_the_deadline_not_per_byte(
    practice, loopback, settings, provider
):
    # One byte a second passes a per-read timeout of 1.5 s forever; the deadline is per request.
    use_provider(settings, provider, TIMEOUT=1.5)
    set_limits(settings, JOB_DEADLINE=2.5)
    loopback.drip_seconds = 1.0
    before = snapshot(practice)
    loopback.set_fault("drip")
    job, elapsed = timed_failing_job(practice)
    assert elapsed < 2.5 + 0.5, f"the job ran {elapsed:.1f}s; its deadline is 2.5s"
    assert "time limit of 2.5 seconds was reached" in job.error, job.error
    assert_nothing_lost(before, practice)


@pytest.mark.parametrize(
    "provider, fault",
    [
        ("libretranslate", "flood"),
        ("deepl", "flood"),
        ("llm", "flood"),
        ("libretranslate", "flood_declared"),
        ("llm", "flood_declared"),
    ],
)
def test_a_flood_is_refused_before_it_fills_memory(practice, loopback, settings, provider, fault):
    use_provider(settings, provider, TIMEOUT=5)  # generous: tracemalloc slows the client down
    before = snapshot(practice)
    loopback.set_fault(fault)
    tracemalloc.start()
    try:
        job, elapsed = timed_failing_job(practice)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < FLOOD_BYTES / 10, (
        f"reading the flood peaked at {peak / 1e6:.1f} MB of a {FLOOD_BYTES / 1e6:.0f} MB answer"
    )
    assert loopback.flood_bytes_sent < FLOOD_BYTES, "the whole flood was read"
    assert "larger than the" in job.error and "bytes accepted" in job.error, job.error
    assert len(loopback.received) == 1, (
        f"an oversized answer is not worth asking for again ({len(loopback.received)} requests)"
    )
    assert elapsed < 5, f"refusing the flood took {elapsed:.1f}s"
    assert_nothing_lost(before, practice)


@pytest.mark.parametrize("provider", ["libretranslate", "deepl", "llm"])
def test_a_redirect_to_another_server_is_not_followed(
    practice, loopback, elsewhere, settings, provider
):
    use_provider(settings, provider)
    before = snapshot(practice)
    loopback.redirect_to = elsewhere.url
    loopback.set_fault("redirect")
    job = run_failing_job(practice)
    assert "redirect (HTTP 307)" in job.error, job.error
    assert elsewhere.received == [], "the text was sent on to the server the provider named"
    assert len(loopback.received) == 1, "a redirect is not worth asking for again"
    assert_nothing_lost(before, practice)


@pytest.mark.parametrize("provider", ["libretranslate", "llm"])
@pytest.mark.parametrize("retry_after", ["3600", "30"])
def test_a_huge_retry_after_fails_the_job_at_once(
    practice, loopback, settings, retry_after, provider
):
    # 3600 s is over MAX_RETRY_AFTER (60 s); 30 s is under it but over the job's 3 s.
    use_provider(settings, provider)
    set_limits(settings, JOB_DEADLINE=3)
    before = snapshot(practice)
    loopback.set_fault("429", retry_after=retry_after)
    job, elapsed = timed_failing_job(practice)
    assert elapsed < 3, f"the job waited {elapsed:.1f}s although its deadline is 3s"
    assert f"asks us to wait {retry_after} seconds" in job.error, job.error
    assert "rate-limiting us (HTTP 429)" in job.error, job.error
    assert len(loopback.received) == 1, "asking again before Retry-After is pointless"
    assert_nothing_lost(before, practice)


def test_an_answer_identical_to_the_source_is_flagged_and_not_remembered(
    practice, loopback, settings
):
    use_provider(settings, "libretranslate")
    loopback.set_fault("identical")
    job = run_job(create_job(practice, ["en"]).pk)
    assert job.status == Status.SUCCEEDED, job.error
    flag = "returned “Sonntags geöffnet ohne Personal.” untranslated"
    assert any(flag in warning for warning in job.warnings), job.warnings
    status = TranslationStatus.objects.get(page=practice, field="summary", language="en")
    assert any(flag in warning for warning in status.glossary_warnings), (
        f"the reviewer should see the flag on the field: {status.glossary_warnings}"
    )
    assert not TranslationMemoryEntry.objects.filter(
        source_text="Sonntags geöffnet ohne Personal.", target_language="en"
    ).exists(), "an untranslated answer was stored as a translation (a later run would reuse it)"


def test_bidi_and_zero_width_characters_from_a_provider_are_removed(practice, loopback, settings):
    use_provider(settings, "libretranslate")
    loopback.set_fault("bidi")
    job = run_job(create_job(practice, ["en"]).pk)
    assert job.status == Status.SUCCEEDED, job.error
    page = PracticePage.objects.get(pk=practice.pk)
    stored = " ".join([page.title_en, page.summary_en, str(page.body_en)])
    assert page.summary_en.startswith("<en>"), f"the drafts should be written: {stored!r}"
    for char in (BIDI, ZERO_WIDTH):
        assert char not in stored, f"U+{ord(char):04X} from the provider reached the page"
        assert not TranslationMemoryEntry.objects.filter(target_text__contains=char).exists(), (
            f"U+{ord(char):04X} from the provider was stored in the memory"
        )
    assert any("U+200B, U+202E" in warning for warning in job.warnings), job.warnings
