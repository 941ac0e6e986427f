"""The review screen's companion for one page × language: links and images for that language."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.widgets import AdminPageChooser
from wagtail.images import get_image_model
from wagtail.images.widgets import AdminImageChooser
from wagtail.models import Page

from .overrides import Kind, OverridableItem, page_overridables, save_override, validate_link_url
from .permissions import can_review


class LinkOverrideForm(forms.Form):
    """Where one link of the source points in this language: a page, an address, or the source's."""

    link_page = forms.ModelChoiceField(
        Page.objects.all(),
        required=False,
        label=gettext_lazy("Page in this language"),
        widget=AdminPageChooser(),
    )
    link_url = forms.CharField(
        required=False,
        max_length=500,
        label=gettext_lazy("or web address"),
        validators=[validate_link_url],
    )

    def clean(self):
        data = super().clean()
        if data.get("link_page") and data.get("link_url"):
            raise forms.ValidationError(_("Choose a page or enter a web address, not both."))
        return data


class ImageOverrideForm(forms.Form):
    """Which image this language shows instead of the source's."""

    image = forms.ModelChoiceField(
        get_image_model().objects.all(),
        required=False,
        label=gettext_lazy("Image in this language"),
        widget=AdminImageChooser(),
    )


def _form(entry: OverridableItem, data=None) -> forms.Form:
    override = entry.override
    if entry.overridable.kind == Kind.IMAGE:
        initial = {"image": override.image_id if override else None}
        return ImageOverrideForm(data, prefix=entry.prefix, initial=initial)
    initial = {
        "link_page": override.link_page_id if override else None,
        "link_url": override.link_url if override else "",
    }
    return LinkOverrideForm(data, prefix=entry.prefix, initial=initial)


def review_overrides(request, page_id: int, language: str):
    """Per link and image of the source: the source's target, and this language's replacement.

    Open to whoever may review the language and edit the page, as the review screen is.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES) or not can_review(request.user, language):
        raise PermissionDenied
    if language == page.source_language:
        raise PermissionDenied
    entries = page_overridables(page, language)
    rows = [(entry, _form(entry, request.POST or None)) for entry in entries]
    if request.method == "POST":
        if all(form.is_valid() for _entry, form in rows):
            with transaction.atomic():
                for entry, form in rows:
                    if form.has_changed():
                        save_override(page, language, entry, request.user, **form.cleaned_data)
            messages.success(request, _("Links and images for this language saved."))
            return redirect("translation_overrides", page_id=page.pk, language=language)
        messages.error(request, _("Some links need attention; see below."))
    media = forms.Media()
    for _entry, form in rows:
        media += form.media
    language_name = dict(settings.LANGUAGES)[language]
    return TemplateResponse(
        request,
        "translation/overrides.html",
        {
            "page": page,
            "language": language,
            "language_name": language_name,
            "rows": rows,
            "media": media,
            "header_title": _("Links and images in %(language)s: %(title)s")
            % {"language": language_name, "title": page.get_admin_display_title()},
        },
    )
