"""The OpenAI-compatible LLM provider against the loopback server's ``/v1/chat/completions``.

Its faults (hang, drip, flood, redirect, garbage, wrong ids, 429, 500 …) run in
``tests/test_translation_faults.py`` with the other providers'; here: one request
per batch, the page's title and glossary in the prompt, placeholders checked per
segment, the key kept out of sight, on-server marking and the start-up checks.
"""

import json
import logging

from django.core.checks import run_checks
from django.test import override_settings
from django.utils import translation

from wagtail.models import PageViewRestriction

import pytest

from exchange_site.translation.checks import check_machine_translation
from exchange_site.translation.errors import MalformedResponse, MarkupMismatch
from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import GlossaryEntry, TranslationJob
from exchange_site.translation.providers import get_provider, reset_providers
from exchange_site.translation.providers.llm import _translations, is_on_site_network
from exchange_site.translation.resilience import TransferStats, translate_texts
from practices.models import PracticePage
from tests import factories

from .test_translation_checks import config, ids

Status = TranslationJob.Status


@pytest.fixture
def llm(loopback, settings):
    settings.MACHINE_TRANSLATION = settings.MACHINE_TRANSLATION | {"DEFAULT": "llm"}
    reset_providers()
    return loopback


@pytest.fixture
def danish_page(site_tree, danish_library):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=danish_library,
        source_language="da",
        title=None,
        title_da="Læsehunde i Ballerup",
        slug="laesehunde",
        summary=None,
        summary_da="Børn læser højt for en hund hver lørdag i Artoteket.",
        body=None,
        body_da=[
            ("paragraph", "<p>Hunden <b>lytter</b> uden at rette.</p>"),
            ("paragraph", '<p>Se <a href="https://ballerup.example.dk">programmet</a>.</p>'),
        ],
    )
    page.save_revision().publish()
    return page


def chat_requests(server):
    return [r for r in server.received if r.endpoint == "/v1/chat/completions"]


def test_a_batch_of_segments_is_one_request(llm):
    provider = get_provider("llm", "da", "de")
    texts = [f"Sætning nummer {n}." for n in range(12)]
    result = translate_texts(provider, "da", "de", texts, TransferStats())
    assert result == [f"<de> {text}" for text in texts], f"answers out of order: {result}"
    requests = chat_requests(llm)
    assert len(requests) == 1, f"12 segments took {len(requests)} requests; one batch expected"
    assert requests[0].texts == texts, "the batch should carry every segment, in order"
    assert (requests[0].source, requests[0].target) == ("da", "de")


def test_batches_are_cut_at_the_configured_size(llm):
    provider = get_provider("llm", "da", "de")
    translate_texts(provider, "da", "de", [f"Linje {n}." for n in range(45)], TransferStats())
    # Batches after the first go out concurrently, so they may arrive in any order.
    sizes = sorted(len(request.texts) for request in chat_requests(llm))
    assert sizes == [5, 20, 20], f"BATCH_SIZE 20 should give batches of 20, 20, 5: {sizes}"


def test_a_job_sends_the_page_title_and_glossary_as_context(llm, danish_page):
    GlossaryEntry.objects.create(term_da="Artoteket", term_de="Artothek", term_en="Art library")
    job = run_job(create_job(danish_page, ["de"]).pk)
    assert job.status == Status.SUCCEEDED, job.error
    requests = chat_requests(llm)
    assert len(requests) == 1, f"one page, one language: one request, not {len(requests)}"
    prompt = requests[0].context
    assert "from Danish to German" in prompt, f"the languages are missing: {prompt!r}"
    assert "Læsehunde i Ballerup" in prompt, f"the page title is missing: {prompt!r}"
    assert "Artoteket → Artothek" in prompt, f"the glossary term is missing: {prompt!r}"
    assert requests[0].headers.get("Authorization") == f"Bearer {llm.llm_key}"
    body = str(PracticePage.objects.get(pk=danish_page.pk).body_de)
    assert "<b>lytter</b>" in body and 'href="https://ballerup.example.dk"' in body, (
        f"bold and link should come back around the translated words: {body}"
    )


def test_the_key_is_never_in_a_message_or_log(llm, danish_page, caplog):
    llm.set_fault("500")
    with caplog.at_level(logging.DEBUG):
        job = run_job(create_job(danish_page, ["de"]).pk)
    assert job.status == Status.FAILED
    assert llm.llm_key not in job.error, "the API key leaked into the job's error"
    assert llm.llm_key not in caplog.text, "the API key leaked into the logs"


def test_a_wrong_key_fails_without_retrying(llm, danish_page, monkeypatch):
    monkeypatch.setenv("TEST_LLM_KEY", "not-the-key")
    job = run_job(create_job(danish_page, ["de"]).pk)
    assert job.status == Status.FAILED
    assert "refused the key" in job.error and "HTTP 401" in job.error, job.error
    assert len(chat_requests(llm)) == 1, "a refused key is not worth asking again"
    assert "not-the-key" not in job.error


def answer(*items) -> dict:
    return {"translations": [{"id": i, "text": t} for i, t in items]}


def test_answers_are_matched_by_id_not_position():
    texts = ["Én <g1>to</g1>", "Tre"]
    reordered = answer(("2", "Drei"), ("1", "Eins <g1>zwei</g1>"))
    assert _translations(reordered, texts) == ["Eins <g1>zwei</g1>", "Drei"]


@pytest.mark.parametrize(
    "reply, error, words",
    [
        (answer(("1", "Eins")), MalformedResponse, "no translation for segment(s) 2, 3"),
        (
            answer(("1", "Eins"), ("2", "Zwei"), ("3", "Drei <x2/>"), ("4", "Vier")),
            MalformedResponse,
            "1 answer(s) for segments never sent",
        ),
        (
            answer(("1", "Eins"), ("1", "Nochmal"), ("2", "Zwei"), ("3", "Drei <x2/>")),
            MalformedResponse,
            "1 answer(s) for segments never sent",
        ),
        (
            answer(("1", "Eins"), ("2", "Zwei"), ("3", "Drei")),
            MarkupMismatch,
            "segment(s) 3 of 3",
        ),
        (
            answer(("1", "Eins <x2/>"), ("2", "Zwei"), ("3", "Drei <x2/>")),
            MarkupMismatch,
            "segment(s) 1 of 3",
        ),
        (["Eins", "Zwei", "Drei"], MalformedResponse, "no translation for segment(s) 1, 2, 3"),
    ],
    ids=["missing", "invented", "duplicate", "dropped-placeholder", "added-placeholder", "bare"],
)
def test_a_wrong_batch_answer_is_refused_naming_the_segments(reply, error, words):
    with pytest.raises(error) as raised:
        _translations(reply, ["Én", "To", "Tre <x2/>"])
    assert words in str(raised.value), f"expected {words!r} in {raised.value}"


def test_fenced_json_from_a_chatty_model_is_read(llm, monkeypatch):
    provider = get_provider("llm", "da", "de")

    class Response:
        status_code = 200

        def json(self):
            content = "```json\n" + json.dumps(answer(("1", "Hallo"))) + "\n```"
            return {"choices": [{"message": {"content": content}}]}

    monkeypatch.setattr("requests.post", lambda *args, **kwargs: Response())
    assert provider.translate_batch("da", "de", ["Hej"]) == ["Hallo"]


@pytest.mark.parametrize(
    "url, on_server",
    [
        ("http://127.0.0.1:8080/v1", True),
        ("http://localhost:11434/v1", True),
        ("http://10.20.0.5/v1", True),
        ("https://192.168.1.20/v1", True),
        ("http://[::1]:8000/v1", True),
        ("https://api.openai.com/v1", False),
        ("https://8.8.8.8/v1", False),
        ("https://10.0.0.1.example.org/v1", False),
    ],
)
def test_on_server_only_when_the_host_is_on_the_sites_network(url, on_server):
    assert is_on_site_network(url) is on_server, url


def test_a_private_page_may_use_a_self_hosted_llm(llm, danish_page):
    PageViewRestriction.objects.create(page=danish_page, restriction_type=PageViewRestriction.LOGIN)
    job = run_job(create_job(danish_page, ["de"]).pk)
    assert job.status == Status.SUCCEEDED, f"a loopback LLM is on-server: {job.error}"
    assert chat_requests(llm), "the private page should have been translated by the local LLM"


def test_a_private_page_is_not_sent_to_a_hosted_llm(llm, danish_page, monkeypatch):
    monkeypatch.setenv("TEST_LLM_URL", "https://llm.example.org/v1")
    PageViewRestriction.objects.create(page=danish_page, restriction_type=PageViewRestriction.LOGIN)
    job = run_job(create_job(danish_page, ["de"]).pk)
    assert job.status == Status.FAILED
    assert "This page is private, so it is not sent to LLM" in job.error, job.error


LLM = "exchange_site.translation.providers.llm.OpenAICompatibleTranslator"


def llm_config(**options) -> dict:
    base = {"URL_ENV": "CHECK_LLM_URL", "MODEL_ENV": "CHECK_LLM_MODEL"}
    return config(PROVIDERS={"llm": {"CLASS": LLM, "OPTIONS": base | options}}, DEFAULT="llm")


def test_checks_accept_a_good_llm_configuration(monkeypatch):
    monkeypatch.setenv("CHECK_LLM_URL", "https://llm.example.org/v1")
    monkeypatch.setenv("CHECK_LLM_MODEL", "mistral-small")
    assert ids(llm_config()) == []


def test_checks_warn_when_the_url_or_model_is_missing(monkeypatch):
    monkeypatch.delenv("CHECK_LLM_URL", raising=False)
    monkeypatch.delenv("CHECK_LLM_MODEL", raising=False)
    assert ids(llm_config()) == ["translation.W001", "translation.W001"]


def test_checks_refuse_an_address_that_is_not_http(monkeypatch):
    secret_url = "ftp://user:s3cret@llm.example.org/v1"
    monkeypatch.setenv("CHECK_LLM_URL", secret_url)
    monkeypatch.setenv("CHECK_LLM_MODEL", "m")
    with override_settings(MACHINE_TRANSLATION=llm_config()):
        messages = [m for m in run_checks() if m.id.startswith("translation.")]
    assert [m.id for m in messages] == ["translation.E020"]
    assert "s3cret" not in str(messages[0]) and "CHECK_LLM_URL" in str(messages[0])


def test_checks_warn_about_plain_http_to_another_network(monkeypatch):
    monkeypatch.setenv("CHECK_LLM_URL", "http://llm.example.org/v1")
    monkeypatch.setenv("CHECK_LLM_MODEL", "m")
    assert ids(llm_config()) == ["translation.W020"]
    monkeypatch.setenv("CHECK_LLM_URL", "http://10.1.2.3:8000/v1")
    assert ids(llm_config()) == [], "plain http inside the site's network is fine"


def test_checks_refuse_a_batch_size_that_is_not_a_positive_number(monkeypatch):
    monkeypatch.setenv("CHECK_LLM_URL", "https://llm.example.org/v1")
    monkeypatch.setenv("CHECK_LLM_MODEL", "m")
    assert ids(llm_config(BATCH_SIZE=0)) == ["translation.E021"]
    assert ids(llm_config(BATCH_SIZE="20")) == ["translation.E021"]


@pytest.mark.parametrize(
    "language, words",
    [("da", "adresse"), ("de", "Adresse"), ("fr", "adresse")],
)
def test_check_messages_are_translated(monkeypatch, language, words):
    monkeypatch.setenv("CHECK_LLM_URL", "ftp://llm.example.org/v1")
    monkeypatch.setenv("CHECK_LLM_MODEL", "m")
    with override_settings(MACHINE_TRANSLATION=llm_config()), translation.override(language):
        texts = [str(m.msg) for m in check_machine_translation()]
    assert len(texts) == 1 and words in texts[0], f"{language}: {texts}"
    assert "does not hold" not in texts[0], f"{language}: the message is still English"
