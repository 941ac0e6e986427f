"""Admin views: translation jobs (with errors and retry) and a page's translation status."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page

from exchange_site.core.admin_titles import pages_named_for_admin, with_admin_titles
from exchange_site.core.permissions import editable_pages, owned_by
from exchange_site.core.registry import exchange_page_models, library_model

from .budget import BudgetExceeded, monthly_report
from .errors import SourceChanged, TranslationError
from .fields import translatable_fields
from .forms import ReviewQueueFilterForm, TranslateForm
from .jobs import fail_abandoned_jobs
from .models import TranslationJob, TranslationSettings, TranslationStatus
from .permissions import can_review, reviewable_languages
from .providers import configured_provider_names
from .review import PageReview
from .snippets import waiting_snippets
from .tasks import enqueue_translation, retry_job

State = TranslationStatus.State
ACTIVE_JOB_STATES = (TranslationJob.Status.QUEUED, TranslationJob.Status.RUNNING)


def _editable_page(request, page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def safe_next_url(request, fallback: str) -> str:
    """The ``next`` the form posted if it points at this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else fallback


def job_index(request):
    """Jobs of the pages this user may edit, newest first, filterable by status.

    Jobs whose worker died are failed first, so they show their reason and a Retry.
    """
    fail_abandoned_jobs()
    jobs = TranslationJob.objects.filter(page__in=editable_pages(request.user)).select_related(
        "page", "requested_by"
    )
    status = request.GET.get("status", "")
    if status in TranslationJob.Status.values:
        jobs = jobs.filter(status=status)
    page_obj = Paginator(jobs, 50).get_page(request.GET.get("p"))
    pages = pages_named_for_admin(job.page_id for job in page_obj)
    for job in page_obj:
        job.page = pages[job.page_id]
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


def usage_report(request):
    """Characters sent per provider and month, against this month's budgets (from the jobs)."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "translation/usage_report.html",
        {
            "months": monthly_report(),
            "header_title": _("Machine translation usage"),
            "can_edit_budgets": request.user.has_perm("translation.change_translationsettings"),
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
    return redirect(safe_next_url(request, reverse("translation_jobs")))


RECENT_JOB = timedelta(minutes=10)  # the edit page shows a job this long after it ends


def _job_summary(job: TranslationJob, user, waiting: set[tuple[int, str]]) -> dict:
    """One job as the live views show it; review links only for languages with drafts waiting
    that this user reviews."""
    names = dict(settings.LANGUAGES)
    succeeded = job.status == TranslationJob.Status.SUCCEEDED
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "active": job.status in ACTIVE_JOB_STATES,
        "progress_percent": job.progress_percent,
        "languages": [
            {
                "code": code,
                "name": str(names.get(code, code)),
                "review_url": reverse("translation_review", args=[job.page_id, code])
                if succeeded and (job.page_id, code) in waiting and can_review(user, code)
                else "",
            }
            for code in job.target_languages
        ],
        "error": job.error,
        "retry_url": reverse("translation_job_retry", args=[job.pk]) if job.can_retry else "",
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


def _live_jobs_context(request, page: Page) -> dict:
    fail_abandoned_jobs()
    jobs = list(page.translation_jobs.all()[:20])
    for job in jobs:
        job.page = page  # named like everywhere in the admin, without a query per job
    waiting = set(
        TranslationStatus.objects.filter(
            page=page, state__in=TranslationStatus.WAITING_STATES
        ).values_list("page_id", "language")
    )
    summaries = [_job_summary(job, request.user, waiting) for job in jobs[:3]]
    newest = jobs[0] if jobs else None
    return {
        "page": page,
        "next_url": reverse("translation_page", args=[page.pk]),
        "jobs": jobs,
        "summaries": summaries,
        "active": any(summary["active"] for summary in summaries),
        "recent": bool(newest)
        and (newest.finished_at or newest.created_at) > timezone.now() - RECENT_JOB,
    }


def page_jobs_json(request, page_id: int) -> JsonResponse:
    """The page's latest jobs for the live views (``static/translation/jobs.js``), which poll
    it while a job is queued or running. Only for people who may edit the page."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        return JsonResponse({"error": "forbidden"}, status=403)
    context = _live_jobs_context(request, page) | {"with_table": request.GET.get("table") == "1"}
    html = render_to_string("translation/includes/live_jobs.html", context, request=request)
    return JsonResponse(
        {
            "page": page.pk,
            "active": context["active"],
            "recent": context["recent"],
            "jobs": context["summaries"],
            "html": html,
        }
    )


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
    fail_abandoned_jobs()
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
            "label": item.label,
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
            **_live_jobs_context(request, page),
            "header_title": _("Translations of “%(title)s”")
            % {"title": page.get_admin_display_title()},
        },
    )


def review_queue(request):
    """Page × language items waiting for review, for the languages this user reviews.

    Only pages the user may edit are listed: reviewing saves the page.
    """
    languages = reviewable_languages(request.user)
    if not languages:
        raise PermissionDenied
    waiting = TranslationStatus.objects.filter(
        state__in=TranslationStatus.WAITING_STATES,
        language__in=languages,
        page__in=editable_pages(request.user),
    )
    filters = {
        "language": request.GET.get("language", ""),
        "library": request.GET.get("library", ""),
        "type": request.GET.get("type", ""),
        "age": request.GET.get("age", ""),
    }
    if filters["language"] in languages:
        waiting = waiting.filter(language=filters["language"])
    parsed = ReviewQueueFilterForm(request.GET)
    if parsed.value("library") is not None:
        waiting = waiting.filter(page__in=Page.objects.filter(owned_by([parsed.value("library")])))
    if parsed.value("type") is not None:
        waiting = waiting.filter(page__content_type_id=parsed.value("type"))
    cutoff = None
    if parsed.value("age") is not None:
        cutoff = timezone.now() - timedelta(days=parsed.value("age"))
        waiting = waiting.filter(machine_translated_at__lte=cutoff)
    snippet_rows = []
    if parsed.value("library") is None and parsed.value("type") is None:
        shown = [filters["language"]] if filters["language"] in languages else languages
        snippet_rows = waiting_snippets(request.user, shown, cutoff)
    rows = (
        waiting.values("page_id", "page__content_type", "language")
        .annotate(
            fields=Count("pk"),
            outdated=Count("pk", filter=Q(state=State.OUTDATED)),
            oldest=Min("machine_translated_at"),
        )
        .order_by("oldest", "page_id", "language")
    )
    page_obj = Paginator(rows, 50).get_page(request.GET.get("p"))
    content_types = ContentType.objects.get_for_models(*exchange_page_models())
    type_names = {ct.pk: model._meta.verbose_name for model, ct in content_types.items()}
    names = dict(settings.LANGUAGES)
    pages = pages_named_for_admin(row["page_id"] for row in page_obj)
    for row in page_obj:
        row["page"] = pages[row["page_id"]]
        row["language_name"] = names[row["language"]]
        row["type_name"] = type_names.get(row["page__content_type"], "")
    return TemplateResponse(
        request,
        "translation/review_queue.html",
        {
            "page_obj": page_obj,
            "snippet_rows": snippet_rows,
            "filters": filters,
            "header_title": _("Translations to review"),
            "languages": [(code, names[code]) for code in languages],
            "libraries": with_admin_titles(library_model().objects.order_by("title")),
            "types": sorted(type_names.items(), key=lambda item: str(item[1])),
        },
    )


def review_page(request, page_id: int, language: str):
    """Source | machine draft | editable translation, segment by segment, for one language."""
    page = _editable_page(request, page_id)
    if language not in dict(settings.LANGUAGES) or not can_review(request.user, language):
        raise PermissionDenied
    return review_screen(
        request,
        PageReview(page, language),
        language,
        title=page.get_admin_display_title(),
        here=reverse("translation_review", args=[page.pk, language]),
        context={"page": page},
    )


def review_screen(request, review: PageReview, language: str, title: str, here: str, context: dict):
    """The review screen of a page or a translated snippet (``snippet_views``): shows the
    segments, runs the screen's buttons, saves approved segments."""
    confirm_needed = False
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if not review.understands(action):
            return HttpResponseBadRequest(_("Unknown review action."))
        review.take_input(request.POST, accept_all=(action == "accept_all"))
        kind, _colon, segment_id = action.partition(":")
        if kind in PageReview.FILLS:
            review.fill(segment_id, kind)
        elif action.startswith("retranslate:"):
            segment_id = action.removeprefix("retranslate:")
            provider = request.POST.get("provider", "")
            try:
                review.retranslate(
                    segment_id,
                    provider if provider in configured_provider_names() else None,
                    requested_by=request.user,
                )
            except BudgetExceeded as error:
                messages.error(
                    request,
                    _(
                        "Not translated again: %(error)s Your edits below are kept; "
                        "save them when you are ready."
                    )
                    % {"error": error},
                )
            except TranslationError as error:
                messages.error(request, _("Re-translation failed: %(error)s") % {"error": error})
        elif review.validate():
            confirm_needed = review.needs_confirmation() and not request.POST.get(
                "confirm_unedited"
            )
            if not confirm_needed:
                try:
                    reviewed = review.save(request.user)
                except SourceChanged:
                    messages.error(
                        request,
                        _(
                            "The original text changed while you were reviewing, so nothing "
                            "was saved. Your text is still below: copy what you need, then "
                            "reload the page to review the new original."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _("Saved. %(count)s field(s) are now reviewed.") % {"count": reviewed},
                    )
                    return redirect(here)
        else:
            messages.error(request, _("Some segments need attention; see below."))
    share = review.unedited_share()
    return TemplateResponse(
        request,
        "translation/review_page.html",
        {
            **context,
            "review": review,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "source_language_name": dict(settings.LANGUAGES)[review.source_language],
            "unedited_share": share,
            "unedited_share_html": format_html("<strong data-share-value>{}</strong>", share),
            "confirm_needed": confirm_needed,
            "confirm_shown": confirm_needed or bool(review.fields and review.needs_confirmation()),
            "confirmed": bool(request.POST.get("confirm_unedited")),
            "threshold": TranslationSettings.load().unedited_confirmation_threshold,
            "providers": configured_provider_names(),
            "header_title": _("Review %(language)s: %(title)s")
            % {"language": dict(settings.LANGUAGES)[language], "title": title},
        },
    )
