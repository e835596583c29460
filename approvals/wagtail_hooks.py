from django.urls import path
from wagtail import hooks

from . import dashboard
from .views_review import ReviewViewSet


@hooks.register("register_admin_urls")
def register_notification_urls():
    return [
        path(
            "approvals/notifications/<int:pk>/",
            dashboard.open_notification,
            name="approvals_notification_open",
        ),
        path(
            "approvals/notifications/read/",
            dashboard.mark_all_read,
            name="approvals_notifications_read_all",
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_notifications_panel(request, panels):
    panel = dashboard.NotificationsPanel(request)
    if panel.notifications:
        panels.append(panel)


@hooks.register("construct_homepage_summary_items")
def add_review_queue_count(request, items):
    items.append(dashboard.ReviewQueueSummaryItem(request))


@hooks.register("register_admin_viewset")
def register_review_viewset():
    return ReviewViewSet()
