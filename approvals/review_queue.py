""" "Waiting for my review" (待我审核): the filings waiting for the user's offices.

The listing is built like "My filings" (filing.views.filings) and shares its
filters and columns; it adds how long each filing has waited at the office.
"""

from operator import attrgetter

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms import Media
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from filing.filters import FilingFilterSet
from filing.models import Filing, OrganizingUnit
from filing.validators import CHINA_TIME, china_today
from filing.views.columns import (
    DetailsLinkColumn,
    FilingPaginator,
    LocalDateTimeColumn,
    NumberedPageMixin,
    RowNumberColumn,
    title_with_headcount,
)
from guides import blocks as guide_places
from guides.views import GuideHelpMixin

from .actions import WAITING_STATUSES, offices_of
from .models import ReviewStep

# The approving office still holds an approved filing: it issues the
# certificates next.
QUEUE_STATUSES = [*WAITING_STATUSES, Filing.Status.APPROVED]

# The steps that bring a filing to an office.
ARRIVALS = [
    ReviewStep.Action.SUBMITTED,
    ReviewStep.Action.RESUBMITTED,
    ReviewStep.Action.FORWARDED,
    ReviewStep.Action.CONSENTED,
]


def is_reviewer(user):
    return offices_of(user).exists()


def waiting_for(user):
    """The filings waiting for one of the user's offices, each with `arrived_at`."""
    arrival = (
        ReviewStep.objects.filter(
            filing=OuterRef("pk"),
            to_office=OuterRef("current_office"),
            action__in=ARRIVALS,
        )
        .order_by("-acted_at", "-pk")
        .values("acted_at")[:1]
    )
    return (
        Filing.objects.filter(
            current_office__in=offices_of(user), status__in=QUEUE_STATUSES
        )
        # An approved meeting is done with: no certificates follow it.
        .exclude(kind=Filing.Kind.PRE_REVIEW, status=Filing.Status.APPROVED)
        .annotate(arrived_at=Coalesce(Subquery(arrival), F("submitted_at")))
    )


class ReviewQueueFilterSet(FilingFilterSet):
    """The filters of "My filings", offering only what the queue can hold."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        queued = set(QUEUE_STATUSES)
        self.filters["status"].extra["choices"] = [
            (value, label) for value, label in Filing.Status.choices if value in queued
        ]
        self.filters["organizing_unit"].queryset = OrganizingUnit.objects.filter(
            pk__in=waiting_for(request.user).values("organizing_unit")
        )


def days_waited(filing):
    """Whole days in China time since the filing reached its office; 0 is today."""
    if filing.arrived_at is None:
        return None
    arrived_on = timezone.localdate(filing.arrived_at, timezone=CHINA_TIME)
    return (china_today() - arrived_on).days


class ReviewQueueIndexView(GuideHelpMixin, NumberedPageMixin, generic.IndexView):
    page_title = gettext_lazy("Waiting for my review")
    template_name = "approvals/review_queue.html"
    help_places = [guide_places.REVIEW_QUEUE]
    help_title = gettext_lazy("About this page")
    help_closed = True
    paginator_class = FilingPaginator
    any_permission_required = ["view"]
    # Longest waiting first.
    default_ordering = "-waited"

    def dispatch(self, request, *args, **kwargs):
        # Like a filing outside one's scope, the queue of no office is not
        # there at all; Wagtail would turn PermissionDenied into a redirect.
        if not is_reviewer(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return waiting_for(self.request.user).select_related(
            "organizing_unit", "current_office"
        )

    def order_queryset(self, queryset):
        # Having waited longest means having arrived first.
        ordering = {"-waited": "arrived_at", "waited": "-arrived_at"}.get(
            self.ordering, self.ordering
        )
        tiebreak = "-pk" if ordering.startswith("-") else "pk"
        return queryset.order_by(ordering, tiebreak)

    @cached_property
    def columns(self):
        return [
            RowNumberColumn(),
            TitleColumn(
                "title_with_headcount",
                label=_("Name"),
                get_url=attrgetter("details_url"),
                accessor=title_with_headcount,
            ),
            Column("get_kind_display", label=_("Kind")),
            Column("organizing_unit", label=_("Organizing unit")),
            Column("notice_number", label=_("Notice number")),
            Column("status_display", label=_("Status")),
            LocalDateTimeColumn(
                "submitted_at", label=_("Submitted at"), sort_key="submitted_at"
            ),
            Column(
                "waited",
                label=_("Days waiting"),
                accessor=days_waited,
                sort_key="waited",
            ),
            DetailsLinkColumn("details", label="", get_url=attrgetter("details_url")),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["media"] += Media(
            css={"all": ["approvals/review_queue.css", "guides/guides.css"]}
        )
        return context

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return _("No filing matches these filters.")
        return _("No filing is waiting for your offices.")

    def get_list_buttons(self, instance):
        return []


class ReviewQueueViewSet(ModelViewSet):
    """The reviewer's queue: a listing only, in the "Filing work" menu group.

    Filing's own snippet viewset owns its other views, URL finder and
    permissions; this one registers none of them.
    """

    model = Filing
    name = "review_queue"
    url_prefix = "approvals/queue"
    icon = "tasks"
    menu_label = gettext_lazy("Waiting for my review")
    menu_name = "review-queue"
    menu_order = 150
    add_to_admin_menu = False
    list_per_page = 20
    filterset_class = ReviewQueueFilterSet
    index_view_class = ReviewQueueIndexView
    index_results_template_name = "filing/filings_results.html"

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    @cached_property
    def menu_item_class(self):
        class ReviewQueueMenuItem(MenuItem):
            def is_shown(self, request):
                return is_reviewer(request.user)

        return ReviewQueueMenuItem

    def register_admin_url_finder(self):
        pass

    def register_reference_index(self):
        pass

    def register_permissions(self):
        pass
