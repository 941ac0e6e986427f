from django import template
from django.utils.safestring import SafeString, mark_safe

from exchange_site.core.blocks import RICH_TEXT_FEATURES
from exchange_site.core.text_cleaning import clean_rich_text

from ..admin_ui import translation_chips as chips_for

register = template.Library()


@register.inclusion_tag("translation/includes/chips.html")
def translation_chips(page) -> dict:
    """Per-language status chips in the page listing (Wagtail's status cell is overridden)."""
    return {"chips": chips_for(page)}


@register.filter
def whitelisted_html(value: str) -> SafeString:
    """Inline rich text for the review screen, marked safe only after Wagtail's whitelister.

    Source and draft segments come from language columns and pending drafts that
    an import or a script may have written around ``save()``; the review screen
    renders them as HTML, so it cleans them to the project's rich-text features
    first rather than trusting where they came from.
    """
    return mark_safe(clean_rich_text(value or "", RICH_TEXT_FEATURES))  # noqa: S308 - just cleaned
