"""Admin: download and upload a translator's file on a page's Translations view, and a bulk
"Export for translators" in the page listing. Registered on Wagtail's hooks by
``translation.wagtail_hooks``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.models import Page

from ..admin_ui import TranslatablePagesBulkAction
from ..permissions import reviewable_languages
from .formats import FORMATS, ExportFile, UnreadableFile, export_file, read_file
from .pages import ImportReport, export_document, import_document

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
REFUSALS_SHOWN = 10


def _translated_page(request, page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if (
        not hasattr(page, "source_language")
        or not page.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    return page


def _format_choices() -> list[tuple[str, str]]:
    return [(code, exchange_format.label) for code, exchange_format in FORMATS.items()]


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(label=_("File format"), choices=_format_choices)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Translated file (XLIFF or PO)"))
    as_drafts = forms.BooleanField(
        label=_("Bring the text in as drafts awaiting review"),
        required=False,
        help_text=_("Off: the translation counts as reviewed by you."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext("The file is too large."))
        return upload


def download(exported: ExportFile) -> HttpResponse:
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


def export_page(request, page_id: int):
    """The page's translation into one language as a file for a translator."""
    page = _translated_page(request, page_id)
    form = ExportForm(request.GET)
    if not form.is_valid() or form.cleaned_data["language"] == page.source_language:
        messages.error(request, gettext("Choose a language this page is translated into."))
        return redirect("translation_page", page_id=page.pk)
    language = form.cleaned_data["language"]
    document = export_document(page, language)
    return download(export_file([document], form.cleaned_data["format"], f"{page.slug}-{language}"))


def report_messages(request, reports: list[ImportReport]) -> None:
    """One message per page × language: what came in, and every refusal (the first few)."""
    names = dict(settings.LANGUAGES)
    for report in reports:
        context = {
            "title": report.title or gettext("an unknown page"),
            "language": names.get(report.language, report.language or "?"),
            "imported": len(report.imported),
            "fields": report.reviewed_fields,
        }
        if report.imported:
            messages.success(
                request,
                ngettext(
                    "%(title)s (%(language)s): %(imported)d unit imported; "
                    "%(fields)d field(s) now reviewed.",
                    "%(title)s (%(language)s): %(imported)d units imported; "
                    "%(fields)d field(s) now reviewed.",
                    len(report.imported),
                )
                % context,
            )
        for unit_id, reason in report.refused[:REFUSALS_SHOWN]:
            messages.error(
                request,
                gettext("%(title)s (%(language)s), unit %(unit)s refused: %(reason)s")
                % (context | {"unit": unit_id, "reason": reason}),
            )
        if len(report.refused) > REFUSALS_SHOWN:
            messages.error(
                request,
                gettext("… and %(count)d more refused units.")
                % {"count": len(report.refused) - REFUSALS_SHOWN},
            )


@require_POST
def import_page(request, page_id: int):
    """A translated file uploaded on the page's Translations view (it may hold other pages too;
    each page × language is checked for the uploader's right to review it)."""
    page = _translated_page(request, page_id)
    if not reviewable_languages(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("translation_page", page_id=page.pk)
    try:
        documents = read_file(form.cleaned_data["file"].read())
    except UnreadableFile as error:
        messages.error(request, gettext("The file could not be read: %(error)s") % {"error": error})
        return redirect("translation_page", page_id=page.pk)
    reports = [
        import_document(document, request.user, as_drafts=form.cleaned_data["as_drafts"])
        for document in documents
    ]
    report_messages(request, reports)
    return redirect("translation_page", page_id=page.pk)


def urls() -> list:
    return [
        path(
            "translation/pages/<int:page_id>/export/",
            export_page,
            name="translation_exchange_export",
        ),
        path(
            "translation/pages/<int:page_id>/import/",
            import_page,
            name="translation_exchange_import",
        ),
    ]


class ExportBulkForm(ExportForm):
    language = forms.ChoiceField(label=_("Translation into"), choices=settings.LANGUAGES)


class ExportTranslationsBulkAction(TranslatablePagesBulkAction):
    """Download the selected pages' translations into one language as one file."""

    display_name = _("Export for translators")
    action_type = "export_translations"
    aria_label = _("Export the selected pages' translations for a translator")
    template_name = "translation/exchange/bulk_export.html"
    action_priority = 65
    form_class = ExportBulkForm

    def prepare_action(self, objects, objects_without_access):
        """The file is the response: nothing is changed, so no "after" step or message."""
        language = self.cleaned_form.cleaned_data["language"]
        documents = [
            export_document(page.specific, language)
            for page in objects
            if page.specific.source_language != language
        ]
        if not documents:
            messages.error(
                self.request, gettext("None of these pages is translated into that language.")
            )
            return redirect(self.next_url)
        exported = export_file(
            documents, self.cleaned_form.cleaned_data["format"], f"translations-{language}"
        )
        return download(exported)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return 0, 0  # prepare_action answers with the file
