"""Every provider runs its real client code against the loopback server."""

import pytest

from exchange_site.translation.providers import get_provider
from exchange_site.translation.resilience import TransferStats, translate_texts

PROVIDER_ENDPOINTS = {
    "libretranslate": "/translate",
    "deepl": "/v2/translate",
    "google": "/m",
    "mymemory": "/get",
    "microsoft": "/microsoft",
}


@pytest.mark.parametrize("name", sorted(PROVIDER_ENDPOINTS))
def test_provider_translates_danish_through_its_real_client(loopback, name):
    provider = get_provider(name, "da", "de")
    texts = ["Læselyst for <g1>alle</g1>", "Bibliotekerne er åbne"]
    result = translate_texts(provider, "da", "de", texts, TransferStats())
    assert result == [f"<de> {texts[0]}", f"<de> {texts[1]}"], f"{name} returned {result}"
    endpoints = {request.endpoint for request in loopback.received}
    assert endpoints == {PROVIDER_ENDPOINTS[name]}, f"{name} spoke to {endpoints}"
    assert {request.source.lower() for request in loopback.received} == {"da"}, (
        "Danish must reach the provider as the source language"
    )


def test_deepl_sends_a_batch_in_one_request(loopback):
    provider = get_provider("deepl", "de", "fr")
    translate_texts(provider, "de", "fr", [f"Satz {n}." for n in range(30)], TransferStats())
    assert len(loopback.received) == 1, "DeepL accepts 50 texts per request"
    assert len(loopback.received[0].texts) == 30


def test_deep_translator_sends_one_request_per_text(loopback):
    provider = get_provider("google", "de", "fr")
    translate_texts(provider, "de", "fr", ["Eins.", "Zwei.", "Drei."], TransferStats())
    assert len(loopback.received) == 3, "deep-translator's clients send one text per request"


def test_libretranslate_sends_a_list_per_request_within_its_batch_size(loopback):
    provider = get_provider("libretranslate", "de", "fr")
    texts = [f"Satz {n}." for n in range(60)]
    result = translate_texts(provider, "de", "fr", texts, TransferStats())
    assert result == [f"<fr> {text}" for text in texts], "answers must come back in order"
    sizes = sorted(len(request.texts) for request in loopback.received)
    assert sizes == [10, 25, 25], f"60 texts in batches of 25 should take 3 requests: {sizes}"
