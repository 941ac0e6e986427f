"""Timeouts and response capture for HTTP clients that offer neither.

deep-translator calls ``requests.get``/``requests.post`` without a timeout
and hides the response (and its ``Retry-After`` header) behind generic
exceptions. While a provider call runs inside ``provider_http(timeout)``,
every ``requests`` call made by this thread gets that timeout (unless the
client set one) and the last response is kept for error classification.
Calls outside the context are untouched.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import requests


@dataclass
class HttpCapture:
    timeout: float
    last_response: requests.Response | None = None
    requests_made: int = 0


_active: contextvars.ContextVar[HttpCapture | None] = contextvars.ContextVar(
    "translation_http", default=None
)
_original_request = requests.Session.request


def _request_with_policy(self, method, url, *args, **kwargs):
    capture = _active.get()
    if capture is None:
        return _original_request(self, method, url, *args, **kwargs)
    if kwargs.get("timeout") is None:
        kwargs["timeout"] = capture.timeout
    capture.requests_made += 1
    capture.last_response = None
    response = _original_request(self, method, url, *args, **kwargs)
    capture.last_response = response
    return response


requests.Session.request = _request_with_policy


@contextmanager
def provider_http(timeout: float) -> Iterator[HttpCapture]:
    """Apply ``timeout`` to every request made in this block and record the last response."""
    capture = HttpCapture(timeout=timeout)
    token = _active.set(capture)
    try:
        yield capture
    finally:
        _active.reset(token)


def retry_after_seconds(response: requests.Response | None) -> float | None:
    """The ``Retry-After`` delay of a response, when it gives one in seconds."""
    if response is None:
        return None
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
