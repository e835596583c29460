"""An approved filing waiting for its certificates, and the people around it.

The certificate test modules import the `*_fixture` functions, which pytest
knows by their short names (`hr_office`, `issuer`, ...). The filing is built
directly with the factories, as the review chain leaves it once the regional
HR office approves.
"""

import datetime
import itertools

import pytest
from django.utils import timezone

from approvals.factories import ReviewOfficeFactory
from approvals.models import FilingStop, ReviewOffice, ReviewStep, Task
from filing.factories import UserFactory
from filing.models import Filing
from tests.conftest import grant

# Notice numbers are unique among live filings.
_notice_serials = itertools.count(12)

REVIEWER_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "filing.view_filing",
    "approvals.issue_certificates",
    "approvals.revoke_certificate",
]


def reviewer(username, office, *permissions):
    user = UserFactory(username=username)
    grant(user, *(permissions or REVIEWER_PERMISSIONS))
    office.reviewers.add(user)
    return user


@pytest.fixture(name="hr_office")
def hr_office_fixture(db):
    return ReviewOfficeFactory(
        kind=ReviewOffice.Kind.REGIONAL_HR,
        prefecture="",
        code="RST",
        name="新疆维吾尔自治区人力资源和社会保障厅",
        name_ug="شىنجاڭ ئۇيغۇر ئاپتونوم رايونلۇق كىشىلىك بايلىق ۋە ئىجتىمائىي "
        "كاپالەت نازارىتى",
    )


@pytest.fixture(name="kashgar_office")
def kashgar_office_fixture(db):
    return ReviewOfficeFactory(
        prefecture="653100", code="653100", name="喀什地区职称改革工作领导小组办公室"
    )


@pytest.fixture(name="issuer")
def issuer_fixture(hr_office):
    """A reviewer of the approving office, allowed to issue and revoke."""
    return reviewer("issuer", hr_office)


@pytest.fixture(name="approved_filing")
def approved_filing_fixture(filing_with_applicants, hr_office, unit):
    """Builds a filing of `unit` (which `filer` administers), just approved.

    One application per name, in application-number order.
    """

    def build(names, office=None, **fields):
        office = office or hr_office
        fields.setdefault("unit", unit)
        fields.setdefault(
            "notice_number", f"新人社职改〔2024〕{next(_notice_serials)}号"
        )
        fields.setdefault("conferred_on", datetime.date(2024, 12, 30))
        filing = filing_with_applicants(names, **fields)
        stop = FilingStop.objects.create(
            filing=filing, position=0, office=office, task=Task.APPROVE
        )
        filing.status = Filing.Status.APPROVED
        filing.current_stop = stop
        filing.current_office = office
        filing.submitted_at = timezone.now()
        filing.save()
        ReviewStep.objects.create(
            filing=filing,
            office=office,
            action=ReviewStep.Action.APPROVED,
            actor=filing.created_by,
        )
        return filing

    return build
