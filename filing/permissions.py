"""Who may see and change which filings.

Scoping is by membership: a filing administrator reaches the filings of the
units they administer, a reviewer the filings whose route passes one of their
offices, from submission on (every office on the route reads the whole
timeline). Everything else is outside a user's scope and answers 404, so a
filing's id tells nothing to someone who guesses it.
"""

from django.db.models import Exists, OuterRef
from wagtail.permission_policies.base import ModelPermissionPolicy

from .models import Filing, OrganizingUnit


def administered_units(user):
    if not user.is_active:
        return OrganizingUnit.objects.none()
    if user.is_superuser:
        return OrganizingUnit.objects.all()
    return OrganizingUnit.objects.filter(administrators=user)


def importing_units(user):
    """The units whose applications the user may import: their own, with the right."""
    if not user.has_perms(["filing.add_application", "filing.change_application"]):
        return OrganizingUnit.objects.none()
    return administered_units(user)


def filings_of_units(user):
    """The filings a filing administrator works on: those of their units."""
    if not user.is_active:
        return Filing.objects.none()
    if user.is_superuser:
        return Filing.objects.all()
    return Filing.objects.filter(organizing_unit__in=administered_units(user))


def visible_filings(user):
    """Every filing the user may open: their units' and their offices'."""
    from approvals.models import FilingStop

    if not user.is_active:
        return Filing.objects.none()
    if user.is_superuser:
        return Filing.objects.all()
    own_unit = OrganizingUnit.administrators.through.objects.filter(
        organizingunit=OuterRef("organizing_unit"), user=user
    )
    on_own_route = FilingStop.objects.filter(
        filing=OuterRef("pk"), office__reviewers=user
    )
    return Filing.objects.filter(Exists(own_unit) | Exists(on_own_route))


class FilingPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to the filings in a user's scope.

    Viewing reaches every filing the user may open; changing only the unit's
    own filings while they are editable. Deleting goes through
    `filing.actions.delete_draft` alone, so Wagtail's generic and bulk delete
    views find nothing they may delete.
    """

    def instances_user_has_any_permission_for(self, user, actions):
        permitted = {a for a in actions if self.user_has_permission(user, a)}
        scopes = []
        if "view" in permitted:
            scopes.append(visible_filings(user))
        if permitted & {"add", "change"}:
            scopes.append(
                filings_of_units(user).filter(status__in=Filing.EDITABLE_STATUSES)
            )
        filings = Filing.objects.none()
        for scope in scopes:
            filings |= Filing.objects.filter(pk__in=scope.values("pk"))
        return filings

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.instances_user_has_permission_for(user, action)
            .filter(pk=instance.pk)
            .exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )
