"""Blocks for the body of a practice page."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from exchange_site.core.blocks import (
    RICH_TEXT_FEATURES,
    ContactBlock,
    HeadingBlock,
    ImageBlock,
    LinkBlock,
    QuoteBlock,
)


class KeyFactBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), help_text=_("e.g. Started, Budget, Visitors"))
    value = blocks.CharBlock(label=_("Value"))

    class Meta:
        label = _("Key fact")


class AdoptionStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"))
    description = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "link", "ul"], label=_("Details")
    )

    class Meta:
        label = _("Step")


class PracticeBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    key_facts = blocks.ListBlock(
        KeyFactBlock(),
        label=_("Key facts"),
        template="practices/blocks/key_facts.html",
        icon="list-ul",
    )
    how_to_adopt = blocks.ListBlock(
        AdoptionStepBlock(),
        label=_("How to adopt it"),
        template="practices/blocks/how_to_adopt.html",
        icon="list-ol",
    )
    resources = blocks.ListBlock(
        LinkBlock(),
        label=_("Links and resources"),
        template="practices/blocks/resources.html",
        icon="link",
    )
    contact = ContactBlock()

    class Meta:
        template = "blocks/stream.html"
