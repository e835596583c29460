"""The admin dashboard's share of the review chain: unread notifications and
the count of filings waiting for the user's offices.
"""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component

from filing.validators import CHINA_TIME

from .models import Notification
from .notifications import describe
from .review_queue import is_reviewer, waiting_for


def unread_notifications(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


class NotificationsPanel(Component):
    """The user's unread notifications, newest first, one sentence each."""

    name = "notifications"
    order = 40
    template_name = "approvals/home/notifications_panel.html"
    shown = 10

    def __init__(self, request):
        self.request = request
        self.notifications = list(
            unread_notifications(request.user).select_related(
                "step__filing__organizing_unit", "step__office", "step__to_office"
            )[: self.shown + 1]
        )

    def get_context_data(self, parent_context):
        notifications = self.notifications[: self.shown]
        more = 0
        if len(self.notifications) > self.shown:
            more = unread_notifications(self.request.user).count() - self.shown
        return {
            "entries": [
                {
                    "sentence": describe(notification.step, html=True),
                    "created_at": timezone.localtime(
                        notification.created_at, CHINA_TIME
                    ),
                    "url": reverse(
                        "approvals_notification_open", args=[notification.pk]
                    ),
                }
                for notification in notifications
            ],
            "more": more,
            # The "mark all as read" form posts; components get no request context.
            "csrf_token": parent_context["csrf_token"],
        }


class ReviewQueueSummaryItem(SummaryItem):
    """How many filings wait for the user's offices, linking to the queue."""

    order = 50
    template_name = "approvals/home/review_queue_summary.html"

    def is_shown(self):
        return is_reviewer(self.request.user)

    def get_context_data(self, parent_context):
        return {"count": waiting_for(self.request.user).count()}


def open_notification(request, pk):
    """Marks a notification read and opens its filing."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    return redirect("wagtailsnippets_filing_filing:inspect", notification.filing_id)


@require_POST
def mark_all_read(request):
    marked = unread_notifications(request.user).update(read_at=timezone.now())
    if marked:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("wagtailadmin_home")
