"""StreamField blocks shared by every content app."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2", label=_("Level")
    )

    class Meta:
        label = _("Heading")
        icon = "title"
        template = "blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False,
        label=_("Alternative text"),
        help_text=_("What the image shows, for readers who cannot see it. Blank: its title."),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    attribution = blocks.CharBlock(required=False, label=_("Credit"))

    class Meta:
        label = _("Image")
        icon = "image"
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Who said it"))

    class Meta:
        label = _("Quote")
        icon = "openquote"
        template = "blocks/quote_block.html"


class LinkBlock(blocks.StructBlock):
    """A resource: an external URL, a page on this site or a document."""

    title = blocks.CharBlock(label=_("Title"))
    url = blocks.URLBlock(required=False, label=_("External URL"))
    page = blocks.PageChooserBlock(required=False, label=_("Page on this site"))
    document = DocumentChooserBlock(required=False, label=_("Document"))
    description = blocks.TextBlock(required=False, label=_("Description"))

    class Meta:
        label = _("Link")
        icon = "link"
        template = "blocks/link_block.html"


class ContactBlock(blocks.StructBlock):
    """A person to ask; their name is never sent to machine translation."""

    name = blocks.CharBlock(label=_("Name"), translatable=False)
    role = blocks.CharBlock(required=False, label=_("Role"))
    email = blocks.EmailBlock(required=False, label=_("E-mail"))
    phone = blocks.CharBlock(required=False, label=_("Phone"), translatable=False)

    class Meta:
        label = _("Contact person")
        icon = "user"
        template = "blocks/contact_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    """General-purpose body used by pages that need no domain-specific blocks."""

    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()

    class Meta:
        template = "blocks/stream.html"
