"""Blocks for meeting minutes and exchange trip guides."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from exchange_site.core.blocks import RICH_TEXT_FEATURES, LinkBlock

SHORT_RICH_TEXT = ["bold", "italic", "link", "ul", "ol"]


class AgendaItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Agenda item"))
    notes = blocks.RichTextBlock(required=False, features=SHORT_RICH_TEXT, label=_("Notes"))

    class Meta:
        label = _("Agenda item")
        icon = "list-ol"
        template = "meetings/blocks/agenda_item.html"


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()


class DecisionBlock(blocks.StreamBlock):
    decision = blocks.RichTextBlock(features=SHORT_RICH_TEXT, label=_("Decision"))


class SessionBlock(blocks.StructBlock):
    """One item of a programme day; with a start time it becomes its own calendar event."""

    start_time = blocks.TimeBlock(
        required=False, label=_("Starts"), help_text=_("Local time at the host library.")
    )
    end_time = blocks.TimeBlock(required=False, label=_("Ends"))
    title = blocks.CharBlock(label=_("What"))
    location = blocks.CharBlock(required=False, label=_("Where"))
    description = blocks.RichTextBlock(
        required=False, features=SHORT_RICH_TEXT, label=_("Description")
    )

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start_time"), value.get("end_time")
        if end and not start:
            raise StructBlockValidationError(
                {"start_time": ValidationError(_("Give a start time with the end time."))}
            )
        if start and end and end <= start:
            raise StructBlockValidationError(
                {"end_time": ValidationError(_("The session must end after it starts."))}
            )
        return value

    class Meta:
        label = _("Session")


class ProgrammeDayBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    title = blocks.CharBlock(label=_("Theme of the day"))
    sessions = blocks.ListBlock(SessionBlock(), label=_("Sessions"))

    class Meta:
        label = _("Programme day")
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
