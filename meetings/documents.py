"""Documents attached to private pages are as private as the pages.

Wagtail protects documents by *collection*; our editors protect *pages*
(minutes restricted to logged-in partners, a password, a parent's
restriction). Rather than asking them to keep a collection in step with every
page, the ``before_serve_document`` hook finds the pages that use a document
(``MeetingAttachment`` rows and Wagtail's reference index, which also covers
documents linked from rich text and StreamFields) and serves it only to a
request that may see one of them. A document used by no page is left to
Wagtail's own collection privacy.

The download view wraps Wagtail's so that the response for a protected
document is marked ``Cache-Control: private`` (shared caches must not hand it
to the next visitor).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from wagtail.documents.views.serve import serve
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.wagtail_hooks import require_wagtail_login

from .models import MeetingAttachment

PROTECTED_MARK = "_exchange_protected_document"


def pages_using(document) -> list[Page]:
    """Pages that attach or link ``document``, as specific pages."""
    page_ids = set(
        MeetingAttachment.objects.filter(document=document).values_list("page_id", flat=True)
    )
    page_ids |= {
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    }
    return list(Page.objects.filter(pk__in=page_ids).specific())


def _refusals(page: Page, request: HttpRequest) -> list[PageViewRestriction] | None:
    """None if ``request`` may see ``page``; else the restrictions it fails (empty: a draft)."""
    if page.permissions_for_user(request.user).can_edit():
        return None
    if not page.live:
        return []
    failed = [r for r in page.get_view_restrictions() if not r.accept_request(request)]
    return failed or None


def check_page_privacy(document, request: HttpRequest) -> HttpResponse | None:
    """``before_serve_document`` hook: refuse a document if the reader sees none of its pages."""
    pages = pages_using(document)
    if not pages:
        return None
    refusals = {}
    for page in pages:
        failed = _refusals(page, request)
        if failed is None:
            if any(not p.live or p.get_view_restrictions().exists() for p in pages):
                setattr(request, PROTECTED_MARK, True)
            return None
        refusals[page] = failed
    response = _refusal_response(request, refusals)
    add_never_cache_headers(response)
    return response


def _refusal_response(request: HttpRequest, refusals: dict) -> HttpResponse:
    """Login for a login-only page, the page's password form for a password-protected one."""
    for page, failed in refusals.items():
        kinds = {restriction.restriction_type for restriction in failed}
        if PageViewRestriction.PASSWORD in kinds and len(kinds) == 1:
            return redirect(page.get_url(request))
    needs_login = any(
        restriction.restriction_type != PageViewRestriction.PASSWORD
        for failed in refusals.values()
        for restriction in failed
    )
    if needs_login and not request.user.is_authenticated:
        return require_wagtail_login(next=request.get_full_path())
    raise PermissionDenied


def serve_document(request: HttpRequest, document_id: int, document_filename: str):
    """Wagtail's document download; a page-protected document is not cacheable by shared caches."""
    response = serve(request, document_id, document_filename)
    if getattr(request, PROTECTED_MARK, False):
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    return response
