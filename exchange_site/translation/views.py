"""Admin views: translation jobs (with errors and retry) and a page's translation status."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page

from .fields import translatable_fields
from .forms import TranslateForm
from .jobs import enqueue_translation, retry_job
from .models import TranslationJob, TranslationStatus


def _editable_page(request, page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def job_index(request):
    """All jobs, newest first, filterable by status; failures show their reason."""
    jobs = TranslationJob.objects.select_related("page", "requested_by")
    status = request.GET.get("status", "")
    if status in TranslationJob.Status.values:
        jobs = jobs.filter(status=status)
    page_obj = Paginator(jobs, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "translation/job_index.html",
        {
            "page_obj": page_obj,
            "status": status,
            "statuses": TranslationJob.Status.choices,
            "header_title": _("Translation jobs"),
        },
    )


@require_POST
def job_retry(request, job_id: int):
    job = get_object_or_404(TranslationJob, pk=job_id)
    _editable_page(request, job.page_id)
    if not job.can_retry:
        messages.error(request, _("Only failed or discarded jobs can be retried."))
    else:
        new_job = retry_job(job, requested_by=request.user)
        messages.success(request, _("Job %(id)s queued again.") % {"id": new_job.pk})
    return redirect(request.POST.get("next") or reverse("translation_jobs"))


def page_translations(request, page_id: int):
    """Status per field × language for one page, its jobs, and a form to translate now."""
    page = _editable_page(request, page_id)
    source = page.source_language
    form = TranslateForm(request.POST or None, source_language=source)
    if request.method == "POST" and form.is_valid():
        job = enqueue_translation(
            page,
            form.cleaned_data["languages"],
            form.cleaned_data["provider"],
            requested_by=request.user,
        )
        messages.success(request, _("Translation job %(id)s queued.") % {"id": job.pk})
        return redirect("translation_page", page_id=page.pk)
    latest = page.get_latest_revision_as_object()
    fields = [item for item in translatable_fields(latest, source) if item.units]
    statuses = {
        (status.field, status.language): status
        for status in TranslationStatus.objects.filter(page=page).select_related("reviewed_by")
    }
    languages = [(code, name) for code, name in settings.LANGUAGES if code != source]
    rows = [
        {
            "key": item.key,
            "cells": [
                statuses.get((item.key, code))
                or {"state": "missing", "get_state_display": _("Missing")}
                for code, _name in languages
            ],
        }
        for item in fields
    ]
    return TemplateResponse(
        request,
        "translation/page_translations.html",
        {
            "page": page,
            "form": form,
            "rows": rows,
            "languages": languages,
            "jobs": page.translation_jobs.all()[:20],
            "header_title": _("Translations of “%(title)s”")
            % {"title": page.get_admin_display_title()},
        },
    )
