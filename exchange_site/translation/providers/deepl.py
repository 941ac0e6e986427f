"""DeepL through the official ``deepl`` package.

deep-translator's DeepL backend no longer works with DeepL's API, so this
provider uses DeepL's own client: real batching (up to 50 texts a request),
XML tag handling for our placeholders, and typed errors. Its built-in retries
are switched off so that the pipeline's retry policy is the only one.
"""

from __future__ import annotations

import deepl

from ..errors import (
    MalformedResponse,
    ProviderUnavailable,
    QuotaExceeded,
    RateLimited,
    TranslationError,
)
from .base import MachineTranslator

TARGET_CODES = {"en": "EN-GB", "da": "DA", "de": "DE", "fr": "FR"}


class DeepLTranslator(MachineTranslator):
    """OPTIONS: API_KEY_ENV (required), SERVER_URL_ENV or SERVER_URL (e.g. a local test server)."""

    display_name = "DeepL"
    batch_size = 50
    max_chars = 100_000
    markup_as_xml = True

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
        try:
            results = self._client().translate_text(
                texts,
                source_lang=source.upper(),
                target_lang=TARGET_CODES[target],
                tag_handling="xml",
            )
        except deepl.QuotaExceededException:
            raise QuotaExceeded("The DeepL quota is used up (HTTP 456).") from None
        except deepl.AuthorizationException:
            raise QuotaExceeded("DeepL refused the key (HTTP 403).") from None
        except deepl.TooManyRequestsException:
            raise RateLimited("DeepL is rate-limiting us (HTTP 429).") from None
        except deepl.ConnectionException:
            raise ProviderUnavailable(
                f"DeepL could not be reached or did not answer within {self.timeout:g} seconds."
            ) from None
        except deepl.DeepLException as error:
            status = getattr(error, "http_status_code", None)
            if status and status >= 500:
                raise ProviderUnavailable(f"DeepL failed (HTTP {status}).") from None
            raise MalformedResponse(f"DeepL rejected the request (HTTP {status}).") from None
        except (ValueError, KeyError, TypeError) as error:
            raise MalformedResponse(
                f"DeepL's answer could not be read ({type(error).__name__})."
            ) from None
        except Exception as error:  # noqa: BLE001 - reported as a provider failure
            raise TranslationError(f"DeepL failed unexpectedly ({type(error).__name__}).") from None
        if not isinstance(results, list):
            results = [results]
        return [result.text for result in results]
