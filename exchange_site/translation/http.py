"""Timeouts and response capture for HTTP clients that offer neither.

deep-translator calls ``requests.get``/``requests.post`` without a timeout
and hides the response (and its ``Retry-After`` header) behind generic
exceptions. While a provider call runs inside ``provider_http(timeout)``,
every ``requests`` call made by this thread gets that timeout (unless the
client set one) and the last response is kept for error classification.
Calls outside the context are untouched.

Some clients put the API key in the query string (deep-translator's
LibreTranslate and MyMemory do), and urllib3 logs request URLs at DEBUG
level; ``RedactSecrets`` masks such keys before any handler sees them.
"""

from __future__ import annotations

import contextvars
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import requests

SECRET_PARAMETER = re.compile(
    r"((?:api_?key|auth_key|key|subscription-key|token)=)[^&\s\"']+", re.IGNORECASE
)


class RedactSecrets(logging.Filter):
    """Replace API keys in logged URLs with ``[redacted]``; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = SECRET_PARAMETER.sub(r"\1[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def redact_secrets_in_http_logs() -> None:
    """Install ``RedactSecrets`` on the loggers that print request URLs."""
    for name in ("urllib3.connectionpool", "requests", "deepl"):
        logging.getLogger(name).addFilter(RedactSecrets())


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
