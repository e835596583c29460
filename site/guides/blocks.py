"""The sections a guide is made of; each can be tied to a wizard step or field."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Sections tied to this place show on a filing's page, where offices review it.
REVIEW = "review"


def place_choices():
    """The wizard's steps, then the review page, as (name, label)."""
    # Imported here: the wizard's views load the admin, which must not happen
    # while the app registry is still reading models.
    from filing.views.wizard import STEPS

    return [(name, label) for _number, name, label in STEPS] + [
        (REVIEW, _("Filing review page"))
    ]


def wizard_step_block():
    return blocks.ChoiceBlock(
        choices=place_choices,
        required=False,
        label=_("Show beside wizard step"),
        help_text=_("The section also shows in this step's help panel."),
    )


def field_block():
    return blocks.CharBlock(
        required=False,
        max_length=100,
        label=_("Form field"),
        help_text=_("Optional: the name of the form field the section explains."),
    )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=_("Heading"))
    wizard_step = wizard_step_block()
    field = field_block()

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "guides/blocks/heading.html"


class TextBlock(blocks.StructBlock):
    body = blocks.RichTextBlock(label=_("Text"))
    wizard_step = wizard_step_block()
    field = field_block()

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "guides/blocks/text.html"


class StepBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("What to do"))
    image = ImageChooserBlock(required=False, label=_("Screenshot"))
    caption = blocks.CharBlock(required=False, max_length=200, label=_("Caption"))
    wizard_step = wizard_step_block()
    field = field_block()

    class Meta:
        icon = "list-ol"
        label = _("Numbered step")
        template = "guides/blocks/step.html"


class WarningBlock(blocks.StructBlock):
    body = blocks.RichTextBlock(label=_("Warning"))
    wizard_step = wizard_step_block()
    field = field_block()

    class Meta:
        icon = "warning"
        label = _("Warning")
        template = "guides/blocks/warning.html"


class NoteBlock(blocks.StructBlock):
    body = blocks.RichTextBlock(label=_("Note"))
    wizard_step = wizard_step_block()
    field = field_block()

    class Meta:
        icon = "info-circle"
        label = _("Note")
        template = "guides/blocks/note.html"


class GuideBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = TextBlock()
    step = StepBlock()
    warning = WarningBlock()
    note = NoteBlock()
