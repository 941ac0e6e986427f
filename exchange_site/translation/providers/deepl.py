"""DeepL through the official ``deepl`` package.

deep-translator's DeepL backend no longer works with DeepL's API, so this
provider uses DeepL's own client: real batching (up to 50 texts a request),
XML tag handling for our placeholders, and typed errors. Its built-in retries
are switched off so that the pipeline's retry policy is the only one; its
requests run inside ``..http.provider_http`` like every provider's (whole-body
deadline, size limit, no redirects), which also gives us a 429's Retry-After.
"""

from __future__ import annotations

import deepl

from exchange_site.core.languages import LANGUAGE_TABLE

from ..errors import (
    MalformedResponse,
    ProviderUnavailable,
    QuotaExceeded,
    RateLimited,
    TranslationError,
)
from ..http import provider_http, retry_after_seconds
from .base import MachineTranslator

SOURCE_CODES = {language.code: language.deepl_source for language in LANGUAGE_TABLE}
# DeepL wants a regional variant of some target languages (English: EN-GB).
TARGET_CODES = {language.code: language.deepl_target for language in LANGUAGE_TABLE}


class DeepLTranslator(MachineTranslator):
    """OPTIONS: API_KEY_ENV (required), SERVER_URL_ENV or SERVER_URL (e.g. a local test server)."""

    display_name = "DeepL"
    batch_size = 50
    max_chars = 100_000
    required_environment = ("API_KEY_ENV",)

    def _client(self) -> deepl.Translator:
        deepl.http_client.max_network_retries = 0
        deepl.http_client.min_connection_timeout = self.timeout
        server_url = self.env("SERVER_URL_ENV", self.options.get("SERVER_URL", "")) or None
        return deepl.Translator(
            self.secret("API_KEY_ENV"),
            server_url=server_url,
            send_platform_info=False,
            skip_language_check=True,
        )

    def translate_batch(self, source: str, target: str, texts: list[str]) -> list[str]:
        with provider_http(self.timeout) as capture:
            try:
                results = self._client().translate_text(
                    texts,
                    source_lang=SOURCE_CODES[source],
                    target_lang=TARGET_CODES[target],
                    tag_handling="xml",
                )
            except deepl.TooManyRequestsException:
                raise RateLimited(
                    "DeepL is rate-limiting us (HTTP 429).",
                    retry_after_seconds(capture.last_response),
                ) from None
            except Exception as error:  # noqa: BLE001 - classified below
                raise _classify(error, self.timeout) from None
        if not isinstance(results, list):
            results = [results]
        return [result.text for result in results]


def _classify(error: Exception, timeout: float) -> TranslationError:
    """What deepl raised, as one of our errors (messages from status codes only)."""
    if isinstance(error.__cause__, TranslationError):
        return error.__cause__  # a bound of ..http (answer too large, redirect); deepl wraps it
    if isinstance(error, deepl.QuotaExceededException):
        return QuotaExceeded("The DeepL quota is used up (HTTP 456).")
    if isinstance(error, deepl.AuthorizationException):
        return QuotaExceeded("DeepL refused the key (HTTP 403).")
    if isinstance(error, deepl.ConnectionException):
        return ProviderUnavailable(
            f"DeepL could not be reached or did not answer within {timeout:g} seconds."
        )
    if isinstance(error, deepl.DeepLException):
        status = getattr(error, "http_status_code", None)
        if status and status >= 500:
            return ProviderUnavailable(f"DeepL failed (HTTP {status}).")
        return MalformedResponse(f"DeepL rejected the request (HTTP {status}).")
    if isinstance(error, (ValueError, KeyError, TypeError)):
        return MalformedResponse(f"DeepL's answer could not be read ({type(error).__name__}).")
    return TranslationError(f"DeepL failed unexpectedly ({type(error).__name__}).")
