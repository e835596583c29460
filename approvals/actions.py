"""What the offices on a filing's route do with it (DESIGN rules 8–10).

A filing waits at one stop of its route at a time. The office there acts:

- at a review stop: pass the formal review, then forward to the next stop;
- at a consent stop: give consent (which forwards it) or refuse it;
- at the approving stop: approve;
- at any stop: return it to the filer with reasons, after which the filer's
  resubmission comes back to the same stop.

Each action follows the same order as the filer's actions in
`filing.actions`: check, lock the filing's row, check again, change it, record
a `ReviewStep`, write the audit entry and announce the step. Each takes the
id of the last step the reviewer saw, so that when two reviewers act on the
same filing at once, the second is told what happened instead of acting on a
filing that has moved on.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from filing.actions import FilingError, NotPermitted
from filing.models import AttachmentKind, Filing

from . import routing
from .models import ReviewStep, Task
from .notifications import announce

# Statuses in which a filing waits for the office at its current stop.
WAITING_STATUSES = {
    Filing.Status.SUBMITTED,
    Filing.Status.PASSED,
    Filing.Status.FORWARDED,
    Filing.Status.AWAITING_CONSENT,
}

# What a return can point at besides the scans, as (field, label) pairs.
RETURNABLE_FIELDS = (
    ("notice_title", _("Notice title")),
    ("declared_headcount", _("Declared headcount")),
    ("applications", _("Selected applications")),
    ("notice_number", _("Notice number")),
    ("conferred_on", _("Conferred on")),
)


# The same for a pre-review filing.
PRE_REVIEW_RETURNABLE_FIELDS = (
    ("meeting", _("Meeting details")),
    ("declared_headcount", _("Number of candidates")),
    ("applications", _("Candidates")),
)


def flaggable_items(filing=None):
    """What a return can tick, as (key, label): the scans, then fields.

    For a filing: what its kind has; without one, everything any kind has.
    """
    if filing is None:
        kinds = list(AttachmentKind)
        fields = dict(PRE_REVIEW_RETURNABLE_FIELDS) | dict(RETURNABLE_FIELDS)
    elif filing.is_pre_review:
        kinds, fields = filing.attachment_kinds, dict(PRE_REVIEW_RETURNABLE_FIELDS)
    else:
        kinds, fields = filing.attachment_kinds, dict(RETURNABLE_FIELDS)
    return [(kind.value, kind.label) for kind in kinds] + list(fields.items())


class NotAtYourOffice(FilingError):
    code = "not_at_your_office"
    message = _("This filing is not waiting for your office.")


class AlreadyActed(FilingError):
    code = "already_acted"
    message = _(
        "Someone else has just acted on this filing. Look at its timeline "
        "before you act."
    )


class WrongTask(FilingError):
    code = "wrong_task"
    message = _("Your office's task on this filing's route does not include this.")


class ReasonRequired(FilingError):
    code = "reason_required"
    message = _("Give the reason, so that the filer knows what to fix.")
    field = "reason"


class UnknownFlag(FilingError):
    code = "unknown_flag"
    message = _("Tick only the attachments and fields listed.")
    field = "flagged"


# Guards


def offices_of(user):
    """The review offices the user acts for."""
    if not user.is_active:
        return user.review_offices.none()
    return user.review_offices.all()


def can_act(user, filing):
    """The user may act for the office the filing is waiting at."""
    if not user.has_perm("approvals.add_reviewstep"):
        raise NotPermitted(_("You are not a reviewer."))
    if (
        filing.status not in WAITING_STATUSES
        or filing.current_stop_id is None
        or not offices_of(user).filter(pk=filing.current_office_id).exists()
    ):
        raise NotAtYourOffice


def _check_turn(user, filing, seen_step_id):
    # Someone acting on what they saw a moment ago learns first that it has
    # changed since; whether they may act on it now comes after.
    if not user.has_perm("approvals.add_reviewstep"):
        raise NotPermitted(_("You are not a reviewer."))
    if seen_step_id is not None and seen_step_id != last_step_id(filing):
        raise AlreadyActed
    can_act(user, filing)


def last_step_id(filing):
    return (
        filing.review_steps.order_by("-acted_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def available_actions(user, filing):
    """The names of the actions the user may take on the filing now."""
    try:
        can_act(user, filing)
    except FilingError:
        return []
    task = filing.current_stop.task
    status = filing.status
    if task == Task.REVIEW:
        names = ["forward"] if status == Filing.Status.PASSED else ["pass"]
    elif task == Task.CONSENT:
        names = ["consent", "refuse_consent"]
    else:
        names = ["approve"]
    if task != Task.CONSENT:
        names.append("return")
    return names


def _require(user, filing, seen_step_id, action):
    """Lock the filing and check, against the locked row, that `action` is open."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _check_turn(user, filing, seen_step_id)
    if action not in available_actions(user, filing):
        raise WrongTask
    return filing


def _record(filing, user, action, *, office, to_office=None, reason="", flagged=()):
    step = ReviewStep.objects.create(
        filing=filing,
        office=office,
        to_office=to_office,
        action=action,
        reason=reason,
        flagged=list(flagged),
        actor=user,
        acted_at=filing.last_action_at,
    )
    log(
        filing,
        f"approvals.{action}",
        user=user,
        data={
            "office": office.name,
            "office_id": office.pk,
            "to_office_id": to_office.pk if to_office else None,
            "reason": reason,
            "flagged": list(flagged),
        },
    )
    announce(step)
    return step


def _move(filing, status, stop=None):
    filing.status = status
    if stop is not None:
        filing.current_stop = stop
        filing.current_office = stop.office
    filing.last_action_at = timezone.now()
    filing.save(
        update_fields=["status", "current_stop", "current_office", "last_action_at"]
    )


# Actions


def pass_review(user, filing, *, seen_step_id=None):
    """The formal review found nothing to return; forwarding comes next."""
    with transaction.atomic():
        filing = _require(user, filing, seen_step_id, "pass")
        _move(filing, Filing.Status.PASSED)
        _record(filing, user, ReviewStep.Action.PASSED, office=filing.current_office)
    return filing


def forward(user, filing, *, seen_step_id=None):
    """Send a passed filing to the next office on its route."""
    with transaction.atomic():
        filing = _require(user, filing, seen_step_id, "forward")
        _forward(user, filing, ReviewStep.Action.FORWARDED)
    return filing


def _forward(user, filing, action):
    stop = routing.next_stop(filing.current_stop)
    if stop is None:
        # A route ends with its approving stop; one that ends with a review
        # or consent stop was edited into a dead end.
        raise WrongTask(
            _(
                "This filing's route has no office after yours; ask the system "
                "administrator to check the route."
            )
        )
    office = filing.current_office
    _move(filing, routing.arrival_status(stop, forwarded=True), stop)
    _record(filing, user, action, office=office, to_office=stop.office)


def give_consent(user, filing, *, seen_step_id=None):
    """Consent, which sends the filing on to the next office."""
    with transaction.atomic():
        filing = _require(user, filing, seen_step_id, "consent")
        _forward(user, filing, ReviewStep.Action.CONSENTED)
    return filing


def refuse_consent(user, filing, *, reason, flagged=(), seen_step_id=None):
    """Refuse consent: the filing goes back to the filer, with the reasons."""
    return _send_back(
        user, filing, "refuse_consent", ReviewStep.Action.CONSENT_REFUSED,
        reason=reason, flagged=flagged, seen_step_id=seen_step_id,
    )  # fmt: skip


def return_filing(user, filing, *, reason, flagged=(), seen_step_id=None):
    """Return the filing for changes; its resubmission comes back here."""
    return _send_back(
        user, filing, "return", ReviewStep.Action.RETURNED,
        reason=reason, flagged=flagged, seen_step_id=seen_step_id,
    )  # fmt: skip


def _send_back(user, filing, name, action, *, reason, flagged, seen_step_id):
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired
    known = {key for key, _label in flaggable_items(filing)}
    if not set(flagged) <= known:
        raise UnknownFlag
    with transaction.atomic():
        filing = _require(user, filing, seen_step_id, name)
        _move(filing, Filing.Status.RETURNED)
        _record(
            filing,
            user,
            action,
            office=filing.current_office,
            reason=reason,
            flagged=[key for key, _label in flaggable_items(filing) if key in flagged],
        )
    return filing


def approve(user, filing, *, seen_step_id=None):
    """The approving office files the results; certificates can follow."""
    with transaction.atomic():
        filing = _require(user, filing, seen_step_id, "approve")
        _move(filing, Filing.Status.APPROVED)
        _record(filing, user, ReviewStep.Action.APPROVED, office=filing.current_office)
    return filing


def latest_return(filing):
    """The step that last sent the filing back to its filer, if it is back now."""
    if filing.status != Filing.Status.RETURNED:
        return None
    return (
        filing.review_steps.filter(
            action__in=[ReviewStep.Action.RETURNED, ReviewStep.Action.CONSENT_REFUSED]
        )
        .select_related("office", "actor")
        .order_by("-acted_at", "-pk")
        .first()
    )
