from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import dashboard
from .views_certificates import CertificateViewSet
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


# Certificates


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet()


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action(
        "approvals.issue_certificates",
        _("Issue certificates"),
        _("Certificates issued"),
    )
    actions.register_action(
        "approvals.revoke_certificate",
        _("Revoke certificate"),
        _("Certificate revoked"),
    )


@hooks.register("register_permissions")
def register_certificate_permissions():
    # Shown in the admin's group editor, so that administrators can grant them.
    return Permission.objects.filter(
        content_type__app_label="approvals",
        codename__in=["issue_certificates", "revoke_certificate"],
    )
