"""One family of errors for everything that can go wrong while translating.

Messages are written for editors (they are shown in the admin) and never
contain an API key: providers build them from status codes, not from the
third-party exception text.
"""

from __future__ import annotations


class TranslationError(Exception):
    """Base class: anything the pipeline catches and reports on the job."""

    retryable = False

    def in_context(self, context: str) -> TranslationError:
        """Prefix the message with where it happened (provider, languages); keeps the type."""
        self.args = (f"{context}: {self}",)
        return self


class ProviderUnavailable(TranslationError):
    """Network failure, timeout or 5xx: worth trying again later."""

    retryable = True


class RateLimited(ProviderUnavailable):
    """HTTP 429: the provider asks us to slow down (``retry_after`` seconds, if it said)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QuotaExceeded(TranslationError):
    """403/456: key refused or quota used up; retrying now will not help."""


class UnsupportedLanguagePair(TranslationError):
    """The provider cannot translate between these two languages."""


class MalformedResponse(TranslationError):
    """The provider answered, but not with what its protocol promises."""


class AnswerTooLarge(MalformedResponse):
    """The provider's answer is far larger than a translation of what was sent; never read."""


class ProviderRedirected(MalformedResponse):
    """The provider redirected the request; its target is not trusted with our text."""


class DeadlineExceeded(TranslationError):
    """The job's time limit is used up (or a requested wait would pass it)."""


class MarkupMismatch(TranslationError):
    """A translation's inline markup does not match its source; it is rejected, not stored."""


class SegmentTooLong(TranslationError):
    """A piece of text cannot be cut under the provider's length limit."""


class SourceChanged(TranslationError):
    """The page's source text changed while the job ran; its results were discarded."""


class PrivatePageRefused(TranslationError):
    """A private page may not be sent to an external provider (its settings do not allow it)."""
