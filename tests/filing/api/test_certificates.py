"""GET /api/v1/filings/{id}/certificates/: a filing's certificates, for its unit."""

import pytest

from approvals.certificates import issue_certificates
from tests.approvals.certificate_fixtures import (  # noqa: F401 (fixtures)
    approved_filing_fixture,
    hr_office_fixture,
    issuer_fixture,
)

pytestmark = pytest.mark.django_db


def test_the_unit_lists_its_filings_certificates_with_masked_id_numbers(
    client_with, unit_token, approved_filing, issuer, hr_office
):
    filing = approved_filing(["阿依古丽", "王璐"])
    issue_certificates(issuer, filing)
    first = filing.certificates.order_by("number").first()
    application = first.application

    response = client_with(unit_token).get(f"/api/v1/filings/{filing.pk}/certificates/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["results"][0] == {
        "number": first.number,
        "status": "valid",
        "application_number": application.number,
        "holder_name": application.applicant_name,
        "id_number": f"{application.id_number[:4]}**********"
        f"{application.id_number[-4:]}",
        "qualification": {"zh": "工程师", "ug": None},
        "issuing_office": {
            "id": hr_office.pk,
            "name": {"zh": hr_office.name, "ug": hr_office.name_ug},
        },
        "issued_at": first.issued_at.astimezone().isoformat(),
        "revoked_at": None,
    }
    assert first.verification_code not in response.content.decode()


def test_another_units_token_gets_a_404(
    client_with, other_unit_token, approved_filing, issuer
):
    filing = approved_filing(["阿依古丽"])
    issue_certificates(issuer, filing)

    response = client_with(other_unit_token).get(
        f"/api/v1/filings/{filing.pk}/certificates/"
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
