"""The contract every machine-translation provider fulfils."""

from __future__ import annotations

import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.checks import CheckMessage, Error
from django.utils.translation import gettext_lazy as _

from exchange_site.core.languages import LANGUAGE_CODES

from ..errors import TranslationError

#: What a provider translates unless its OPTIONS narrow it: every language of the exchange.
LANGUAGES = frozenset(LANGUAGE_CODES)


@dataclass(frozen=True)
class PageContext:
    """What a provider may know about the text it translates, beyond the segments.

    Set by ``machine.SegmentTranslator`` around each call; providers that can
    use context (an LLM's system prompt) read it with ``current_context()``,
    the others ignore it. A context variable rather than an argument, so the
    one-round-trip contract (``translate_batch``) stays the same for all.
    """

    title: str = ""
    terms: tuple[tuple[str, str], ...] = ()  # glossary (source term, required rendering)


_page_context: ContextVar[PageContext] = ContextVar("translation_page_context")


def current_context() -> PageContext:
    return _page_context.get(PageContext())


@contextmanager
def page_context(context: PageContext) -> Iterator[None]:
    token = _page_context.set(context)
    try:
        yield
    finally:
        _page_context.reset(token)


class MachineTranslator(ABC):
    """One provider. Subclasses implement ``translate_batch``: one round trip, no retries.

    Timeouts, retries, chunking and batching are the pipeline's job
    (``resilience.translate_texts``), driven by these attributes:

    - ``max_chars``: the longest text (or batch) one request may carry;
    - ``batch_size``: how many texts one request may carry;
    - ``max_concurrent_requests`` (OPTIONS ``MAX_CONCURRENT_REQUESTS``, default
      4): how many of its requests may be in flight at once, over every page,
      language and thread of this process (``in_flight`` is the semaphore that
      bounds them; one instance per provider, see ``providers._load``).

    ``answering()`` tells whether its last round trip, less than
    ``ANSWERING_FOR_SECONDS`` ago, succeeded: then a page's requests need no
    probe first (``resilience.run_after_first``).
    """

    #: How long one successful answer vouches for a provider (see ``answering``).
    ANSWERING_FOR_SECONDS = 30.0

    display_name = "Machine translation"
    max_chars = 5000
    batch_size = 1
    max_concurrent_requests = 4
    external = True  # sends text off this machine
    real_translation = True  # False: placeholder text (pseudo), never reused for a real provider
    #: OPTIONS naming environment variables the provider cannot work without (``*_ENV``).
    required_environment: tuple[str, ...] = ()

    def __init__(self, name: str, options: dict) -> None:
        self.name = name
        self.options = options
        self.timeout = float(options.get("TIMEOUT", 10))
        self.max_retries = int(options.get("RETRIES", 3))
        self.backoff = float(options.get("BACKOFF", 0.5))
        self.max_chars = int(options.get("MAX_CHARS", self.max_chars))
        self.max_concurrent_requests = max(
            1, int(options.get("MAX_CONCURRENT_REQUESTS", self.max_concurrent_requests))
        )
        self.in_flight = threading.BoundedSemaphore(self.max_concurrent_requests)
        self.languages = frozenset(options.get("LANGUAGES", LANGUAGES))
        self._answered_at: float | None = None  # monotonic time of the last success; None: failed

    def note_round_trip(self, succeeded: bool) -> None:
        """Recorded by ``resilience.call_with_retries`` after every request."""
        self._answered_at = time.monotonic() if succeeded else None

    def answering(self) -> bool:
        """Whether the provider answered its last request, recently."""
        answered_at = self._answered_at
        return answered_at is not None and (
            time.monotonic() - answered_at < self.ANSWERING_FOR_SECONDS
        )

    def env(self, option: str, default: str = "") -> str:
        """The value of the environment variable an option names (never the value itself)."""
        variable = self.options.get(option)
        return os.environ.get(variable, default) if variable else default

    def secret(self, option: str) -> str:
        value = self.env(option)
        if not value:
            raise TranslationError(
                f"{self.display_name} needs the environment variable "
                f"{self.options.get(option, option)} to be set."
            )
        return value

    @classmethod
    def needed_environment(cls, options: dict) -> tuple[str, ...]:
        """The ``*_ENV`` options whose variables must be set for these OPTIONS.

        Read by the start-up check (``checks``), which warns when a provider
        in use would fail every job for want of one.
        """
        return cls.required_environment

    @classmethod
    def check_configuration(cls, name: str, options: dict) -> list[CheckMessage]:
        """Start-up check messages (``django.core.checks``) about these OPTIONS.

        Every provider: ``MAX_CONCURRENT_REQUESTS`` must be a whole number of at
        least 1 (``translation.E021``); subclasses add their own.
        """
        return whole_number_errors(name, options, ("MAX_CONCURRENT_REQUESTS",))

    def can_translate(self, source: str, target: str) -> bool:
        return source != target and source in self.languages and target in self.languages

    @abstractmethod
    def translate_batch(self, source: str, target: str, texts: list[str]) -> list[str]:
        """Translate ``texts`` (at most ``batch_size``, within ``max_chars``) in one request."""


def whole_number_errors(name: str, options: dict, names: tuple[str, ...]) -> list[CheckMessage]:
    """``translation.E021`` for each of ``names`` given in OPTIONS but not a whole number ≥ 1."""
    messages: list[CheckMessage] = []
    for option in names:
        value = options.get(option, 1)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            messages.append(
                Error(
                    _(
                        "OPTIONS[“%(option)s”] of translation provider “%(provider)s” must be "
                        "a whole number of at least 1."
                    )
                    % {"option": option, "provider": name},
                    id="translation.E021",
                )
            )
    return messages
