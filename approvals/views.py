"""Admin views of the approvals app."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)

from config.snippets import SnippetViewSet

from .models import ReviewOffice, Route, Task


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


class RouteForm(WagtailAdminModelForm):
    """Checks that a route can carry a filing to its end."""

    def clean(self):
        cleaned_data = super().clean()
        stops = self.formsets["stops"]
        if any(form.errors for form in stops.forms):
            return cleaned_data
        tasks = [
            form.cleaned_data["task"]
            for form in sorted(
                (
                    form
                    for form in stops.forms
                    if form.cleaned_data and not form.cleaned_data.get("DELETE")
                ),
                key=lambda form: form.cleaned_data.get("ORDER") or 0,
            )
        ]
        if not tasks:
            self.add_error(None, _("Add the offices a filing goes through."))
        elif tasks[-1] != Task.APPROVE or tasks.count(Task.APPROVE) > 1:
            self.add_error(
                None,
                _("The last office of a route approves; no other office does."),
            )
        return cleaned_data


class RouteViewSet(SnippetViewSet):
    """The chains of offices filings follow (DESIGN rule 9), kept by administrators."""

    model = Route
    icon = "resubmit"
    menu_label = _("Routes")
    menu_name = "routes"
    menu_order = 950
    add_to_admin_menu = False
    url_prefix = "approvals/routes"
    list_display = [
        "name",
        "filing_kind",
        "unit_kind",
        "prefecture",
        "filing_level",
        "series_summary",
        "stops_summary",
    ]
    list_filter = ["filing_kind", "unit_kind", "filing_level"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]

    def get_queryset(self, request):
        return Route.objects.prefetch_related("stops__office", "title_series")

    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            MultiFieldPanel(
                [
                    FieldPanel("filing_kind"),
                    # Two to a row: three selects with Uyghur labels do not
                    # fit beside one another.
                    FieldRowPanel([FieldPanel("unit_kind"), FieldPanel("prefecture")]),
                    FieldPanel("filing_level"),
                    FieldPanel("title_series", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Filings it applies to"),
                help_text=_(
                    "Empty criteria match every filing. Of the routes that match a "
                    "filing, the one with the most criteria set is used."
                ),
            ),
            InlinePanel("stops", heading=_("Offices, in order"), min_num=1),
        ],
        base_form_class=RouteForm,
    )
