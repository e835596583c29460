"""Issuing and revoking certificates: numbers, codes, guards, audit, races."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from approvals import certificates
from approvals.certificates import (
    CODE_ALPHABET,
    AlreadyIssued,
    AlreadyRevoked,
    NotApproved,
    ReasonRequired,
    issue_certificates,
    mask_name,
    revoke_certificate,
)
from approvals.models import Certificate, ReviewStep
from filing.actions import NotPermitted
from filing.models import Filing
from tests.support import race

from .certificate_fixtures import (  # noqa: F401 (fixtures, known by short names)
    approved_filing_fixture,
    hr_office_fixture,
    issuer_fixture,
    kashgar_office_fixture,
    reviewer,
)

pytestmark = pytest.mark.django_db

NUMBER_FORM = re.compile(r"RST-2026-[0-9]{6}")


def at(text):
    """A moment, written in China Standard Time."""
    return datetime.datetime.fromisoformat(text + "+08:00")


def issue_at(moment, user, filing):
    with mock.patch("approvals.certificates.timezone.now", return_value=moment):
        return issue_certificates(user, filing)


def numbers_of(filing):
    return list(
        Certificate.objects.filter(filing=filing)
        .order_by("application__number")
        .values_list("number", flat=True)
    )


def logged_actions(filing):
    return list(
        ModelLogEntry.objects.for_instance(filing).values_list("action", flat=True)
    )


# Issuing


def test_every_application_gets_one_certificate_numbered_in_application_order(
    approved_filing, issuer
):
    filing = approved_filing(["王喆", "李堃", "阿依古丽·买买提"])

    issued = issue_at(at("2026-03-05T10:00:00"), issuer, filing)

    assert len(issued) == 3
    assert numbers_of(filing) == [
        "RST-2026-000001",
        "RST-2026-000002",
        "RST-2026-000003",
    ]
    names = Certificate.objects.order_by("number").values_list(
        "application__applicant_name", flat=True
    )
    assert list(names) == ["王喆", "李堃", "阿依古丽·买买提"]


def test_issuing_moves_the_filing_on_and_records_who_did_it_where(
    approved_filing, issuer, hr_office
):
    filing = approved_filing(["王喆", "李堃"])

    issue_certificates(issuer, filing)

    filing.refresh_from_db()
    assert filing.status == Filing.Status.CERTIFICATES_ISSUED
    step = filing.review_steps.latest("acted_at")
    assert (step.action, step.office, step.actor) == (
        ReviewStep.Action.CERTIFICATES_ISSUED,
        hr_office,
        issuer,
    )
    assert logged_actions(filing) == ["approvals.issue_certificates"]
    entry = ModelLogEntry.objects.for_instance(filing).get()
    first, last = numbers_of(filing)
    assert entry.data == {"office": hr_office.pk, "count": 2, "numbers": [first, last]}
    assert step.snapshot == {}
    assert (
        Certificate.objects.filter(filing=filing, issuing_office=hr_office).count() == 2
    )


def test_issuing_announces_the_step_and_queues_renders_once_committed(
    approved_filing, issuer, django_capture_on_commit_callbacks
):
    filing = approved_filing(["王喆"])

    with (
        mock.patch("approvals.certificates.announce") as announce,
        mock.patch("approvals.tasks.async_task") as async_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        issue_certificates(issuer, filing)

    announce.assert_called_once_with(filing.review_steps.latest("acted_at"))
    [call] = async_task.call_args_list
    assert call.args == (
        "approvals.tasks.render_certificates",
        list(Certificate.objects.values_list("pk", flat=True)),
    )


def test_numbers_count_on_per_office_and_restart_with_each_year(
    approved_filing, issuer, hr_office, kashgar_office
):
    kashgar_issuer = reviewer("kashgar_issuer", kashgar_office)
    first = approved_filing(["甲一", "乙二"])
    second = approved_filing(["丙三"])
    elsewhere = approved_filing(["丁四"], office=kashgar_office)
    next_year = approved_filing(["戊五"])

    issue_at(at("2026-03-05T10:00:00"), issuer, first)
    issue_at(at("2026-11-20T10:00:00"), issuer, second)
    issue_at(at("2026-11-20T10:00:00"), kashgar_issuer, elsewhere)
    issue_at(at("2027-01-04T10:00:00"), issuer, next_year)

    assert numbers_of(first) == ["RST-2026-000001", "RST-2026-000002"]
    assert numbers_of(second) == ["RST-2026-000003"]
    assert numbers_of(elsewhere) == ["653100-2026-000001"]
    assert numbers_of(next_year) == ["RST-2027-000001"]


def test_the_year_of_a_number_is_the_year_in_china(approved_filing, issuer):
    filing = approved_filing(["王喆"])

    # 31 December 2026, 17:30 in UTC, is already New Year's Day in Urumqi's
    # official time.
    issue_at(at("2027-01-01T01:30:00"), issuer, filing)

    assert numbers_of(filing) == ["RST-2027-000001"]
    assert Certificate.objects.get().year == 2027


def test_verification_codes_are_long_unambiguous_and_all_different(
    approved_filing, issuer
):
    filing = approved_filing([f"张{n}" for n in range(40)])

    issue_certificates(issuer, filing)

    codes = list(Certificate.objects.values_list("verification_code", flat=True))
    assert len(set(codes)) == 40
    for code in codes:
        assert len(code) == 20
        assert set(code) <= set(CODE_ALPHABET)
    assert not set("01OILU") & set(CODE_ALPHABET)
    assert len(CODE_ALPHABET) ** 20 > 2**80


def test_codes_come_from_the_secrets_module():
    with mock.patch("approvals.certificates.secrets.choice", return_value="A") as pick:
        assert certificates.new_verification_code() == "A" * 20
    assert pick.call_count == 20


@pytest.mark.parametrize(
    "typed",
    ["abcde-fghjk-mnpqr-stvwx", "ABCDE FGHJK MNPQR STVWX", "abcdefghjkmnpqrstvwx"],
)
def test_a_code_typed_in_any_case_with_spaces_or_dashes_reads_the_same(typed):
    assert certificates.normalize_verification_code(typed) == "ABCDEFGHJKMNPQRSTVWX"


def test_codes_are_printed_in_groups_of_five():
    assert (
        certificates.grouped_code("ABCDEFGHJKMNPQRSTVWX") == "ABCDE-FGHJK-MNPQR-STVWX"
    )


# Guards


def test_a_reviewer_of_another_office_may_not_issue(approved_filing, kashgar_office):
    filing = approved_filing(["王喆"])
    stranger = reviewer("kashgar_reviewer", kashgar_office)

    with pytest.raises(NotPermitted) as refusal:
        issue_certificates(stranger, filing)

    assert refusal.value.code == "permission_denied"
    assert not Certificate.objects.exists()


def test_a_reviewer_of_the_office_without_the_permission_may_not_issue(
    approved_filing, hr_office
):
    filing = approved_filing(["王喆"])
    colleague = reviewer(
        "colleague", hr_office, "wagtailadmin.access_admin", "filing.view_filing"
    )

    with pytest.raises(NotPermitted):
        issue_certificates(colleague, filing)


def test_the_filer_may_not_issue_their_own_certificates(approved_filing, filer):
    filing = approved_filing(["王喆"])

    with pytest.raises(NotPermitted):
        issue_certificates(filer, filing)


@pytest.mark.parametrize(
    "status", [Filing.Status.SUBMITTED, Filing.Status.RETURNED, Filing.Status.DRAFT]
)
def test_a_filing_not_yet_approved_gets_no_certificates(
    approved_filing, issuer, status
):
    filing = approved_filing(["王喆"])
    Filing.objects.filter(pk=filing.pk).update(status=status)
    filing.refresh_from_db()

    with pytest.raises(NotApproved) as refusal:
        issue_certificates(issuer, filing)

    assert refusal.value.code == "not_approved"
    assert not Certificate.objects.exists()


def test_issuing_twice_is_refused_and_numbers_nothing_again(approved_filing, issuer):
    filing = approved_filing(["王喆", "李堃"])
    issue_certificates(issuer, filing)

    with pytest.raises(AlreadyIssued):
        issue_certificates(issuer, filing)

    assert numbers_of(filing) == [
        f"RST-{Certificate.objects.first().year}-000001",
        f"RST-{Certificate.objects.first().year}-000002",
    ]
    assert filing.review_steps.filter(action="certificates_issued").count() == 1


def test_a_refusal_from_an_old_copy_of_the_filing_is_decided_on_the_locked_row(
    approved_filing, issuer
):
    filing = approved_filing(["王喆"])
    stale = Filing.objects.get(pk=filing.pk)
    issue_certificates(issuer, filing)

    with pytest.raises(AlreadyIssued):
        issue_certificates(issuer, stale)


# Revoking


@pytest.fixture
def issued(approved_filing, issuer):
    filing = approved_filing(["王喆", "李堃"])
    issue_certificates(issuer, filing)
    return Certificate.objects.order_by("number").first()


def test_a_reviewer_of_the_issuing_office_revokes_with_a_reason(issued, issuer):
    revoke_certificate(issuer, issued, "  资格证明材料系伪造  ")

    issued.refresh_from_db()
    assert issued.revoked_by == issuer
    assert issued.revoked_at is not None
    assert issued.revoke_reason == "资格证明材料系伪造"
    entry = ModelLogEntry.objects.for_instance(issued.filing).latest("timestamp")
    assert entry.action == "approvals.revoke_certificate"
    assert entry.data == {"certificate": issued.number, "reason": "资格证明材料系伪造"}


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_revoking_without_a_reason_is_refused_beside_the_reason_field(
    issued, issuer, reason
):
    with pytest.raises(ReasonRequired) as refusal:
        revoke_certificate(issuer, issued, reason)

    assert refusal.value.field == "reason"
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_revoking_twice_is_refused_and_keeps_the_first_reason(issued, issuer):
    revoke_certificate(issuer, issued, "第一次")

    with pytest.raises(AlreadyRevoked) as refusal:
        revoke_certificate(issuer, issued, "第二次")

    assert refusal.value.code == "already_revoked"
    issued.refresh_from_db()
    assert issued.revoke_reason == "第一次"


def test_only_reviewers_of_the_issuing_office_with_the_permission_revoke(
    issued, hr_office, kashgar_office, filer
):
    stranger = reviewer("kashgar_reviewer", kashgar_office)
    colleague = reviewer(
        "colleague", hr_office, "wagtailadmin.access_admin", "filing.view_filing"
    )

    for user in (stranger, colleague, filer):
        with pytest.raises(NotPermitted):
            revoke_certificate(user, issued, "理由")

    issued.refresh_from_db()
    assert issued.revoked_at is None


# The holder's name as the public sees it


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("阿依古丽", "阿*古丽"),
        ("王喆", "王*"),
        ("张小明", "张*明"),
        ("欧阳娜娜", "欧*娜娜"),
        ("热依拉", "热*拉"),
        ("阿依古丽·买买提", "阿*古丽·买*提"),
        ("阿不都热合曼·艾买提", "阿**热合曼·艾*提"),
        ("ئايگۈل مەمەت", "ئ**گۈل م**ەت"),
        ("Aygul Memet", "A**ul M**et"),
        ("黄𠇔", "黄*"),
        ("王", "王"),
        ("", ""),
    ],
)
def test_masked_names_keep_the_first_character_and_the_second_half_of_each_part(
    name, masked
):
    assert mask_name(name) == masked


# Racing


def issue_as(user_pk, filing_pk):
    user = get_user_model().objects.get(pk=user_pk)
    return len(issue_certificates(user, Filing.objects.get(pk=filing_pk)))


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_of_two_reviewers_issuing_one_filing_at_once_exactly_one_numbers_it(
    approved_filing, issuer, hr_office
):
    filing = approved_filing(["王喆", "李堃", "张小明"])
    colleague = reviewer("colleague", hr_office)

    outcomes = race(issue_as, [(issuer.pk, filing.pk), (colleague.pk, filing.pk)])

    assert sorted(kind for kind, _value in outcomes) == ["error", "ok"], outcomes
    [refusal] = [value for kind, value in outcomes if kind == "error"]
    assert "AlreadyIssued" in refusal
    assert Certificate.objects.filter(filing=filing).count() == 3
    assert ReviewStep.objects.filter(action="certificates_issued").count() == 1


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_filings_of_one_office_issued_at_once_never_share_a_number(
    approved_filing, issuer, hr_office
):
    filings = [approved_filing([f"{s}{n}" for n in range(5)]) for s in "赵钱孙李"]
    colleagues = [issuer] + [reviewer(f"colleague{n}", hr_office) for n in range(3)]

    outcomes = race(
        issue_as,
        [
            (user.pk, filing.pk)
            for user, filing in zip(colleagues, filings, strict=True)
        ],
    )

    assert [kind for kind, _value in outcomes] == ["ok"] * 4, outcomes
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 21))
    for filing in filings:
        # Each filing's numbers are one unbroken run.
        own = sorted(filing.certificates.values_list("sequence", flat=True))
        assert own == list(range(own[0], own[0] + 5))
