"""Bulk translation: batched requests, sent concurrently, bounded per provider.

What the loopback server (tests/provider_server.py) receives is what a real
provider would: how many requests, how many texts each, how many waiting for
their answer at once (with a little latency, as from a distant provider).
"""

import math

import pytest

from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import (
    TranslationJob,
    TranslationMemoryEntry,
    TranslationStatus,
)
from exchange_site.translation.pipeline import translate_page
from practices.models import PracticePage
from tests import factories

from .test_translation_budget import set_budget
from .test_translation_checks import config, ids
from .test_translation_faults import use_provider

Status = TranslationJob.Status
PARAGRAPHS = 80


@pytest.fixture
def long_page(site_tree, dresden, loopback):
    """A German page of many short paragraphs: several batches per language."""
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=dresden,
        source_language="de",
        title=None,
        title_de="Lesepaten in Dresden",
        slug="lesepaten",
        summary=None,
        summary_de="Ehrenamtliche lesen vor.",
        body=None,
        body_de=[("paragraph", f"<p>Absatz {n}: wir lesen vor.</p>") for n in range(PARAGRAPHS)],
    )
    page.save_revision().publish()
    loopback.reset()
    return page


@pytest.mark.parametrize("provider, batch_size", [("libretranslate", 25), ("deepl", 50)])
def test_a_page_is_sent_in_as_few_requests_as_the_batch_size_allows(
    long_page, loopback, settings, provider, batch_size
):
    use_provider(settings, provider)
    report = translate_page(long_page, ["fr"])
    assert report.segments_sent >= PARAGRAPHS, f"the page should be sent: {report.segments_sent}"
    most = math.ceil(report.segments_sent / batch_size)
    assert len(loopback.received) <= most, (
        f"{provider}: {report.segments_sent} segments took {len(loopback.received)} requests, "
        f"at most {most} expected with {batch_size} texts a request"
    )
    assert PracticePage.objects.get(pk=long_page.pk).body_fr, "the French draft was not written"


def test_requests_go_out_concurrently_but_never_more_than_the_limit(long_page, loopback, settings):
    use_provider(settings, "libretranslate", MAX_CONCURRENT_REQUESTS=3, TIMEOUT=5)
    loopback.latency_seconds = 0.2
    report = translate_page(long_page, ["en", "da", "fr"])
    assert len(loopback.received) >= 6, f"expected several batches: {len(loopback.received)}"
    assert 1 < loopback.max_in_flight <= 3, (
        f"{loopback.max_in_flight} requests were in flight at once; more than one "
        "(concurrent) and at most MAX_CONCURRENT_REQUESTS = 3 expected"
    )
    page = PracticePage.objects.get(pk=long_page.pk)
    for language in ("en", "da", "fr"):
        body = str(getattr(page, f"body_{language}"))
        assert f"&lt;{language}&gt; Absatz {PARAGRAPHS - 1}:" in body, (
            f"the {language} draft lacks the last paragraph: answers were lost or misplaced"
        )
    assert report.stats.requests == len(loopback.received), "the job miscounted its requests"


def test_one_request_at_a_time_when_the_limit_is_one(long_page, loopback, settings):
    use_provider(settings, "libretranslate", MAX_CONCURRENT_REQUESTS=1, TIMEOUT=5)
    loopback.latency_seconds = 0.05
    translate_page(long_page, ["en", "fr"])
    assert loopback.max_in_flight == 1, f"{loopback.max_in_flight} requests were in flight"


def test_a_failing_batch_among_concurrent_ones_fails_the_job_and_writes_nothing(
    long_page, loopback, settings
):
    use_provider(settings, "libretranslate", MAX_CONCURRENT_REQUESTS=3, TIMEOUT=5)
    loopback.latency_seconds = 0.05
    loopback.set_fault("403", on_text=f"Absatz {PARAGRAPHS - 10}:")
    job = run_job(create_job(long_page, ["fr"]).pk)
    assert job.status == Status.FAILED, f"expected a failed job, got {job.status}"
    assert job.error.startswith("LibreTranslate, German → French"), job.error
    assert "quota is used up (HTTP 403)" in job.error, job.error
    page = PracticePage.objects.get(pk=long_page.pk)
    assert not page.body_fr and not page.title_fr, "a failed job wrote part of a translation"
    assert not TranslationStatus.objects.filter(page=page, language="fr").exists(), (
        "a failed job left French statuses"
    )
    assert not TranslationMemoryEntry.objects.filter(target_language="fr").exists(), (
        "a language that failed is remembered as a whole or not at all"
    )
    loopback.reset()
    retried = run_job(create_job(long_page, ["fr"]).pk)
    assert retried.status == Status.SUCCEEDED, f"the retry should succeed: {retried.error}"


def second_page(long_page):
    return factories.PracticePageFactory(
        parent=long_page.get_parent(),
        library=long_page.library,
        source_language="de",
        title=None,
        title_de="Vorlesen im Park",
        slug="vorlesen-im-park",
        summary=None,
        summary_de="Wir lesen draußen vor.",
    )


def test_a_provider_that_just_answered_gets_every_language_at_once(long_page, loopback, settings):
    use_provider(settings, "libretranslate", MAX_CONCURRENT_REQUESTS=4, TIMEOUT=5)
    loopback.latency_seconds = 0.2
    short = second_page(long_page)
    translate_page(short, ["en", "da", "fr"])
    assert loopback.max_in_flight == 2, (
        f"a provider not yet heard from is probed with one language first "
        f"({loopback.max_in_flight} requests were in flight at once)"
    )
    loopback.reset()
    loopback.latency_seconds = 0.2
    short.summary_de = "Wir lesen draußen vor, auch im Winter."
    short.save_revision().publish()
    translate_page(PracticePage.objects.get(pk=short.pk), ["en", "da", "fr"])
    assert loopback.max_in_flight == 3, (
        f"the provider answered a moment ago: all three languages should go at once, "
        f"but at most {loopback.max_in_flight} requests were in flight"
    )


def test_a_provider_that_failed_is_probed_again_with_one_request(long_page, loopback, settings):
    use_provider(settings, "libretranslate", MAX_CONCURRENT_REQUESTS=4, TIMEOUT=5, RETRIES=0)
    short = second_page(long_page)
    translate_page(short, ["en"])
    loopback.set_fault("403")
    first = run_job(create_job(long_page, ["en", "da", "fr"]).pk)
    assert first.status == Status.FAILED, f"expected a failed job, got {first.status}"
    loopback.received.clear()
    second = run_job(create_job(long_page, ["en", "da", "fr"]).pk)
    assert second.status == Status.FAILED, f"expected a failed job, got {second.status}"
    assert len(loopback.received) == 1, (
        f"a provider whose last request failed should be probed with one request, "
        f"got {len(loopback.received)}"
    )


def test_an_answer_vouches_for_a_provider_only_for_a_while(
    long_page, loopback, settings, monkeypatch
):
    use_provider(settings, "libretranslate", MAX_CONCURRENT_REQUESTS=4, TIMEOUT=5)
    monkeypatch.setattr(
        "exchange_site.translation.providers.base.MachineTranslator.ANSWERING_FOR_SECONDS", 0.0
    )
    loopback.latency_seconds = 0.2
    short = second_page(long_page)
    translate_page(short, ["en"])
    loopback.reset()
    loopback.latency_seconds = 0.2
    translate_page(PracticePage.objects.get(pk=short.pk), ["da", "fr"])
    assert loopback.max_in_flight == 1, (
        "a provider last heard from too long ago should be probed with one request first"
    )


def test_a_refused_budget_sends_nothing_even_with_concurrency(long_page, loopback, settings):
    use_provider(settings, "libretranslate", MAX_CONCURRENT_REQUESTS=4)
    set_budget("libretranslate", 100)
    job = run_job(create_job(long_page, ["en", "da", "fr"]).pk)
    assert job.status == Status.REFUSED, f"expected a refusal, got {job.status}: {job.error}"
    assert loopback.received == [], "a refused job sent text to the provider"


@pytest.mark.parametrize(
    "provider, option",
    [
        ("libretranslate", "MAX_CONCURRENT_REQUESTS"),
        ("libretranslate", "BATCH_SIZE"),
        ("deepl", "MAX_CONCURRENT_REQUESTS"),
    ],
)
def test_checks_refuse_a_concurrency_or_batch_size_below_one(monkeypatch, provider, option):
    monkeypatch.setenv("CHECK_KEY", "k")
    monkeypatch.setenv("CHECK_URL", "http://127.0.0.1:5000")
    classes = {
        "libretranslate": "exchange_site.translation.providers.deep_translator."
        "LibreTranslateTranslator",
        "deepl": "exchange_site.translation.providers.deepl.DeepLTranslator",
    }
    options = {"URL_ENV": "CHECK_URL", "API_KEY_ENV": "CHECK_KEY"}
    settings = {"CLASS": classes[provider], "OPTIONS": options}
    assert ids(config(PROVIDERS={provider: settings}, DEFAULT=provider)) == [], "a good setup"
    for wrong in (0, "4"):
        bad = settings | {"OPTIONS": options | {option: wrong}}
        assert ids(config(PROVIDERS={provider: bad}, DEFAULT=provider)) == ["translation.E021"], (
            f"{option} = {wrong!r} should be refused at start-up"
        )
