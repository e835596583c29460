"""Admin views of the approvals app."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ReviewOffice


class ReviewOfficeViewSet(SnippetViewSet):
    """Review offices and their contacts, kept up to date by content editors."""

    model = ReviewOffice
    icon = "group"
    menu_label = _("Review offices")
    menu_name = "review-offices"
    menu_order = 900
    add_to_admin_menu = False
    url_prefix = "approvals/offices"
    copy_view_enabled = False
    # __str__ is the name in the user's language, headed by the translated
    # verbose name; a bare property would be headed "Localized name" in English.
    list_display = ["__str__", "kind", "prefecture", "contact_person", "phone"]
    list_filter = ["kind", "prefecture"]
    search_fields = ["name", "name_ug", "contact_person"]
    search_backend_name = None
    ordering = ["kind", "prefecture", "name"]

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("prefecture")]),
        FieldPanel("name"),
        FieldPanel("name_ug"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_person"), FieldPanel("phone")]),
                FieldPanel("email"),
                FieldPanel("address"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("reviewers"),
    ]
