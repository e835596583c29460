from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from approvals.review_queue import ReviewQueueViewSet
from approvals.views import ReviewOfficeViewSet, RouteViewSet

from .models import ApiToken, Filing
from .permissions import FilingPermissionPolicy, administered_units
from .views.filings import FilingViewSet
from .views.home import MyFilingsPanel
from .views.tokens import ApiTokenPermissionPolicy, ApiTokenViewSet
from .views.viewsets import (
    ApplicationImportViewSet,
    FilingFilesViewSet,
    FilingWizardViewSet,
)


class FilingWorkGroup(SnippetViewSetGroup):
    """备案工作: everything a filing administrator and a reviewer work with."""

    menu_label = _("Filing work")
    menu_icon = "clipboard-list"
    menu_name = "filing-work"
    menu_order = 200
    items = (
        FilingViewSet,
        ApplicationImportViewSet,
        ReviewQueueViewSet,
        ReviewOfficeViewSet,
        RouteViewSet,
    )


register_permission_policy(Filing, FilingPermissionPolicy(Filing))
register_permission_policy(ApiToken, ApiTokenPermissionPolicy(ApiToken))
register_snippet(FilingWorkGroup)


@hooks.register("register_admin_viewset")
def register_filing_viewsets():
    return [FilingWizardViewSet(), FilingFilesViewSet(), ApiTokenViewSet()]


@hooks.register("construct_homepage_panels")
def add_my_filings_panel(request, panels):
    user = request.user
    if user.has_perm("filing.add_filing") and administered_units(user).exists():
        panels.append(MyFilingsPanel(request))


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("filing/admin.css"))


@hooks.register("construct_main_menu")
def hide_wagtail_help(request, menu_items):
    # Wagtail's help menu links to its English editor guide and release notes,
    # which are about editing web pages, not about filing.
    menu_items[:] = [item for item in menu_items if item.name != "help"]


@hooks.register("register_log_actions")
def register_filing_log_actions(actions):
    actions.register_action("filing.create", _("Create filing"), _("Filing created"))
    actions.register_action(
        "filing.edit", _("Edit basic information"), _("Basic information changed")
    )
    actions.register_action(
        "filing.select_applications",
        _("Select applications"),
        _("Applications added to the filing"),
    )
    actions.register_action(
        "filing.deselect_applications",
        _("Remove applications"),
        _("Applications removed from the filing"),
    )
    actions.register_action(
        "filing.upload_attachment", _("Upload attachment"), _("Attachment uploaded")
    )
    actions.register_action(
        "filing.request_document",
        _("Generate document"),
        _("Generated document requested"),
    )
    actions.register_action(
        "filing.set_notice",
        _("Set notice number"),
        _("Notice number and conferred date set"),
    )
    actions.register_action("filing.submit", _("Submit filing"), _("Filing submitted"))
    actions.register_action(
        "filing.withdraw", _("Withdraw filing"), _("Filing withdrawn")
    )
    actions.register_action("filing.delete", _("Delete draft"), _("Draft deleted"))
    actions.register_action(
        "filing.create_api_token", _("Create API token"), _("API token created")
    )
    actions.register_action(
        "filing.revoke_api_token", _("Revoke API token"), _("API token revoked")
    )
    actions.register_action(
        "filing.import_applications",
        _("Import applications"),
        _("Applications imported"),
    )
    actions.register_action(
        "filing.reveal_id_number", _("Reveal ID number"), _("Full ID number viewed")
    )


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    """One entry per ReviewStep action, named `approvals.<action>`."""
    for name, label, message in (
        ("passed", _("Pass formal review"), _("Passed formal review")),
        ("forwarded", _("Forward"), _("Forwarded to the next office")),
        ("returned", _("Return for changes"), _("Returned for changes")),
        ("consented", _("Give consent"), _("Consent given")),
        ("consent_refused", _("Refuse consent"), _("Consent refused")),
        ("approved", _("Approve"), _("Approved")),
    ):
        actions.register_action(f"approvals.{name}", label, message)
