"""Blocks for meeting minutes and exchange trip guides."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from exchange_site.core.blocks import RICH_TEXT_FEATURES, LinkBlock

SHORT_RICH_TEXT = ["bold", "italic", "link", "ul", "ol"]


class AgendaItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Agenda item"))
    notes = blocks.RichTextBlock(required=False, features=SHORT_RICH_TEXT, label=_("Notes"))

    class Meta:
        icon = "list-ol"
        template = "meetings/blocks/agenda_item.html"


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()


class DecisionBlock(blocks.StreamBlock):
    decision = blocks.RichTextBlock(features=SHORT_RICH_TEXT, label=_("Decision"))


class SessionBlock(blocks.StructBlock):
    time = blocks.CharBlock(required=False, label=_("Time"), help_text=_("e.g. 09:30–11:00"))
    title = blocks.CharBlock(label=_("What"))
    location = blocks.CharBlock(required=False, label=_("Where"))
    description = blocks.RichTextBlock(
        required=False, features=SHORT_RICH_TEXT, label=_("Description")
    )


class ProgrammeDayBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    title = blocks.CharBlock(label=_("Theme of the day"))
    sessions = blocks.ListBlock(SessionBlock(), label=_("Sessions"))

    class Meta:
        icon = "date"
        template = "meetings/blocks/programme_day.html"


class ProgrammeBlock(blocks.StreamBlock):
    day = ProgrammeDayBlock()


class PracticalInformationBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    link = LinkBlock()

    class Meta:
        template = "blocks/stream.html"


class ChecklistBlock(blocks.StreamBlock):
    item = blocks.CharBlock(label=_("Checklist item"))
