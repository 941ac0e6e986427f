"""Response headers: Content-Security-Policy (relaxed under /admin/ only) and private answers."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

from exchange_site.core.privacy import carries_session

ADMIN_PREFIX = "/admin/"
# Wagtail 8's admin widgets initialise themselves with inline scripts
# (``<script>new PageChooser(…)</script>``, ``initDateTimeChooser(…)``), its
# chooser modals insert more through jQuery, and its bundled libraries insert
# ``<style>`` elements — none of them can be given a nonce. Blocked, they break
# the choosers, scheduling and wagtail-modeltranslation's language picker
# (seen in Chromium, tests/test_csp_browser.py). So under /admin/ only, scripts
# and styles may be inline — with no nonce, which would make browsers ignore
# 'unsafe-inline'. Images, connections, frames, objects and form targets stay
# as strict as on reader pages.
ADMIN_CSP_REPLACE = {"script-src": [SELF, UNSAFE_INLINE], "style-src": [SELF, UNSAFE_INLINE]}


class ExchangeCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``ADMIN_CSP_REPLACE`` applied under /admin/."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**ADMIN_CSP_REPLACE, **(parts.replace or {})}
            parts.nonce = None
        return parts


class SessionAnswersArePrivateMiddleware:
    """``Cache-Control: private`` on every answer to a request that carries a session.

    A logged-in member's lists, feeds, calendars and search include pages under
    login and group restrictions; ``Vary: Cookie`` alone leaves it to every
    shared cache (a proxy, a CDN) to key on the cookie. ``private`` forbids them
    to keep the answer at all. Wagtail marks a restricted page itself as never
    cached; this covers every other answer such a reader gets. Anonymous
    answers without a session are left cacheable, as the whole-page cache and
    gzip treat them (``exchange_site.seo.compression``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if carries_session(request) or settings.SESSION_COOKIE_NAME in response.cookies:
            patch_cache_control(response, private=True)
        return response
