"""Electronic title certificates: issuing, numbering and revoking them (rule 11).

Certificate numbers read `<office code>-<year>-<sequence>`, e.g.
`RST-2026-000123`: the issuing office's code as written in its snippet, the
year of issue in China Standard Time, and a sequence of at least six digits
that counts up from 000001 per office and year. The year and the sequence
have fixed widths, so two offices never print the same number. Numbering is
serialised by locking the issuing office's row (on SQLite, the IMMEDIATE
transaction takes the database's write lock first), and the database's
unique constraint on (office, year, sequence) backs it: no number is ever
handed out twice, and a filing's certificates are numbered in one unbroken
run, in the order of their application numbers.

Verification codes are 20 characters drawn by `secrets` from 30 capital
letters and digits, leaving out those read as one another (0 and O; 1, I and
L; U and V keep only V): about 98 bits, safe in a URL, printed in groups of
five. Verification accepts them in any case, with or without the dashes.
"""

import logging
import secrets
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from filing.actions import FilingError, NotPermitted
from filing.models import Filing
from filing.validators import CHINA_TIME

from .actions import offices_of
from .models import Certificate, ReviewOffice, ReviewStep
from .notifications import announce

logger = logging.getLogger(__name__)

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20
CODE_GROUP = 5
SEQUENCE_DIGITS = 6
LAST_SEQUENCE = 10**SEQUENCE_DIGITS - 1


class NotApproved(FilingError):
    code = "not_approved"
    message = _("Certificates can be issued only for an approved filing.")


class NoCertificatesForMeetings(FilingError):
    code = "pre_review"
    message = _(
        "A pre-review filing registers a meeting; certificates follow its "
        "post-review filing."
    )


class AlreadyIssued(FilingError):
    code = "already_issued"
    message = _("The certificates of this filing have already been issued.")


class NothingToCertify(FilingError):
    code = "nothing_to_certify"
    message = _("This filing holds no applications to issue certificates for.")


class NotIssued(FilingError):
    code = "not_issued"
    message = _("The certificates of this filing have not been issued yet.")


class NothingMissing(FilingError):
    code = "nothing_missing"
    message = _("Every certificate of this filing has its PDF.")


class SequenceExhausted(FilingError):
    code = "sequence_exhausted"
    message = _(
        "Your office has used up this year's certificate numbers; ask the "
        "system administrator to widen the number format."
    )


class ReasonRequired(FilingError):
    code = "reason_required"
    message = _("Give the reason for revoking; it is kept with the certificate.")
    field = "reason"


class AlreadyRevoked(FilingError):
    code = "already_revoked"
    message = _("This certificate has already been revoked.")


# Guards


def is_reviewer_of(user, office_id):
    return office_id is not None and offices_of(user).filter(pk=office_id).exists()


def can_issue_certificates(user, filing):
    """The user acts for the approving office, and the filing waits for them."""
    if not user.has_perm("approvals.issue_certificates") or not is_reviewer_of(
        user, filing.current_office_id
    ):
        raise NotPermitted(
            _("Only reviewers of the approving office may issue its certificates.")
        )
    if filing.is_pre_review:
        raise NoCertificatesForMeetings
    if filing.status == Filing.Status.CERTIFICATES_ISSUED:
        raise AlreadyIssued
    if filing.status != Filing.Status.APPROVED:
        raise NotApproved


def can_prepare_pdfs(user, filing):
    """The user may ask again for the PDFs of certificates their office issued."""
    if not user.has_perm("approvals.issue_certificates") or not is_reviewer_of(
        user, filing.current_office_id
    ):
        raise NotPermitted(
            _("Only reviewers of the issuing office may prepare its certificates.")
        )
    if filing.status != Filing.Status.CERTIFICATES_ISSUED:
        raise NotIssued


def can_revoke_certificate(user, certificate):
    if not user.has_perm("approvals.revoke_certificate") or not is_reviewer_of(
        user, certificate.issuing_office_id
    ):
        raise NotPermitted(
            _("Only reviewers of the issuing office may revoke its certificates.")
        )
    if certificate.revoked_at is not None:
        raise AlreadyRevoked


# Numbers and codes


def certificate_number(office_code, year, sequence):
    return f"{office_code}-{year:04d}-{sequence:0{SEQUENCE_DIGITS}d}"


def new_verification_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_verification_code(value):
    """The code as stored, from what a person typed: any case, spaces, dashes."""
    return "".join(value.split()).replace("-", "").upper()


def is_well_formed_code(value):
    return len(value) == CODE_LENGTH and all(c in CODE_ALPHABET for c in value)


def grouped_code(code):
    """`ABCDE-FGHJK-…`, as printed on the certificate."""
    return "-".join(
        code[start : start + CODE_GROUP] for start in range(0, len(code), CODE_GROUP)
    )


def verification_url(certificate):
    """The public address that checks the certificate; its QR code holds it."""
    query = urlencode(
        {"number": certificate.number, "code": certificate.verification_code}
    )
    path = reverse("api:certificate_verification")
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}?{query}"


def mask_name(name):
    """The holder's name as the public may see it: `阿依古丽` becomes `阿*古丽`.

    Each part of the name (parts are joined by a middle dot, as in
    `阿依古丽·买买提`, or by spaces, as in Uyghur and Latin script) keeps its
    first character and its second half; what lies between is starred, at
    least one character, so a two-character part keeps only its first.
    """
    parts = []
    for word in name.split():
        pieces = []
        for piece in word.replace("•", "·").replace("・", "·").split("·"):
            length = len(piece)
            if length < 2:
                pieces.append(piece)
                continue
            hidden = max(1, length - 1 - length // 2)
            pieces.append(piece[0] + "*" * hidden + piece[1 + hidden :])
        parts.append("·".join(pieces))
    return " ".join(parts)


# Actions


def issue_certificates(user, filing):
    """Number a certificate for every application of an approved filing.

    Returns the certificates created. Their PDFs are rendered by django-q2
    tasks once the transaction has committed (see approvals.tasks).
    """
    can_issue_certificates(user, filing)

    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(pk=filing.pk)
        can_issue_certificates(user, filing)
        office = ReviewOffice.objects.select_for_update().get(
            pk=filing.current_office_id
        )

        now = timezone.now()
        certificates = _number_missing_certificates(filing, office, now)
        if not certificates and not filing.certificates.exists():
            raise NothingToCertify

        filing.status = Filing.Status.CERTIFICATES_ISSUED
        filing.last_action_at = now
        filing.save(update_fields=["status", "last_action_at"])
        step = ReviewStep.objects.create(
            filing=filing,
            office=office,
            action=ReviewStep.Action.CERTIFICATES_ISSUED,
            actor=user,
            acted_at=now,
        )
        log(
            filing,
            "approvals.issue_certificates",
            user=user,
            # One unbroken run of numbers: its ends say which.
            data={
                "office": office.pk,
                "count": len(certificates),
                "numbers": [certificates[0].number, certificates[-1].number]
                if certificates
                else [],
            },
        )
        announce(step)

        from .tasks import queue_renders

        transaction.on_commit(partial(queue_renders, filing.pk))
    return certificates


def _number_missing_certificates(filing, office, now):
    """Create the certificates the filing's applications lack; the office is locked."""
    applications = list(
        filing.selected_applications()
        .filter(certificate__isnull=True)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    if not applications:
        return []

    year = timezone.localtime(now, CHINA_TIME).year
    last = (
        Certificate.objects.filter(issuing_office=office, year=year).aggregate(
            last=Max("sequence")
        )["last"]
        or 0
    )
    if last + len(applications) > LAST_SEQUENCE:
        raise SequenceExhausted

    return Certificate.objects.bulk_create(
        [
            Certificate(
                filing=filing,
                application_id=application_id,
                issuing_office=office,
                year=year,
                sequence=sequence,
                number=certificate_number(office.code, year, sequence),
                verification_code=new_verification_code(),
                issued_at=now,
            )
            for sequence, application_id in enumerate(applications, start=last + 1)
        ],
        batch_size=500,
    )


def prepare_missing_pdfs(user, filing):
    """Queue again the renders of the filing's certificates that have no PDF.

    For when a render task failed: django-q2 lists it among its failed tasks
    and does not run it again by itself. Tasks render only what is missing,
    and a certificate renders to the same bytes every time, so asking while
    renders are still under way does no harm either. Returns how many PDFs
    are missing.
    """
    can_prepare_pdfs(user, filing)
    missing = filing.certificates.filter(file="").count()
    if not missing:
        raise NothingMissing

    from .tasks import queue_renders

    transaction.on_commit(partial(queue_renders, filing.pk))
    logger.info("Queued again the %s missing PDFs of filing %s", missing, filing.pk)
    return missing


def revoke_certificate(user, certificate, reason):
    """Mark a certificate revoked; verification answers "revoked" from now on."""
    can_revoke_certificate(user, certificate)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired

    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        can_revoke_certificate(user, certificate)

        certificate.revoked_at = timezone.now()
        certificate.revoked_by = user
        certificate.revoke_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        log(
            certificate.filing,
            "approvals.revoke_certificate",
            user=user,
            data={"certificate": certificate.number, "reason": reason},
        )
    return certificate
