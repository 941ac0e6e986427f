"""The review screen for a translated snippet (a topic, a goal): the pages' screen and rules."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from wagtail.admin.admin_url_finder import AdminURLFinder

from exchange_site.core.registry import translatable_snippet_models

from .permissions import can_review
from .snippets import SnippetReview
from .views import review_screen


def review_snippet(request, app_label: str, model_name: str, pk: int, language: str):
    """Open to whoever may review the language and change snippets of that type, as the page
    screen is to reviewers who may edit the page."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if model not in translatable_snippet_models():
        raise Http404
    if not request.user.has_perm(f"{app_label}.change_{model_name}"):
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES) or not can_review(request.user, language):
        raise PermissionDenied
    snippet = get_object_or_404(model, pk=pk)
    return review_screen(
        request,
        SnippetReview(snippet, language),
        language,
        title=str(snippet),
        here=reverse("translation_review_snippet", args=[app_label, model_name, pk, language]),
        context={
            "snippet": snippet,
            "snippet_edit_url": AdminURLFinder(request.user).get_edit_url(snippet),
        },
    )
