from django import template

from ..admin_ui import translation_chips as chips_for

register = template.Library()


@register.inclusion_tag("translation/includes/chips.html")
def translation_chips(page) -> dict:
    """Per-language status chips in the page listing (Wagtail's status cell is overridden)."""
    return {"chips": chips_for(page)}
