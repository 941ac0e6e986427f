"""Getting texts through a provider: chunking, batching, retries with backoff.

Providers implement a single round trip; this module decides what each round
trip carries and what to do when it fails:

- texts longer than the provider's limit are cut at sentence ends (else at
  spaces) outside inline markup, translated piece by piece and joined again;
- short texts are grouped into batches up to the provider's batch size and
  character limit (DeepL: 50 texts per request, LibreTranslate 25; the other
  deep-translator clients: one);
- batches are sent concurrently, at most the provider's
  ``max_concurrent_requests`` in flight over the whole process
  (``MachineTranslator.in_flight``). Unless the provider answered its last
  request (``MachineTranslator.answering``: in a bulk run, every page after
  the first), the first batch goes alone as a probe, so a provider that is
  down or failing gets exactly the requests it got when batches went one by
  one; when a later batch fails, no new batch starts and the earliest
  failure is raised;
- every request runs inside ``http.provider_http``: one deadline for connect
  and the whole body (the provider's ``TIMEOUT``), never past the job's
  deadline (``MACHINE_TRANSLATION["JOB_DEADLINE"]``), a size limit relative
  to what was sent, no redirects;
- timeouts, connection errors, 429 and 5xx are retried with exponential
  backoff (a 429's Retry-After wins when it is longer, capped at
  ``MAX_RETRY_AFTER``), up to the provider's ``max_retries``; quota,
  malformed answers and unsupported pairs are not. A wait that would end
  after the job's deadline is not started: the job fails at once;
- every answer is checked: one non-empty string per text sent; ``check_answer``
  removes invisible bidi and zero-width controls and flags untranslated text.
"""

from __future__ import annotations

import contextvars
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TypeVar

from .errors import (
    DeadlineExceeded,
    MalformedResponse,
    RateLimited,
    SegmentTooLong,
    TranslationError,
)
from .http import provider_http
from .placeholders import open_pairs, without_placeholders
from .providers import provider_settings
from .providers.base import MachineTranslator

T = TypeVar("T")
_BREAKS = (re.compile(r"(?<=[.!?…;:])\s+"), re.compile(r"\s+"))
# Bidi embeddings, overrides and isolates, zero-width characters and the BOM:
# invisible, and able to make a page read differently from what it says.
_INVISIBLE_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_WORD = re.compile(r"[^\W\d_]{3,}")
LIMIT_DEFAULTS = {
    "JOB_DEADLINE": 300.0,
    "MAX_RETRY_AFTER": 60.0,
    "ANSWER_SIZE_FACTOR": 20.0,
    "ANSWER_SIZE_MINIMUM": 64 * 1024,
}


def limit(name: str) -> float:
    """A fault bound from ``settings.MACHINE_TRANSLATION`` (see ``LIMIT_DEFAULTS``)."""
    return float(provider_settings().get(name, LIMIT_DEFAULTS[name]))


@dataclass
class TransferStats:
    """What one job cost: requests, characters billed, retries; and when it must end.

    Concurrent batches count through ``add`` (a lock: ``+=`` is not atomic).
    """

    requests: int = 0
    characters: int = 0
    retries: int = 0
    time_limit: float = field(default_factory=lambda: limit("JOB_DEADLINE"))
    started: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, requests: int = 0, characters: int = 0, retries: int = 0) -> None:
        with self._lock:
            self.requests += requests
            self.characters += characters
            self.retries += retries

    def part(self) -> TransferStats:
        """Counters of their own for part of the job (one language), with the job's deadline."""
        return TransferStats(time_limit=self.time_limit, started=self.started)

    def merge(self, part: TransferStats) -> None:
        self.add(part.requests, part.characters, part.retries)

    @property
    def deadline(self) -> float:
        return self.started + self.time_limit

    def out_of_time(self, last_error: TranslationError | None = None) -> DeadlineExceeded:
        reason = f" (last error: {last_error})" if last_error else ""
        return DeadlineExceeded(
            f"The job's time limit of {self.time_limit:g} seconds was reached before "
            f"everything was translated{reason}."
        )


@dataclass
class CheckedAnswer:
    text: str
    warnings: list[str]
    untranslated: bool


def check_answer(sent: str, answer: str) -> CheckedAnswer:
    """A provider's answer without invisible controls it added, and whether it is untranslated.

    An answer identical to a source with at least two words (outside
    placeholders: glossary names and addresses are already hidden) is not a
    translation; providers such as LibreTranslate echo what they cannot
    translate.
    """
    warnings = []
    added = {char for char in _INVISIBLE_CONTROLS.findall(answer) if char not in sent}
    if added:
        answer = "".join(char for char in answer if char not in added)
        warnings.append(
            "Invisible direction or zero-width characters from the provider were removed: "
            + ", ".join(f"U+{ord(char):04X}" for char in sorted(added))
            + "."
        )
    words = _WORD.findall(without_placeholders(sent, " "))
    untranslated = len(words) >= 2 and answer.strip() == sent.strip()
    if untranslated:
        excerpt = without_placeholders(sent, "…")[:60]
        warnings.append(f"The provider returned “{excerpt}” untranslated.")
    return CheckedAnswer(answer, warnings, untranslated)


def _depth_zero_cuts(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    cuts = []
    for match in pattern.finditer(text):
        if open_pairs(text[: match.start()]) == 0 and match.start() > 0:
            cuts.append((match.start(), match.end()))
    return cuts


def split_for_limit(text: str, limit: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters; separators are kept.

    Returns alternating [piece, separator, piece, …]. Raises SegmentTooLong
    when no cut outside inline markup can bring a piece under the limit.
    """
    if len(text) <= limit:
        return [text]
    for pattern in _BREAKS:
        cuts = _depth_zero_cuts(text, pattern)
        pieces: list[str] = []
        chunk_start = 0
        while len(text) - chunk_start > limit:
            fitting = [cut for cut in cuts if chunk_start < cut[0] <= chunk_start + limit]
            if not fitting:
                break
            cut_start, cut_end = fitting[-1]
            pieces += [text[chunk_start:cut_start], text[cut_start:cut_end]]
            chunk_start = cut_end
        else:
            return [*pieces, text[chunk_start:]]
    raise SegmentTooLong(
        f"A passage of {len(text)} characters cannot be cut under the provider's "
        f"limit of {limit} characters."
    )


def call_with_retries(
    call: Callable[[], list[str]],
    provider: MachineTranslator,
    stats: TransferStats,
    sleep: Callable[[float], None] = time.sleep,
) -> list[str]:
    """``call()`` within the request and job bounds, retried as the module docstring says."""
    attempt = 0
    last_error: TranslationError | None = None
    while True:
        if time.monotonic() >= stats.deadline:
            raise stats.out_of_time(last_error)
        if not provider.in_flight.acquire(timeout=max(0.0, stats.deadline - time.monotonic())):
            raise stats.out_of_time(last_error)
        try:
            stats.add(requests=1)
            with provider_http(
                provider.timeout,
                stats.deadline,
                limit("ANSWER_SIZE_FACTOR"),
                int(limit("ANSWER_SIZE_MINIMUM")),
            ):
                answer = call()
            provider.note_round_trip(succeeded=True)
            return answer
        except TranslationError as error:
            provider.note_round_trip(succeeded=False)
            if not error.retryable or attempt >= provider.max_retries:
                raise
            last_error = error
            delay = provider.backoff * (2**attempt)
            time_left = stats.deadline - time.monotonic()
            if isinstance(error, RateLimited) and error.retry_after:
                may_wait = min(limit("MAX_RETRY_AFTER"), time_left)
                if error.retry_after > may_wait:
                    # Asking again sooner than the provider said would only be refused.
                    error.args = (
                        f"{error} It asks us to wait {error.retry_after:g} seconds; a job waits "
                        f"at most {max(may_wait, 0):.0f} seconds here, so try again later.",
                    )
                    raise error
                delay = max(delay, error.retry_after)
            if delay >= time_left:
                raise stats.out_of_time(error) from None
            stats.add(retries=1)
            attempt += 1
        finally:
            provider.in_flight.release()
        sleep(delay)  # outside the semaphore: a waiting batch holds no request slot


def _batches(texts: list[str], provider: MachineTranslator) -> list[list[int]]:
    batches: list[list[int]] = []
    current: list[int] = []
    size = 0
    for index, text in enumerate(texts):
        if current and (
            len(current) >= provider.batch_size or size + len(text) > provider.max_chars
        ):
            batches.append(current)
            current, size = [], 0
        current.append(index)
        size += len(text)
    if current:
        batches.append(current)
    return batches


def translate_texts(
    provider: MachineTranslator,
    source: str,
    target: str,
    texts: list[str],
    stats: TransferStats,
    sleep: Callable[[float], None] = time.sleep,
) -> list[str]:
    """Translate ``texts`` through ``provider``; one result per text, in order."""
    pieces_per_text = [split_for_limit(text, provider.max_chars) for text in texts]
    outgoing = [piece for pieces in pieces_per_text for piece in pieces[::2]]
    translated: list[str] = [""] * len(outgoing)

    def send(batch: list[int]) -> None:
        batch_texts = [outgoing[index] for index in batch]

        def call() -> list[str]:
            return provider.translate_batch(source, target, batch_texts)

        results = call_with_retries(call, provider, stats, sleep)
        stats.add(characters=sum(len(text) for text in batch_texts))
        if len(results) != len(batch_texts):
            raise MalformedResponse(
                f"The provider returned {len(results)} translations for {len(batch_texts)} texts."
            )
        for index, original, result in zip(batch, batch_texts, results, strict=True):
            if original.strip() and not (result or "").strip():
                raise MalformedResponse("The provider returned an empty translation.")
            translated[index] = result

    run_after_first(
        send,
        _batches(outgoing, provider),
        provider.max_concurrent_requests,
        probe=not provider.answering(),
    )
    results_iter = iter(translated)
    joined = []
    for pieces in pieces_per_text:
        joined.append(
            "".join(
                next(results_iter) if position % 2 == 0 else piece
                for position, piece in enumerate(pieces)
            )
        )
    return joined


def run_after_first(
    work: Callable[[T], None], items: list[T], concurrency: int, probe: bool = True
) -> None:
    """``work(item)`` for every item, at most ``concurrency`` at once; with ``probe``, the first
    alone before the others.

    The probe tests the provider: if it fails, nothing else is sent, exactly
    as when items went one by one. When a later item fails, items
    not yet started are cancelled, those in flight finish, and the earliest
    failure (in item order) is raised. Each thread runs in a copy of the
    caller's context (``providers.base.page_context``). Threads only talk
    to the provider; database work stays with the caller.
    """
    if not items:
        return
    rest = items
    if probe:
        work(items[0])
        rest = items[1:]
    if not rest:
        return
    if concurrency <= 1 or len(rest) == 1:
        for item in rest:
            work(item)
        return
    with ThreadPoolExecutor(max_workers=min(concurrency, len(rest))) as pool:
        futures: list[Future] = [
            pool.submit(contextvars.copy_context().run, work, item) for item in rest
        ]
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        if pending and any(future.exception() for future in done):
            for future in pending:
                future.cancel()
            wait(pending)
    for future in futures:
        if not future.cancelled() and future.exception() is not None:
            raise future.exception()
