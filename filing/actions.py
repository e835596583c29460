"""Every change to a filing, one function each.

An action checks permission and state first (raising a `FilingError` a
person can act on), locks the rows it changes, changes them and writes the
audit entry. Admin views, API views and tasks all go through these.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from approvals import routing
from approvals.models import ReviewStep
from approvals.notifications import announce

from . import documents, intake, tokens
from .models import (
    ApiToken,
    Application,
    Attachment,
    AttachmentKind,
    DataSource,
    DocumentKind,
    Filing,
    FilingLevel,
    OrganizingUnit,
    ReviewMeeting,
)
from .permissions import (
    administered_units,
    filings_of_units,
    importing_units,
    visible_filings,
)
from .review_rules import meeting_findings
from .validators import (
    validate_conferred_on,
    validate_notice_number,
    validate_notice_year,
)

logger = logging.getLogger(__name__)

# Fields DESIGN rule 1 fixes once the filing has been saved.
FIXED_AFTER_FIRST_SAVE = (
    "organizing_unit",
    "review_year",
    "data_source",
    "filing_level",
)


class FilingError(Exception):
    """A change that cannot be made now, with a message the user can act on.

    `field` names the form field the message belongs beside, when there is one.
    """

    code = "invalid"
    message = _("This change cannot be made.")
    field = None

    def __init__(self, message=None, *, field=None):
        if message is not None:
            self.message = message
        if field is not None:
            self.field = field
        super().__init__(str(self.message))


class NotPermitted(FilingError, PermissionDenied):
    code = "permission_denied"
    message = _("You are not a filing administrator of this filing's unit.")


class NotEditable(FilingError):
    code = "not_editable"
    message = _("This filing has been submitted; it cannot be changed any more.")


class FieldFixed(FilingError):
    code = "fixed_after_first_save"
    message = _("This field cannot be changed after the first save.")


class NoticeNumberTaken(FilingError):
    code = "notice_number_taken"
    message = _("Another filing already uses this notice number.")
    field = "notice_number"


class NoReceivingOffice(FilingError):
    code = "no_receiving_office"
    message = _(
        "No route of review offices is set up for filings like this one; "
        "ask the system administrator to add it."
    )


class ReviewRuleBroken(FilingError):
    """A meeting that breaks a review rule whose setting says "refuse"."""

    code = "review_rule"


class WrongAttachment(FilingError):
    code = "wrong_attachment"
    message = _("This kind of filing has no such attachment.")


class NotWithdrawable(FilingError):
    code = "not_withdrawable"
    message = _(
        "Only a submitted filing that no office has acted on yet can be withdrawn."
    )


@dataclass
class Problem:
    """One reason a filing cannot be submitted yet, and where to fix it."""

    step: int
    field: str
    message: str


class SubmissionRefused(FilingError):
    code = "incomplete"
    message = _("The filing cannot be submitted yet; fix the problems listed.")

    def __init__(self, problems):
        self.problems = problems
        super().__init__()


# Guards: each answers one question and raises when the answer is no.


def can_administer(user, filing):
    if not user.has_perm("filing.change_filing"):
        raise NotPermitted
    if not filings_of_units(user).filter(pk=filing.pk).exists():
        raise NotPermitted


def can_edit(user, filing):
    can_administer(user, filing)
    if not filing.is_editable:
        raise NotEditable


def can_view(user, filing):
    if not visible_filings(user).filter(pk=filing.pk).exists():
        raise NotPermitted(_("You may not see this filing."))


def _locked(filing):
    return Filing.objects.select_for_update().get(pk=filing.pk)


def _touch(filing):
    filing.last_action_at = timezone.now()
    filing.save(update_fields=["last_action_at"])


# Step 1: basic information


def create_filing(user, *, organizing_unit, **fields):
    if not user.has_perm("filing.add_filing"):
        raise NotPermitted
    if not administered_units(user).filter(pk=organizing_unit.pk).exists():
        raise NotPermitted(field="organizing_unit")

    with transaction.atomic():
        filing = Filing.objects.create(
            organizing_unit=organizing_unit, created_by=user, **fields
        )
        log(filing, "filing.create", user=user)
    return filing


# Step 1 of a pre-review filing: the meeting

# The meeting's fields a pre-review filing's first step saves.
MEETING_FIELDS = (
    "committee_name",
    "committee_scope",
    "series",
    "specialties",
    "meeting_date",
    "place",
    "committee_size",
    "experts_present",
)


def check_review_rules(filing_level, meeting):
    """Raise for the first rule the meeting breaks whose setting refuses it."""
    for finding in meeting_findings(
        filing_level=filing_level,
        committee_scope=meeting.get("committee_scope"),
        committee_size=meeting.get("committee_size"),
        experts_present=meeting.get("experts_present"),
    ):
        if finding.refuses:
            raise ReviewRuleBroken(finding.message, field=finding.field)


def create_pre_review_filing(user, *, organizing_unit, meeting, **fields):
    """A pre-review filing and its meeting; the committee's name titles it."""
    check_review_rules(fields.get("filing_level"), meeting)

    with transaction.atomic():
        filing = create_filing(
            user,
            organizing_unit=organizing_unit,
            kind=Filing.Kind.PRE_REVIEW,
            notice_title=meeting["committee_name"],
            **fields,
        )
        ReviewMeeting.objects.create(filing=filing, **meeting)
    return filing


def update_meeting(user, filing, **meeting):
    can_edit(user, filing)

    with transaction.atomic():
        filing = _locked(filing)
        can_edit(user, filing)
        record = filing.meeting
        merged = {name: getattr(record, name) for name in MEETING_FIELDS} | meeting
        check_review_rules(filing.filing_level, merged)
        changed = sorted(
            name for name, value in meeting.items() if getattr(record, name) != value
        )
        if changed:
            for name in changed:
                setattr(record, name, meeting[name])
            record.full_clean(exclude=["filing"])
            record.save()
            filing.notice_title = record.committee_name
            filing.last_action_at = timezone.now()
            filing.save(update_fields=["notice_title", "last_action_at"])
            log(filing, "filing.edit_meeting", user=user, data={"fields": changed})
    return filing


def update_basic_information(user, filing, **fields):
    can_edit(user, filing)

    with transaction.atomic():
        filing = _locked(filing)
        can_edit(user, filing)
        for name in FIXED_AFTER_FIRST_SAVE:
            if name in fields and fields[name] != getattr(filing, name):
                raise FieldFixed(field=name)
        changed = {
            name: value
            for name, value in fields.items()
            if getattr(filing, name) != value
        }
        if changed:
            for name, value in changed.items():
                setattr(filing, name, value)
            filing.last_action_at = timezone.now()
            filing.save()
            log(filing, "filing.edit", user=user, data={"fields": sorted(changed)})
    return filing


# Step 2: applications


@dataclass
class SelectionResult:
    added: int
    unavailable: int


def select_applications(user, filing, applications):
    """Claim applications for the filing; the database settles any race.

    `applications` is a queryset (e.g. every candidate matching a filter) or a
    list of ids. Those outside the filing's pool are ignored, and those another
    filing holds — even one that claimed them a moment ago — are counted as
    unavailable rather than taken.
    """
    can_edit(user, filing)
    requested = _ids(applications)

    with transaction.atomic():
        filing = _locked(filing)
        can_edit(user, filing)
        entries = _entries(filing)
        pool = filing.eligible_pool().filter(pk__in=requested)
        if filing.is_pre_review:
            # Candidates of another live meeting stay with it. Nothing in the
            # database forbids the overlap (a candidacy claims nothing, rule 2
            # is about filed results), so this read-then-write check can lose a
            # race between two meetings; the worst outcome is one application
            # listed before two meetings, which the offices see.
            pool = pool.exclude(filing.held(others_only=True))
        eligible = set(pool.values_list("pk", flat=True))
        already = set(
            entries.filter(application_id__in=eligible).values_list(
                "application_id", flat=True
            )
        )
        # For post-review filings, the partial unique constraint on live
        # entries is what keeps an application in one live filing: a
        # conflicting row is skipped, not raised, and counted below.
        entries.model.objects.bulk_create(
            [
                entries.model(filing=filing, application_id=pk)
                for pk in sorted(eligible - already)
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        now_held = set(
            entries.filter(application_id__in=eligible).values_list(
                "application_id", flat=True
            )
        )
        added = len(now_held - already)
        if added:
            _touch(filing)
            log(filing, "filing.select_applications", user=user, data={"count": added})
    return SelectionResult(added=added, unavailable=len(requested) - len(now_held))


def deselect_applications(user, filing, applications):
    can_edit(user, filing)
    requested = _ids(applications)

    with transaction.atomic():
        filing = _locked(filing)
        can_edit(user, filing)
        removed, _details = (
            _entries(filing).filter(application_id__in=requested).delete()
        )
        if removed:
            _touch(filing)
            log(
                filing,
                "filing.deselect_applications",
                user=user,
                data={"count": removed},
            )
    return removed


def _entries(filing):
    """The rows that put applications in the filing: candidacies or selections."""
    return filing.candidates.all() if filing.is_pre_review else filing.entries.all()


def _ids(applications):
    if hasattr(applications, "values_list"):
        return set(applications.values_list("pk", flat=True))
    return {int(pk) for pk in applications}


# Step 3: generated documents and scans


def request_document(user, filing, kind):
    can_view(user, filing)
    document = documents.request_document(filing, DocumentKind(kind), user)
    log(
        filing,
        "filing.request_document",
        user=user,
        data={"kind": kind, "status": document.status},
    )
    return document


def upload_attachment(user, filing, kind, uploaded_file, report):
    """Store a checked scan; the one it replaces stays in the history."""
    can_edit(user, filing)
    kind = AttachmentKind(kind)
    if kind not in filing.attachment_kinds:
        raise WrongAttachment(field=kind.value)

    with transaction.atomic():
        filing = _locked(filing)
        can_edit(user, filing)
        now = timezone.now()
        replaced = filing.attachments.filter(
            kind=kind, replaced_at__isnull=True
        ).update(replaced_at=now)
        attachment = Attachment(
            filing=filing,
            kind=kind,
            original_name=uploaded_file.name,
            size=report.size,
            sha256=report.sha256,
            uploaded_by=user,
            uploaded_at=now,
        )
        attachment.file.save(uploaded_file.name, uploaded_file, save=False)
        attachment.save()
        _touch(filing)
        log(
            filing,
            "filing.upload_attachment",
            user=user,
            data={
                "kind": kind.value,
                "name": attachment.original_name,
                "sha256": attachment.sha256,
                "replaced": bool(replaced),
            },
        )
    return attachment


# Step 4: notice number and conferred date


def set_notice(user, filing, *, notice_number, conferred_on):
    can_edit(user, filing)

    with transaction.atomic():
        filing = _locked(filing)
        can_edit(user, filing)
        _check_notice_number_free(filing, notice_number)
        filing.notice_number = notice_number
        filing.conferred_on = conferred_on
        filing.last_action_at = timezone.now()
        try:
            with transaction.atomic():
                filing.save()
        except IntegrityError:
            # Another filing took the number between our check and our write.
            raise NoticeNumberTaken from None
        log(
            filing,
            "filing.set_notice",
            user=user,
            data={"notice_number": notice_number, "conferred_on": str(conferred_on)},
        )
    return filing


def _check_notice_number_free(filing, notice_number):
    taken = (
        Filing.objects.live()
        .filter(notice_number=notice_number)
        .exclude(pk=filing.pk)
        .exists()
    )
    if notice_number and taken:
        raise NoticeNumberTaken


# Step 5: submission


def submission_problems(filing):
    """Every rule checked once more, as (step, field, message) problems."""
    problems = []
    selected = filing.selected_applications()
    selected_count = selected.count()

    if filing.is_pre_review:
        problems += _meeting_problems(filing)
    else:
        if not filing.notice_title.strip():
            problems.append(Problem(1, "notice_title", _("Enter the notice title.")))
        problems += _pre_review_link_problems(filing)
    if selected_count == 0:
        problems.append(
            Problem(2, "applications", _("Select at least one application."))
        )
    elif selected_count != filing.declared_headcount:
        if filing.is_pre_review:
            mismatch = _(
                "The number of candidates is %(declared)d but %(selected)d "
                "applications are selected."
            )
        else:
            mismatch = _(
                "The declared headcount is %(declared)d but %(selected)d "
                "applications are selected."
            )
        problems.append(
            Problem(
                1,
                "declared_headcount",
                mismatch
                % {"declared": filing.declared_headcount, "selected": selected_count},
            )
        )
    outside_pool = selected.exclude(pk__in=filing.eligible_pool().values("pk")).count()
    if outside_pool:
        problems.append(
            Problem(
                2,
                "applications",
                _(
                    "%(count)d selected applications no longer qualify for this "
                    "filing; remove them."
                )
                % {"count": outside_pool},
            )
        )

    present = set(
        filing.attachments.filter(replaced_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
    for kind in filing.attachment_kinds:
        if kind.value not in present:
            problems.append(
                Problem(
                    3,
                    kind.value,
                    _("Upload the %(attachment)s.") % {"attachment": kind.label},
                )
            )

    if not filing.is_pre_review:
        problems += _notice_problems(filing)
    return problems


def _meeting_problems(filing):
    meeting = ReviewMeeting.objects.filter(filing=filing).first()
    if meeting is None:
        return [Problem(1, "committee_name", _("Enter the meeting's details."))]
    return [
        Problem(1, finding.field, finding.message)
        for finding in meeting_findings(
            filing_level=filing.filing_level,
            committee_scope=meeting.committee_scope,
            committee_size=meeting.committee_size,
            experts_present=meeting.experts_present,
        )
        if finding.refuses
    ]


# Statuses of a pre-review filing whose meeting a post-review filing may follow.
APPROVED_STATUSES = (Filing.Status.APPROVED, Filing.Status.CERTIFICATES_ISSUED)


def needs_pre_review(filing):
    """Whether a post-review filing must name the pre-review filing it follows."""
    return (
        filing.filing_level == FilingLevel.SENIOR
        or filing.organizing_unit.kind == OrganizingUnit.Kind.SELF_ACCREDITING
        or settings.PRE_REVIEW_REQUIRED_FOR_INTERMEDIATE_JUNIOR
    )


def followable_pre_reviews(filing):
    """The approved pre-review filings a post-review filing like this may follow."""
    return Filing.objects.filter(
        kind=Filing.Kind.PRE_REVIEW,
        status__in=APPROVED_STATUSES,
        organizing_unit_id=filing.organizing_unit_id,
        review_year=filing.review_year,
        filing_level=filing.filing_level,
        data_source=filing.data_source,
    )


def _pre_review_link_problems(filing):
    if filing.pre_review_id is None:
        if needs_pre_review(filing):
            return [
                Problem(
                    1,
                    "pre_review",
                    _(
                        "Choose the approved pre-review filing of the meeting "
                        "these results come from."
                    ),
                )
            ]
        return []
    if not followable_pre_reviews(filing).filter(pk=filing.pre_review_id).exists():
        return [
            Problem(
                1,
                "pre_review",
                _(
                    "The chosen pre-review filing is not an approved one of this "
                    "unit, review year, data source and level."
                ),
            )
        ]
    return []


def _notice_problems(filing):
    problems = []
    if not filing.notice_number:
        problems.append(Problem(4, "notice_number", _("Enter the notice number.")))
    else:
        try:
            validate_notice_number(filing.notice_number)
            validate_notice_year(filing.notice_number, filing.review_year)
            _check_notice_number_free(filing, filing.notice_number)
        except ValidationError as error:
            problems += [Problem(4, "notice_number", m) for m in error.messages]
        except NoticeNumberTaken as error:
            problems.append(Problem(4, "notice_number", error.message))

    if not filing.conferred_on:
        problems.append(Problem(4, "conferred_on", _("Enter the conferred date.")))
    else:
        try:
            validate_conferred_on(filing.conferred_on, filing.review_year)
        except ValidationError as error:
            problems += [Problem(4, "conferred_on", m) for m in error.messages]
    return problems


def submit_filing(user, filing):
    """Check every rule, freeze the filing and send it on its way.

    The first submission fixes the filing's route; a filing an office returned
    goes back to that office.
    """
    can_edit(user, filing)

    with transaction.atomic():
        filing = _locked(filing)
        can_edit(user, filing)
        problems = submission_problems(filing)
        if problems:
            raise SubmissionRefused(problems)
        if filing.status == Filing.Status.RETURNED:
            stop, action = filing.current_stop, ReviewStep.Action.RESUBMITTED
        else:
            stop, action = routing.plan_stops(filing), ReviewStep.Action.SUBMITTED
        if stop is None:
            raise NoReceivingOffice

        now = timezone.now()
        filing.status = routing.arrival_status(stop, forwarded=False)
        filing.current_stop = stop
        filing.current_office = stop.office
        filing.submitted_at = now
        filing.last_action_at = now
        filing.save()
        step = ReviewStep.objects.create(
            filing=filing,
            to_office=stop.office,
            action=action,
            actor=user,
            acted_at=now,
            snapshot=snapshot(filing),
        )
        log(
            filing,
            "filing.submit",
            user=user,
            data={"office": stop.office.name, "office_id": stop.office_id},
        )
        announce(step)
        # What was printed before the notice number was known is rendered
        # again with it, for the offices to read.
        if not filing.is_pre_review:
            for kind in DocumentKind:
                documents.request_document(filing, kind, user)
    logger.info("filing %s submitted to office %s", filing.pk, stop.office_id)
    return filing


def withdraw_filing(user, filing, *, reason=""):
    """Take back a submitted filing before any office has acted on it.

    Its applications and notice number become free for another filing.
    """
    _check_withdrawable(user, filing)

    with transaction.atomic():
        filing = _locked(filing)
        _check_withdrawable(user, filing)
        now = timezone.now()
        office = filing.current_office
        filing.status = Filing.Status.WITHDRAWN
        filing.current_stop = None
        filing.current_office = None
        filing.last_action_at = now
        filing.save()
        released = filing.entries.live().update(released_at=now)
        ReviewStep.objects.create(
            filing=filing,
            office=None,
            to_office=office,
            action=ReviewStep.Action.WITHDRAWN,
            reason=reason,
            actor=user,
            acted_at=now,
        )
        log(
            filing,
            "filing.withdraw",
            user=user,
            data={"applications_released": released, "reason": reason},
        )
    return filing


def snapshot(filing):
    """The filing as submitted, kept with the step so every version survives."""
    return {
        "kind": filing.kind,
        "pre_review": filing.pre_review_id,
        "meeting": _meeting_snapshot(filing),
        "notice_title": filing.notice_title,
        "review_year": filing.review_year,
        "declared_headcount": filing.declared_headcount,
        "data_source": filing.data_source,
        "filing_level": filing.filing_level,
        "notice_number": filing.notice_number,
        "conferred_on": filing.conferred_on.isoformat()
        if filing.conferred_on
        else None,
        "applications": list(
            filing.selected_applications()
            .order_by("number")
            .values_list("number", flat=True)
        ),
        "attachments": [
            {"kind": kind, "name": name, "sha256": sha256}
            for kind, name, sha256 in filing.attachments.filter(
                replaced_at__isnull=True
            ).values_list("kind", "original_name", "sha256")
        ],
    }


def _meeting_snapshot(filing):
    meeting = ReviewMeeting.objects.filter(filing=filing).first()
    if meeting is None:
        return None
    return {
        "committee_name": meeting.committee_name,
        "committee_scope": meeting.committee_scope,
        "series": meeting.series.code,
        "specialties": meeting.specialties,
        "meeting_date": meeting.meeting_date.isoformat(),
        "place": meeting.place,
        "committee_size": meeting.committee_size,
        "experts_present": meeting.experts_present,
    }


def _check_withdrawable(user, filing):
    can_administer(user, filing)
    acted_on = filing.review_steps.exclude(action=ReviewStep.Action.SUBMITTED)
    if filing.status != Filing.Status.SUBMITTED or acted_on.exists():
        raise NotWithdrawable


def can_withdraw(user, filing):
    try:
        _check_withdrawable(user, filing)
    except FilingError:
        return False
    return True


# Deleting a draft


def delete_draft(user, filing):
    """Delete a filing never submitted; its applications become free again."""
    can_administer(user, filing)
    if filing.status != Filing.Status.DRAFT:
        raise NotEditable(_("Only a draft can be deleted."))

    with transaction.atomic():
        filing = _locked(filing)
        if filing.status != Filing.Status.DRAFT:
            raise NotEditable(_("Only a draft can be deleted."))
        files = [a.file.name for a in filing.attachments.all()] + [
            d.file.name for d in filing.documents.exclude(file="")
        ]
        log(
            filing,
            "filing.delete",
            user=user,
            data={"applications": _entries(filing).count()},
        )
        filing.delete()
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])


# Applications


def check_import(user, rows, *, organizing_unit, review_year, lines=None):
    """The verdict on each row of a file of applications; nothing is saved."""
    units = _importing_units(user, organizing_unit)
    return intake.check_rows(
        rows,
        units=units,
        data_source=DataSource.IMPORTED,
        organizing_unit=organizing_unit,
        review_year=review_year,
        lines=lines,
    )


def import_applications(
    user, rows, *, source, organizing_unit, review_year, lines=None
):
    """Save the accepted rows of a file of applications as imported ones.

    `source` names the file in the audit entry. Rows are checked again as
    they are saved; the returned batch says what was done with each.
    """
    units = _importing_units(user, organizing_unit)
    return intake.save_rows(
        rows,
        user=user,
        source=source,
        units=units,
        data_source=DataSource.IMPORTED,
        organizing_unit=organizing_unit,
        review_year=review_year,
        lines=lines,
    )


def _importing_units(user, organizing_unit):
    units = list(importing_units(user))
    if organizing_unit not in units:
        raise NotPermitted(
            _("You may not import applications for this unit."),
            field="organizing_unit",
        )
    return units


# Personal data


def reveal_id_number(user, application):
    """The full ID number, for those allowed to see it; every reveal is logged."""
    if not user.has_perm("filing.view_full_id_number"):
        raise NotPermitted(_("You may not see full ID numbers."))
    if not Application.objects.filter(
        pk=application.pk, organizing_unit__in=administered_units(user)
    ).exists():
        raise NotPermitted(_("You may not see full ID numbers."))
    log(application, "filing.reveal_id_number", user=user)
    return application.id_number


# API tokens


def create_api_token(user, **fields):
    """Make a token and return it with its key, which is never shown again."""
    if not user.has_perm("filing.add_apitoken"):
        raise NotPermitted(_("Only system administrators manage API tokens."))
    key, prefix = tokens.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            prefix=prefix, key_hash=tokens.hash_key(key), created_by=user, **fields
        )
        log(token, "filing.create_api_token", user=user)
    return token, key


def revoke_api_token(user, token):
    """Stop a token at once; the row stays, so its history can still be read."""
    if not user.has_perm("filing.change_apitoken"):
        raise NotPermitted(_("Only system administrators manage API tokens."))
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            log(token, "filing.revoke_api_token", user=user)
    token.refresh_from_db()
    return token


def push_applications(token, rows):
    """The declaration platform's applications, created or updated by number.

    A unit's token pushes for its unit alone; a portal's for any unit, each
    row naming its own. Rows are checked and saved by `intake`, as an import
    is: pushing the same rows again changes nothing.
    """
    if ApiToken.Scope.PUSH_APPLICATIONS not in token.scopes:
        raise NotPermitted(_("This API token may not push applications."))
    unit = token.organizing_unit
    units = [unit] if unit else list(OrganizingUnit.objects.all())
    return intake.save_rows(
        rows,
        user=token.acting_user,
        source=f"API: {token.name} ({token.prefix})",
        units=units,
        data_source=DataSource.DECLARED,
        organizing_unit=unit,
    )
