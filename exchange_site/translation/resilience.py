"""Getting texts through a provider: chunking, batching, retries with backoff.

Providers implement a single round trip; this module decides what each round
trip carries and what to do when it fails:

- texts longer than the provider's limit are cut at sentence ends (else at
  spaces) outside inline markup, translated piece by piece and joined again;
- short texts are grouped into batches up to the provider's batch size and
  character limit (DeepL: 50 texts per request; deep-translator: one);
- timeouts, connection errors, 429 and 5xx are retried with exponential
  backoff (a 429's Retry-After wins when it is longer), up to the provider's
  ``max_retries``; quota, malformed answers and unsupported pairs are not;
- every answer is checked: one non-empty string per text sent.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import MalformedResponse, RateLimited, SegmentTooLong, TranslationError
from .providers.base import MachineTranslator

_BREAKS = (re.compile(r"(?<=[.!?…;:])\s+"), re.compile(r"\s+"))
_PLACEHOLDER = re.compile(r"<(/?)g\d+>")
MAX_RETRY_AFTER = 60.0


@dataclass
class TransferStats:
    """What one job cost: requests, characters billed, retries."""

    requests: int = 0
    characters: int = 0
    retries: int = 0
    errors: list[str] = field(default_factory=list)


def _depth_zero_cuts(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    cuts = []
    for match in pattern.finditer(text):
        before = text[: match.start()]
        depth = sum(-1 if m.group(1) else 1 for m in _PLACEHOLDER.finditer(before))
        if depth == 0 and match.start() > 0:
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
    attempt = 0
    while True:
        try:
            stats.requests += 1
            return call()
        except TranslationError as error:
            if not error.retryable or attempt >= provider.max_retries:
                raise
            delay = provider.backoff * (2**attempt)
            if isinstance(error, RateLimited) and error.retry_after:
                delay = max(delay, min(error.retry_after, MAX_RETRY_AFTER))
            stats.retries += 1
            stats.errors.append(str(error))
            attempt += 1
            sleep(delay)


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
    for batch in _batches(outgoing, provider):
        batch_texts = [outgoing[index] for index in batch]

        def call(batch_texts: list[str] = batch_texts) -> list[str]:
            return provider.translate_batch(source, target, batch_texts)

        results = call_with_retries(call, provider, stats, sleep)
        stats.characters += sum(len(text) for text in batch_texts)
        if len(results) != len(batch_texts):
            raise MalformedResponse(
                f"The provider returned {len(results)} translations for {len(batch_texts)} texts."
            )
        for index, original, result in zip(batch, batch_texts, results, strict=True):
            if original.strip() and not (result or "").strip():
                raise MalformedResponse("The provider returned an empty translation.")
            translated[index] = result
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
