"""Certificates in the admin: who may issue, download and revoke, and what they get.

Every cell of the role matrix that is not allowed is refused: objects outside
a user's scope answer 404, anonymous users are sent to the login page.
"""

import datetime
import io
import zipfile
from urllib.parse import quote

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from approvals import tasks
from approvals.certificates import issue_certificates, revoke_certificate
from approvals.models import Certificate
from approvals.views_certificates import certificates_panel_context
from filing.models import Filing
from tests.conftest import filing_administrator

from .certificate_fixtures import (  # noqa: F401 (fixtures, known by short names)
    approved_filing_fixture,
    hr_office_fixture,
    issuer_fixture,
    kashgar_office_fixture,
    reviewer,
)
from .test_certificate_pdf import no_files_left_from_rolled_back_tests  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def filing(approved_filing):
    return approved_filing(["王喆", "阿依古丽·买买提", "ئايگۈل مەمەت"])


@pytest.fixture
def issued(filing, issuer):
    """The filing's certificates, issued and rendered."""
    issue_certificates(issuer, filing)
    certificates = list(filing.certificates.order_by("number"))
    tasks.render_certificates([c.pk for c in certificates])
    for certificate in certificates:
        certificate.refresh_from_db()
    filing.refresh_from_db()
    return certificates


@pytest.fixture
def people(filer, other_unit, hr_office, kashgar_office, issuer):
    """Everyone of the role matrix, by role."""
    return {
        "filer": filer,
        "filer of another unit": filing_administrator("other_filer", other_unit),
        "issuing office": issuer,
        "issuing office, no permission": reviewer(
            "hr_colleague", hr_office, "wagtailadmin.access_admin", "filing.view_filing"
        ),
        "another office": reviewer("kashgar_reviewer", kashgar_office),
    }


def client_of(client, user):
    if user is not None:
        client.force_login(user)
    return client


def login_redirect(response):
    return (
        response.status_code == 302
        and reverse("wagtailadmin_login") in response["Location"]
    )


# Downloading one certificate


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("filer", True),
        ("issuing office", True),
        ("issuing office, no permission", True),
        ("filer of another unit", False),
        ("another office", False),
    ],
)
def test_a_certificate_downloads_only_for_the_filer_and_the_issuing_office(
    client, people, issued, role, allowed
):
    certificate = issued[0]

    response = client_of(client, people[role]).get(
        reverse("certificates:download", args=[certificate.pk])
    )

    if not allowed:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == certificate.file.open("rb").read()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{certificate.number}.pdf"'
    )


def test_anonymous_visitors_are_sent_to_log_in(client, issued, filing):
    for url in (
        reverse("certificates:download", args=[issued[0].pk]),
        reverse("certificates:archive", args=[filing.pk]),
        reverse("certificates:revoke", args=[issued[0].pk]),
    ):
        assert login_redirect(client.get(url)), url
    assert login_redirect(client.post(reverse("certificates:issue", args=[filing.pk])))
    assert issued[0].revoked_at is None


def test_a_certificate_still_being_rendered_is_not_found(client, filing, issuer):
    issue_certificates(issuer, filing)
    certificate = filing.certificates.first()

    response = client_of(client, issuer).get(
        reverse("certificates:download", args=[certificate.pk])
    )

    assert response.status_code == 404


def test_an_unknown_certificate_is_not_found(client, issuer):
    response = client_of(client, issuer).get(
        reverse("certificates:download", args=[999999])
    )

    assert response.status_code == 404


# Downloading all of a filing's certificates


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("filer", True),
        ("issuing office", True),
        ("filer of another unit", False),
        ("another office", False),
    ],
)
def test_the_archive_holds_every_ready_pdf_for_those_who_may_download(
    client, people, issued, filing, role, allowed
):
    response = client_of(client, people[role]).get(
        reverse("certificates:archive", args=[filing.pk])
    )

    if not allowed:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    # Named after the notice number, as people file it.
    assert quote(filing.notice_number) in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    assert archive.namelist() == [
        f"{issued[0].number}-王喆.pdf",
        f"{issued[1].number}-阿依古丽·买买提.pdf",
        f"{issued[2].number}-ئايگۈل_مەمەت.pdf",
    ]
    for certificate, name in zip(issued, archive.namelist(), strict=True):
        assert archive.read(name) == certificate.file.open("rb").read()


def test_the_archive_leaves_out_pdfs_not_ready_yet(client, filing, issuer):
    issue_certificates(issuer, filing)
    first = filing.certificates.order_by("number").first()
    tasks.render_certificates([first.pk])

    response = client_of(client, issuer).get(
        reverse("certificates:archive", args=[filing.pk])
    )

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [f"{first.number}-王喆.pdf"]


def test_a_filing_without_ready_certificates_has_no_archive(client, filing, filer):
    response = client_of(client, filer).get(
        reverse("certificates:archive", args=[filing.pk])
    )

    assert response.status_code == 404


# Revoking


def test_the_issuing_office_revokes_a_certificate_with_a_reason(
    client, issued, issuer, filing
):
    certificate = issued[1]
    client = client_of(client, issuer)
    url = reverse("certificates:revoke", args=[certificate.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"reason": "申报材料不实"})

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailsnippets_filing_filing:inspect", args=[filing.pk]
    )
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "申报材料不实"
    assert certificate.revoked_by == issuer


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoking_without_a_reason_shows_the_message_at_the_field(
    client, issued, issuer, reason
):
    certificate = issued[0]

    response = client_of(client, issuer).post(
        reverse("certificates:revoke", args=[certificate.pk]), {"reason": reason}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["reason"]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


@pytest.mark.parametrize(
    "role",
    [
        "filer",
        "filer of another unit",
        "issuing office, no permission",
        "another office",
    ],
)
def test_nobody_but_the_issuing_office_with_the_permission_may_revoke(
    client, people, issued, role
):
    certificate = issued[0]
    client = client_of(client, people[role])
    url = reverse("certificates:revoke", args=[certificate.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "理由"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_a_revoked_certificate_cannot_be_revoked_again(client, issued, issuer):
    certificate = issued[0]
    client = client_of(client, issuer)
    url = reverse("certificates:revoke", args=[certificate.pk])
    client.post(url, {"reason": "第一次"})

    response = client.post(url, {"reason": "第二次"})

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "第一次"


# Issuing from the filing's page


def test_the_approving_office_issues_from_the_filing_page(client, filing, issuer):
    response = client_of(client, issuer).post(
        reverse("certificates:issue", args=[filing.pk])
    )

    assert response.status_code == 302
    assert filing.certificates.count() == 3
    filing.refresh_from_db()
    assert filing.status == Filing.Status.CERTIFICATES_ISSUED


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("filer", 302),
        ("issuing office, no permission", 302),
        ("filer of another unit", 404),
        ("another office", 404),
    ],
)
def test_nobody_else_issues_and_strangers_do_not_even_find_the_filing(
    client, people, filing, role, status
):
    response = client_of(client, people[role]).post(
        reverse("certificates:issue", args=[filing.pk])
    )

    assert response.status_code == status
    assert not Certificate.objects.exists()


def test_issuing_answers_only_to_post(client, filing, issuer):
    response = client_of(client, issuer).get(
        reverse("certificates:issue", args=[filing.pk])
    )

    assert response.status_code == 405


# The panel on the filing's page


def panel_for(user, filing):
    request = RequestFactory().get("/")
    request.user = user
    return certificates_panel_context(request, filing)["certificates_panel"]


def test_the_panel_offers_the_issuing_office_the_button_before_issuing(
    filing, issuer, filer
):
    assert panel_for(issuer, filing)["can_issue"] is True
    assert panel_for(filer, filing) is None


def test_the_panel_lists_the_certificates_with_what_each_user_may_do(
    issued, filing, issuer, filer, people
):
    for_issuer = panel_for(issuer, filing)
    for_filer = panel_for(filer, filing)

    assert for_issuer["can_issue"] is False
    assert (for_issuer["ready"], for_issuer["total"]) == (3, 3)
    assert all(row["revoke_url"] for row in for_issuer["certificates"])
    assert all(row["download_url"] for row in for_filer["certificates"])
    assert not any(row["revoke_url"] for row in for_filer["certificates"])
    assert panel_for(people["another office"], filing) is None
    assert panel_for(people["filer of another unit"], filing) is None


def test_the_panel_counts_the_pdfs_ready_and_shows_a_revocation(
    issued, filing, issuer, rf
):
    Certificate.objects.filter(pk=issued[2].pk).update(file="")
    Certificate.objects.filter(pk=issued[0].pk).update(revoke_reason="申报材料不实")
    Certificate.objects.filter(pk=issued[0].pk).update(revoked_at=issued[0].issued_at)
    request = rf.get("/")
    request.user = issuer

    html = render_to_string(
        "approvals/includes/certificates_panel.html",
        {"filing": filing, **certificates_panel_context(request, filing)},
        request=request,
    )

    panel = panel_for(issuer, filing)
    assert (panel["ready"], panel["total"]) == (2, 3)
    assert "申报材料不实" in html
    assert issued[1].number in html
    assert reverse("certificates:archive", args=[filing.pk]) in html
    assert reverse("certificates:revoke", args=[issued[1].pk]) in html
    assert reverse("certificates:revoke", args=[issued[0].pk]) not in html


def test_the_panel_offers_to_prepare_missing_pdfs_once_they_are_overdue(
    issued, filing, issuer, filer
):
    Certificate.objects.filter(pk=issued[2].pk).update(file="")
    assert panel_for(issuer, filing)["can_prepare"] is False

    filing.certificates.update(issued_at=timezone.now() - datetime.timedelta(hours=1))

    assert panel_for(issuer, filing)["can_prepare"] is True
    assert panel_for(filer, filing)["can_prepare"] is False


def test_preparing_missing_pdfs_answers_the_issuing_office_and_nobody_else(
    client, people, issued, filing, django_capture_on_commit_callbacks
):
    Certificate.objects.filter(pk=issued[2].pk).update(file="")
    url = reverse("certificates:prepare", args=[filing.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(client, people["issuing office"]).post(url)

    assert response.status_code == 302
    assert not filing.certificates.filter(file="").exists()
    for role, status in (("filer", 302), ("another office", 404)):
        client.logout()
        assert client_of(client, people[role]).post(url).status_code == status


def test_a_revoked_certificate_is_no_longer_handed_out(client, issued, issuer, filer):
    revoked = issued[1]
    revoke_certificate(issuer, revoked, "申报材料不实")

    for user in (filer, issuer):
        client = client_of(client, user)
        download = reverse("certificates:download", args=[revoked.pk])
        assert client.get(download).status_code == 404
        response = client.get(reverse("certificates:archive", args=[revoked.filing_id]))
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        numbers = [name[: len(revoked.number)] for name in archive.namelist()]
        assert numbers == [issued[0].number, issued[2].number]
