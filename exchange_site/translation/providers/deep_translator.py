"""Providers backed by the ``deep-translator`` package.

deep-translator 1.11.4 sets no timeouts, never retries, sends one request per
string, hides HTTP status codes behind generic exceptions, lacks Danish in its
LibreTranslate table (so LibreTranslate, whose API takes a list, is spoken to
directly: ``LibreTranslateTranslator``), and fetches Microsoft's language list from the public
API whenever a translator is constructed. What we add, here and in
``..http`` / ``..resilience``: a whole-request deadline, an answer size limit
and no redirects on every request, status-aware error
classification (429 with Retry-After, 403/456, 5xx), a static language table for
Microsoft (both from ``exchange_site.core.languages``), and configurable
endpoints so the real client code can be exercised against a local server.
"""

from __future__ import annotations

import json

from django.core.checks import CheckMessage

import requests
from deep_translator import GoogleTranslator as DTGoogle
from deep_translator import MicrosoftTranslator as DTMicrosoft
from deep_translator import MyMemoryTranslator as DTMyMemory
from deep_translator import exceptions as dt_exceptions

from exchange_site.core.languages import LANGUAGE_TABLE

from ..errors import (
    MalformedResponse,
    ProviderUnavailable,
    QuotaExceeded,
    RateLimited,
    SegmentTooLong,
    TranslationError,
    UnsupportedLanguagePair,
)
from ..http import HttpCapture, provider_http, retry_after_seconds
from .base import MachineTranslator, whole_number_errors

# deep-translator clients accept language names everywhere, but codes only in
# each provider's own spelling (MyMemory wants "da-DK"), so names are passed:
# the table's English names, in lower case.
LANGUAGE_NAMES = {language.code: language.english_name.lower() for language in LANGUAGE_TABLE}
_CODES_BY_NAME = {name: code for code, name in LANGUAGE_NAMES.items()}


class _MicrosoftWithoutLookup(DTMicrosoft):
    """Do not call the public languages endpoint on every construction."""

    def _get_supported_languages(self):
        return dict(_CODES_BY_NAME)


def classify(error: Exception, capture: HttpCapture, timeout: float) -> TranslationError:
    """Turn whatever deep-translator or requests raised into one of our errors."""
    if isinstance(error, TranslationError):
        return error
    if isinstance(error, requests.Timeout):
        return ProviderUnavailable(f"The provider did not answer within {timeout:g} seconds.")
    if isinstance(error, requests.ConnectionError):
        return ProviderUnavailable("The provider could not be reached.")
    response = capture.last_response
    status = response.status_code if response is not None else None
    if response is None and capture.requests_made:
        # Some clients (Microsoft's) log a network error and then fail on the missing response.
        return ProviderUnavailable("The provider did not answer.")
    if status == 429 or isinstance(error, dt_exceptions.TooManyRequests):
        return RateLimited(
            "The provider is rate-limiting us (HTTP 429).", retry_after_seconds(response)
        )
    if status in (401, 403, 456) or isinstance(error, dt_exceptions.AuthorizationException):
        return QuotaExceeded(
            f"The provider refused the key or the quota is used up (HTTP {status})."
        )
    if status is not None and status >= 500:
        return ProviderUnavailable(f"The provider failed (HTTP {status}).")
    if status is not None and status >= 400:
        return MalformedResponse(f"The provider rejected the request (HTTP {status}).")
    if isinstance(error, dt_exceptions.LanguageNotSupportedException):
        return UnsupportedLanguagePair("The provider does not support this language pair.")
    if isinstance(error, dt_exceptions.NotValidLength):
        return SegmentTooLong("The text is longer than the provider accepts.")
    if isinstance(error, dt_exceptions.TranslationNotFound):
        return MalformedResponse("The provider returned no translation.")
    if isinstance(error, (json.JSONDecodeError, ValueError, KeyError, TypeError, AttributeError)):
        return MalformedResponse("The provider's answer could not be read.")
    return TranslationError(f"The provider failed unexpectedly ({type(error).__name__}).")


class DeepTranslatorProvider(MachineTranslator):
    """Base for deep-translator clients: one string per request, errors classified."""

    def make_client(self, source: str, target: str):
        raise NotImplementedError

    def translate_batch(self, source: str, target: str, texts: list[str]) -> list[str]:
        results = []
        with provider_http(self.timeout) as capture:
            for text in texts:
                try:
                    client = self.make_client(LANGUAGE_NAMES[source], LANGUAGE_NAMES[target])
                    translated = client.translate(text)
                except Exception as error:  # noqa: BLE001 - classified below, never swallowed
                    raise classify(error, capture, self.timeout) from None
                if not isinstance(translated, str):
                    raise MalformedResponse("The provider returned no translation.")
                results.append(translated)
        return results


class GoogleTranslator(DeepTranslatorProvider):
    """Google's free web endpoint, no key. OPTIONS: URL (an alternative endpoint)."""

    display_name = "Google Translate"
    max_chars = 4999  # deep-translator refuses 5,000 characters and more

    def make_client(self, source: str, target: str):
        client = DTGoogle(source=source, target=target)
        if self.options.get("URL"):
            client._base_url = self.options["URL"]
        return client


class MyMemoryTranslator(DeepTranslatorProvider):
    """MyMemory, no key. OPTIONS: URL, EMAIL_ENV (raises the free quota)."""

    display_name = "MyMemory"
    max_chars = 499  # deep-translator refuses 500 characters and more

    def make_client(self, source: str, target: str):
        email = self.env("EMAIL_ENV") or None
        client = DTMyMemory(source=source, target=target, email=email)
        if self.options.get("URL"):
            client._base_url = self.options["URL"]
        return client


class LibreTranslateTranslator(MachineTranslator):
    """A LibreTranslate server. OPTIONS: URL_ENV (server URL), API_KEY_ENV, BATCH_SIZE.

    LibreTranslate's ``/translate`` takes ``q`` as a list and answers with a
    list, but deep-translator's client sends one string per request (its
    ``translate_batch`` is a loop), so a page of 40 segments cost 40 round
    trips. This posts the list itself with ``requests``, as JSON (which also
    keeps the API key out of URLs and logs); the request runs through
    ``..http`` like every client's (deadline, answer size limit, no
    redirects) and failures are classified by ``classify`` as before.
    """

    display_name = "LibreTranslate"
    batch_size = 25
    required_environment = ("URL_ENV",)

    def __init__(self, name: str, options: dict) -> None:
        super().__init__(name, options)
        self.batch_size = int(options.get("BATCH_SIZE", self.batch_size))

    @classmethod
    def needed_environment(cls, options: dict) -> tuple[str, ...]:
        """A fixed ``URL`` option stands in for the ``URL_ENV`` variable."""
        return () if options.get("URL") else cls.required_environment

    @classmethod
    def check_configuration(cls, name: str, options: dict) -> list[CheckMessage]:
        return super().check_configuration(name, options) + whole_number_errors(
            name, options, ("BATCH_SIZE",)
        )

    def translate_batch(self, source: str, target: str, texts: list[str]) -> list[str]:
        url = self.env("URL_ENV", self.options.get("URL", ""))
        if not url:
            raise TranslationError(
                f"LibreTranslate needs its server URL in {self.options.get('URL_ENV')}."
            )
        body = {"q": texts, "source": source, "target": target, "format": "text"}
        if api_key := self.env("API_KEY_ENV"):
            body["api_key"] = api_key
        with provider_http(self.timeout) as capture:
            try:
                response = requests.post(
                    url.rstrip("/") + "/translate", json=body, timeout=self.timeout
                )
                if not response.ok:
                    raise requests.HTTPError(f"HTTP {response.status_code}")
                translated = response.json()["translatedText"]
            except Exception as error:  # noqa: BLE001 - classified below, never swallowed
                raise classify(error, capture, self.timeout) from None
        if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
            raise MalformedResponse("The provider returned no translation.")
        return translated


class MicrosoftTranslator(DeepTranslatorProvider):
    """Azure AI Translator. OPTIONS: API_KEY_ENV, REGION_ENV, URL (alternative endpoint)."""

    display_name = "Microsoft Translator"
    max_chars = 10_000
    required_environment = ("API_KEY_ENV",)

    def make_client(self, source: str, target: str):
        client = _MicrosoftWithoutLookup(
            source=source,
            target=target,
            api_key=self.secret("API_KEY_ENV"),
            region=self.env("REGION_ENV") or None,
        )
        if self.options.get("URL"):
            client._base_url = self.options["URL"]
        return client
