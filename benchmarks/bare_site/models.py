from wagtail.fields import RichTextField
from wagtail.models import Page


class BarePage(Page):
    """Title and body, nothing else: what Wagtail costs without our layers."""

    body = RichTextField(blank=True)
