"""Bounds on every HTTP request a provider client makes: time, size, destination.

deep-translator calls ``requests.get``/``requests.post`` without a timeout and
hides the response (and its ``Retry-After`` header) behind generic exceptions;
the ``deepl`` client sets a per-read timeout only. A ``requests`` timeout is
per socket read, so a server dripping one byte a second never trips it, and
``requests`` reads any body whole before the client parses it. While a
provider call runs inside ``provider_http(...)``, every request this thread
makes through ``requests.Session.send`` (both clients end there) is:

- bounded by one deadline for connect and the whole body (``timeout`` seconds,
  never past the job's ``deadline``), checked between reads, and each read may
  block only until that deadline;
- refused when its body is larger than ``max_answer_bytes(input size)``:
  declared (Content-Length) before reading, or while streaming it, so a flood
  never sits in memory;
- never redirected: a 3xx answer is an error, so text from another host
  cannot be published;
- recorded (the last response) for error classification.

Hooking ``Session.send`` keeps the real client code running; calls outside
the context are untouched. The deadline cannot cut into the reading of the
status line and headers (that happens inside urllib3); there each read is
bounded by the time left when the request started.

Some clients put the API key in the query string (deep-translator's
LibreTranslate and MyMemory do), and urllib3 logs request URLs at DEBUG
level; ``RedactSecrets`` masks such keys before any handler sees them.
"""

from __future__ import annotations

import contextvars
import datetime
import email.utils
import logging
import math
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import requests
import urllib3

from .errors import AnswerTooLarge, ProviderRedirected

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
    """The bounds for the requests of one provider call, and what they returned."""

    timeout: float
    deadline: float = math.inf  # time.monotonic() by which the whole job must end
    answer_factor: float = 20.0
    answer_minimum: int = 64 * 1024
    last_response: requests.Response | None = None
    requests_made: int = 0

    def max_answer_bytes(self, request: requests.PreparedRequest) -> int:
        """The largest body accepted for ``request``: a multiple of what was sent."""
        body = request.body or b""
        sent = len(request.url or "") + len(body.encode() if isinstance(body, str) else body)
        return max(self.answer_minimum, int(self.answer_factor * sent))


_active: contextvars.ContextVar[HttpCapture | None] = contextvars.ContextVar(
    "translation_http", default=None
)
_original_send = requests.Session.send
_READ_SIZE = 64 * 1024


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The socket the body is read from, to bound each read by the time left.

    urllib3 keeps it on the connection, unless http.client already handed it
    to the response (a "Connection: close" answer); None if neither has it,
    and then each read is bounded by the time left when the request began.
    """
    connection = getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None:
        reader = getattr(getattr(response.raw, "_fp", None), "fp", None)
        sock = getattr(getattr(reader, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _read_body(response: requests.Response, deadline: float, limit: int) -> bytes:
    """The whole body, read before ``deadline`` and at most ``limit`` bytes, or an error."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise AnswerTooLarge(
            f"The provider's answer ({int(declared):,} bytes) is larger than the "
            f"{limit:,} bytes accepted for this request."
        )
    body = bytearray()
    sock = _socket_of(response)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise requests.ReadTimeout("the answer did not arrive before the deadline")
        if sock is not None:
            try:
                sock.settimeout(left)
            except OSError:  # http.client closed it: the body is complete
                sock = None
        try:
            chunk = response.raw.read1(_READ_SIZE, decode_content=True)
        except (urllib3.exceptions.ReadTimeoutError, TimeoutError) as error:
            raise requests.ReadTimeout(str(error)) from None
        except urllib3.exceptions.ProtocolError as error:
            raise requests.ConnectionError(str(error)) from None
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > limit:
            raise AnswerTooLarge(
                f"The provider's answer is larger than the {limit:,} bytes accepted "
                "for this request."
            )


def _send_with_policy(self, request, **kwargs):
    capture = _active.get()
    if capture is None:
        return _original_send(self, request, **kwargs)
    deadline = min(time.monotonic() + capture.timeout, capture.deadline)
    left = deadline - time.monotonic()
    if left <= 0:
        raise requests.ConnectTimeout("no time left before the deadline")
    kwargs |= {"timeout": (left, left), "stream": True, "allow_redirects": False}
    capture.requests_made += 1
    capture.last_response = None
    response = _original_send(self, request, **kwargs)
    try:
        if response.is_redirect:
            raise ProviderRedirected(
                f"The provider answered with a redirect (HTTP {response.status_code}) "
                "instead of a translation; redirects are not followed."
            )
        response._content = _read_body(response, deadline, capture.max_answer_bytes(request))
    except BaseException:
        response.close()  # drops the connection: the rest of the body is never read
        raise
    response._content_consumed = True
    response.raw.release_conn()
    capture.last_response = response
    return response


requests.Session.send = _send_with_policy


@contextmanager
def provider_http(
    timeout: float,
    deadline: float = math.inf,
    answer_factor: float = 20.0,
    answer_minimum: int = 64 * 1024,
) -> Iterator[HttpCapture]:
    """Bound every request made in this block (see the module docstring).

    Nested blocks share the outermost capture: the pipeline opens one with the
    job's deadline around each provider call, and providers open their own so
    they can also be called directly.
    """
    outer = _active.get()
    if outer is not None:
        yield outer
        return
    capture = HttpCapture(timeout, deadline, answer_factor, answer_minimum)
    token = _active.set(capture)
    try:
        yield capture
    finally:
        _active.reset(token)


def retry_after_seconds(response: requests.Response | None) -> float | None:
    """The ``Retry-After`` delay of a response, in seconds or as an HTTP date."""
    if response is None:
        return None
    value = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())
