"""gzip for HTML, limited to responses that carry no secret (BREACH).

BREACH guesses a secret in a compressed response byte by byte from its size,
with attacker-chosen text reflected into the same response (a search query,
say). So a response is compressed only when the request carries no session
(no logged-in reader, no entered page password: such a reader may see private
text) and the response holds no CSRF token. What remains is what any
anonymous visitor sees anyway. Static files are compressed ahead of time by
WhiteNoise and never pass through here.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

from exchange_site.core.privacy import carries_session


class AnonymousGZipMiddleware(GZipMiddleware):
    """Django's ``GZipMiddleware`` for anonymous GET/HEAD responses without a CSRF token."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            request.method not in ("GET", "HEAD")
            or carries_session(request)
            # CsrfViewMiddleware (re)sets its cookie whenever the page used the token.
            or settings.CSRF_COOKIE_NAME in response.cookies
        ):
            return response
        return super().process_response(request, response)
