"""Who may see and change which filings.

Scoping is by membership: a filing administrator reaches the filings of the
units they administer, a reviewer the filings that have reached one of their
offices. Everything else is outside a user's scope and answers 404, so a
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


def filings_of_units(user):
    """The filings a filing administrator works on: those of their units."""
    if not user.is_active:
        return Filing.objects.none()
    if user.is_superuser:
        return Filing.objects.all()
    return Filing.objects.filter(organizing_unit__in=administered_units(user))


def visible_filings(user):
    """Every filing the user may open: their units' and their offices'."""
    from approvals.models import ReviewOffice, ReviewStep

    if not user.is_active:
        return Filing.objects.none()
    if user.is_superuser:
        return Filing.objects.all()
    own_unit = OrganizingUnit.administrators.through.objects.filter(
        organizingunit=OuterRef("organizing_unit"), user=user
    )
    at_own_office = ReviewOffice.reviewers.through.objects.filter(
        reviewoffice=OuterRef("current_office"), user=user
    )
    passed_own_office = ReviewStep.objects.filter(
        filing=OuterRef("pk"), office__reviewers=user
    )
    return Filing.objects.filter(
        Exists(own_unit) | Exists(at_own_office) | Exists(passed_own_office)
    )


class FilingPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to the filings in a user's scope."""

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Filing.objects.none()
        if set(actions) <= {"view"}:
            return visible_filings(user)
        # Only the filing's own unit may change or delete it; reviewers never
        # get edit rights on what they review.
        return filings_of_units(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.instances_user_has_permission_for(user, action)
            .filter(pk=instance.pk)
            .exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance)
            for action in actions
        )
