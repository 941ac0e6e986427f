"""Content-Security-Policy with one documented relaxation for Wagtail's admin."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"
# Wagtail 8's admin sets inline style attributes from its own scripts and
# templates (Draftail's toolbar, the sidebar, progress bars), which a strict
# style-src reports as violations; its scripts are all static files. So the
# admin only gets inline *styles*, and reader pages get nothing extra.
ADMIN_CSP_UPDATE = {"style-src": [UNSAFE_INLINE]}


class ExchangeCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``ADMIN_CSP_UPDATE`` added under /admin/."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**ADMIN_CSP_UPDATE, **(parts.update or {})}
        return parts
