"""Content-Security-Policy with one documented relaxation for Wagtail's admin."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

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
