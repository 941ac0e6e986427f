"""The "Work with translators" section of a page's Translations view."""

from django import template
from django.conf import settings

from ..exchange.admin import ExportForm, ImportForm
from ..permissions import reviewable_languages

register = template.Library()


@register.inclusion_tag("translation/exchange/page_exchange.html", takes_context=True)
def translation_exchange(context, page) -> dict:
    """Download for any editor of the page; upload only for reviewers (of some language)."""
    export_form = ExportForm()
    export_form.fields["language"].choices = [
        (code, name) for code, name in settings.LANGUAGES if code != page.source_language
    ]
    user = context["request"].user
    return {
        "page": page,
        "export_form": export_form,
        "import_form": ImportForm() if reviewable_languages(user) else None,
    }
