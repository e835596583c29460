"""The sections a guide is made of; each can be tied to a wizard step or field."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.views.serve import generate_image_url

# The places outside the wizard where a help panel shows the sections tied to
# them. REVIEW is a filing's page as its own unit reads it after submitting.
REVIEW = "review"
REVIEW_QUEUE = "review_queue"
DECIDE = "decide"
SEND_BACK = "send_back"
WITHDRAW = "withdraw"
CERTIFICATES = "certificates"
REVOKE = "revoke"

REVIEW_PLACES = [
    (REVIEW, _("A filing's page, as its unit reads it")),
    (WITHDRAW, _("Withdrawing a filing")),
    (REVIEW_QUEUE, _("Waiting for my review")),
    (DECIDE, _("A filing's page, as the reviewing office reads it")),
    (SEND_BACK, _("Returning a filing or refusing consent")),
    (CERTIFICATES, _("A filing's certificates")),
    (REVOKE, _("Revoking a certificate")),
]


def place_choices():
    """Where a section can show: the wizard's steps, then the review's pages."""
    # Imported here: the wizard's views load the admin, which must not happen
    # while the app registry is still reading models.
    from filing.views.wizard import STEPS

    return [
        (_("Filing wizard"), [(name, label) for _number, name, label in STEPS]),
        (_("Review"), REVIEW_PLACES),
    ]


def place_names():
    return [name for _group, places in place_choices() for name, _label in places]


class PlaceBlock(blocks.ChoiceBlock):
    """Where a section shows; read by its label wherever a person sees it."""

    def render_basic(self, value, context=None):
        # Revision comparisons show this: "Notice number", not "notice".
        labels = {
            name: label for _group, places in place_choices() for name, label in places
        }
        return str(labels.get(value, value))


def wizard_step_block():
    # Named `wizard_step` since the wizard came first; the API keeps the name.
    return PlaceBlock(
        choices=place_choices,
        required=False,
        label=_("Show in the help panel of"),
        help_text=_(
            "The section also shows beside this wizard step or on this review page."
        ),
    )


def field_block():
    # Not yet: a free-text field name (notice_number), which editors must copy
    # from a developer and which revision diffs show as it is; a choice of the
    # forms' fields by their labels would read better. Nothing uses it yet
    # beyond the API, where portals can point at the field a section explains.
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

    def get_api_representation(self, value, context=None):
        # Beside the image's id, where a portal fetches the picture itself.
        representation = super().get_api_representation(value, context)
        image = value.get("image")
        representation["image_url"] = (
            generate_image_url(image, "original") if image else None
        )
        return representation


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
