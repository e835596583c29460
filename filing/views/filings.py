""" "My filings" (我的备案): the unit's filings, their details and their exports."""

import datetime

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from approvals import actions as review
from approvals import routing
from approvals.views_certificates import certificates_panel_context
from config.snippets import SnippetViewSet
from guides import blocks as guide_places
from guides.help import help_for

from .. import actions
from ..filters import FilingFilterSet
from ..models import Filing
from ..permissions import administered_units, filings_of_units, visible_filings
from .columns import (
    DetailsLinkColumn,
    FilingPaginator,
    IsoDateColumn,
    LocalDateTimeColumn,
    NumberedPageMixin,
    RowNumberColumn,
    title_with_headcount,
)
from .wizard import resume_url, returned_with_links

# Cells starting with these are run as formulas by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def local_naive(value):
    return (
        timezone.make_naive(timezone.localtime(value))
        if timezone.is_aware(value)
        else value
    )


class ScopedObjectMixin:
    """Finds the object among those the user may see; anything else is a 404."""

    def get_base_object_queryset(self):
        return visible_filings(self.request.user)

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_base_object_queryset(), pk=self.kwargs["pk"])


def detail_or_resume_url(filing):
    if filing.is_editable:
        return resume_url(filing)
    return filing.details_url


class FilingIndexView(NumberedPageMixin, snippet_views.IndexView):
    page_title = gettext_lazy("My filings")
    paginator_class = FilingPaginator
    add_item_label = gettext_lazy("New filing")
    default_ordering = "-last_action_at"

    @cached_property
    def columns(self):
        return [
            RowNumberColumn(),
            TitleColumn(
                "title_with_headcount",
                label=_("Name"),
                get_url=detail_or_resume_url,
                accessor=title_with_headcount,
            ),
            Column("get_kind_display", label=_("Kind")),
            Column("notice_number", label=_("Notice number")),
            IsoDateColumn(
                "conferred_on", label=_("Conferred on"), sort_key="conferred_on"
            ),
            Column("status_display", label=_("Status")),
            LocalDateTimeColumn(
                "last_action_at", label=_("Processed at"), sort_key="last_action_at"
            ),
            DetailsLinkColumn("details", label="", get_url=detail_or_resume_url),
        ]

    @cached_property
    def files_filings(self):
        """Whether the user files for some unit, or only reviews."""
        user = self.request.user
        return user.has_perm("filing.add_filing") and (
            administered_units(user).exists()
        )

    def get_add_url(self):
        # Reviewers read the filings of their offices here; they start none.
        return reverse("filing_wizard:new") if self.files_filings else None

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.files_filings:
            buttons.append(
                HeaderButton(
                    _("New pre-review filing"),
                    url=reverse("filing_wizard:new_pre_review"),
                    icon_name="plus",
                    # After "New filing": the header sorts its buttons by
                    # priority, then by label, which in Chinese put it first.
                    priority=1010,
                )
            )
        return buttons

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return _("No filing matches these filters.")
        if not self.files_filings:
            return _("No filing has reached your offices yet.")
        return _("No filings yet. Start one with “New filing”.")

    def get_list_buttons(self, instance):
        return []

    def stream_csv(self, queryset):
        # A byte-order mark, so that Excel opens the Chinese text as UTF-8.
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {field: csv_safe(self.csv_text(value)) for field, value in row_dict.items()}
        )

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        row_dict = {
            field: self.export_value(value) for field, value in row_dict.items()
        }
        return super().generate_xlsx_row(worksheet, row_dict, date_format)

    def csv_text(self, value):
        value = self.export_value(value)
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return value

    def export_value(self, value):
        if isinstance(value, datetime.datetime):
            return local_naive(value)
        if value is None:
            return ""
        return value if isinstance(value, (int, datetime.date)) else str(value)


class FilingDetailView(ScopedObjectMixin, snippet_views.InspectView):
    """Everything about one filing: notice, applications, files, timeline, office."""

    template_name = "filing/filing_detail.html"
    any_permission_required = ["view", "change"]

    def get_page_title(self):
        return _("Filing details")

    @cached_property
    def is_own_unit(self):
        return filings_of_units(self.request.user).filter(pk=self.object.pk).exists()

    def get_edit_url(self):
        if self.object.is_editable and self.is_own_unit:
            return resume_url(self.object)
        return None

    def get_delete_url(self):
        if self.object.status == Filing.Status.DRAFT and self.is_own_unit:
            return reverse("filing_wizard:delete", args=[self.object.pk])
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filing = self.object
        user = self.request.user
        context["filing"] = filing
        context["resume_url"] = self.get_edit_url()
        context["applications"] = (
            filing.selected_applications()
            .select_related("qualification")
            .order_by("number")
        )
        context["attachments"] = filing.attachments.select_related(
            "uploaded_by"
        ).in_kind_order()
        context["documents"] = filing.documents.filter(status="ready")
        flag_labels = dict(review.flaggable_items())
        steps = filing.review_steps.select_related(
            "office", "to_office", "actor", "filing__organizing_unit"
        )
        for step in steps:
            step.flag_labels = [flag_labels.get(key, key) for key in step.flagged]
        context["steps"] = steps
        context["stops"] = filing.stops.select_related("office")
        context["returned"] = returned_with_links(filing)
        decisions = review.available_actions(user, filing)
        context["decisions"] = decisions
        if decisions:
            context["seen_step_id"] = review.last_step_id(filing)
            following = routing.next_stop(filing.current_stop)
            context["next_office"] = following.office if following else None
        context["can_withdraw"] = self.is_own_unit and actions.can_withdraw(
            user, filing
        )
        context.update(certificates_panel_context(self.request, filing))
        context["guide_help"] = help_for(*self.help_places(context))
        return context

    def help_places(self, context):
        """The filer reads what happens after submitting; an office, how to review."""
        if self.object.is_pre_review:
            # Not yet: the guides describe post-review filings only, and
            # their advice (certificates, the four scans) would mislead here.
            return []
        places = [guide_places.REVIEW if self.is_own_unit else guide_places.DECIDE]
        panel = context["certificates_panel"]
        if panel and (
            panel["can_issue"]
            or any(row["revoke_url"] for row in panel["certificates"])
        ):
            places.append(guide_places.CERTIFICATES)
        return places


class EditRedirectView(ScopedObjectMixin, View):
    """Filings are changed through the wizard, never through a generic edit form."""

    def get(self, request, *args, **kwargs):
        filing = get_object_or_404(filings_of_units(request.user), pk=kwargs["pk"])
        return HttpResponseRedirect(detail_or_resume_url(filing))

    post = get


class AddRedirectView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(reverse("filing_wizard:new"))

    post = get


class DeleteRedirectView(View):
    """Deleting goes through the wizard's confirmation, which releases applications."""

    def get(self, request, *args, **kwargs):
        filing = get_object_or_404(filings_of_units(request.user), pk=kwargs["pk"])
        if filing.status != Filing.Status.DRAFT:
            raise Http404
        return HttpResponseRedirect(reverse("filing_wizard:delete", args=[filing.pk]))

    post = get


class ScopedHistoryView(ScopedObjectMixin, snippet_views.HistoryView):
    # Every office on the route reads the audit trail, as it reads the timeline.
    any_permission_required = ["view", "change"]


class ScopedUsageView(ScopedObjectMixin, snippet_views.UsageView):
    pass


class FilingViewSet(SnippetViewSet):
    model = Filing
    icon = "clipboard-list"
    menu_label = gettext_lazy("My filings")
    menu_name = "my-filings"
    menu_order = 100
    add_to_admin_menu = False
    url_prefix = "filing/filings"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 20
    filterset_class = FilingFilterSet

    index_view_class = FilingIndexView
    index_results_template_name = "filing/filings_results.html"
    inspect_view_class = FilingDetailView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView

    list_export = [
        "get_kind_display",
        "organizing_unit",
        "notice_title",
        "declared_headcount",
        "review_year",
        "get_filing_level_display",
        "notice_number",
        "conferred_on",
        "status_display",
        "last_action_at",
    ]
    export_filename = "filings"

    @cached_property
    def export_headings(self):
        return {
            "get_kind_display": gettext_lazy("Kind"),
            "organizing_unit": gettext_lazy("Organizing unit"),
            "notice_title": gettext_lazy("Notice title"),
            "declared_headcount": gettext_lazy("Declared headcount"),
            "review_year": gettext_lazy("Review year"),
            "get_filing_level_display": gettext_lazy("Filing level"),
            "notice_number": gettext_lazy("Notice number"),
            "conferred_on": gettext_lazy("Conferred on"),
            "status_display": gettext_lazy("Status"),
            "last_action_at": gettext_lazy("Processed at"),
        }

    def get_queryset(self, request):
        # A filer's units' filings; for a reviewer, those on their offices'
        # routes, so that a filing stays at hand once it has left the queue.
        return visible_filings(request.user).select_related(
            "organizing_unit", "current_office"
        )

    @property
    def add_view(self):
        return AddRedirectView.as_view()

    @property
    def edit_view(self):
        return EditRedirectView.as_view()

    @property
    def delete_view(self):
        return DeleteRedirectView.as_view()

    def register_chooser_viewset(self):
        # Nobody picks a filing from a chooser, and a chooser would list
        # filings without the per-unit scope.
        pass
