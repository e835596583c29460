"""The groups every deployment needs, and the permissions each one carries.

Group names are Chinese because administrators read them in the admin; code
and tests refer to them through the constants below. Seeing full ID numbers
(`filing.view_full_id_number`) belongs to no role: an administrator grants it
to the few people who need it.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured

FILING_ADMINISTRATORS = "评审委员会组建单位管理员"
REVIEWERS = "审核人员"
CONTENT_EDITORS = "内容编辑"

ROLE_PERMISSIONS = {
    FILING_ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        "filing.add_filing",
        "filing.change_filing",
        "filing.delete_filing",
        "filing.view_filing",
        "filing.view_application",
        "filing.add_application",
        "filing.change_application",
    ],
    REVIEWERS: [
        "wagtailadmin.access_admin",
        "filing.view_filing",
        "filing.view_application",
        "approvals.view_reviewoffice",
        "approvals.add_reviewstep",
        "approvals.issue_certificates",
        "approvals.revoke_certificate",
        "approvals.view_certificate",
    ],
    CONTENT_EDITORS: [
        "wagtailadmin.access_admin",
        # The guides' pages come from guides.content.allow_editors; this lets
        # an editor start the Uyghur translation of a new Chinese guide.
        "simple_translation.submit_translation",
        "approvals.add_reviewoffice",
        "approvals.change_reviewoffice",
        "approvals.view_reviewoffice",
    ],
}


def get_permission(label):
    """The permission named `app_label.codename`."""
    app_label, codename = label.split(".")
    try:
        return Permission.objects.get(
            content_type__app_label=app_label, codename=codename
        )
    except Permission.DoesNotExist:
        # Permissions are created after migrations run; a missing one means
        # the database is not migrated, or a model was renamed.
        raise ImproperlyConfigured(
            f"Permission {label} does not exist; run `manage.py migrate` first."
        ) from None


def ensure_roles():
    """Create the groups and give each the permissions it lacks; safe to repeat.

    Permissions an administrator has added to a group in the admin are kept:
    this only ever adds. Returns the groups by name.
    """
    groups = {}
    for name, labels in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*[get_permission(label) for label in labels])
        groups[name] = group
    return groups
