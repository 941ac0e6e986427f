"""A switch that stops publishing from queueing translation jobs, for the current context.

A module of its own because both ends need it: the pipeline and the review
screen publish inside it (their own writes must not translate again), and the
publish handler in ``signals`` reads it. Neither end may import the other.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

_paused: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "auto_translation_paused", default=False
)


@contextmanager
def auto_translation_paused() -> Iterator[None]:
    """Publishes inside this block queue no translation job.

    Used by the pipeline and the review view for their own writes (which must
    not translate again) and by bulk loads such as the demo content.
    """
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def auto_translation_is_paused() -> bool:
    """True inside ``auto_translation_paused`` (in this thread or task)."""
    return _paused.get()
