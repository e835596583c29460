"""The filing wizard over the API: the admin's actions and rules, for a unit's token."""

import pytest
from rest_framework.test import APIClient

from filing.factories import ApplicationFactory, approved_meeting
from filing.models import Filing
from tests.support import one_page_pdf

pytestmark = pytest.mark.django_db

URL = "/api/v1/filings/"
BASIC = {
    "notice_title": "关于阿依古丽等2位同志取得中级专业技术职务任职资格的通知",
    "review_year": 2024,
    "declared_headcount": 2,
    "data_source": "declared",
    "filing_level": "intermediate_junior",
}


def upload(client, filing_id, kind, scan=None):
    return client.post(
        f"{URL}{filing_id}/attachments/",
        {"kind": kind, "file": scan or one_page_pdf(f"{kind}.pdf")},
        format="multipart",
    )


def test_a_units_token_files_from_draft_to_submission(
    client_with, unit_token, unit, filer, pool, office
):
    client = client_with(unit_token)

    created = client.post(URL, BASIC, format="json")
    filing_id = created.json()["id"]
    selected = client.post(
        f"{URL}{filing_id}/applications/",
        {"add": [a.number for a in pool[:2]] + ["RSSQ-UNKNOWN"]},
        format="json",
    )
    uploads = [
        upload(client, filing_id, kind).status_code
        for kind in (
            "signed_notice_scan",
            "stamped_roster_scan",
            "meeting_minutes",
            "publicity_evidence",
        )
    ]
    notice = client.put(
        f"{URL}{filing_id}/notice/",
        {"notice_number": "伊州职改〔2024〕7号", "conferred_on": "2024-12-30"},
        format="json",
    )
    submitted = client.post(f"{URL}{filing_id}/submit/")

    assert created.status_code == 201
    assert created.json()["status"] == "draft"
    assert created.json()["organizing_unit"]["id"] == unit.pk
    assert selected.json() == {
        "added": 2,
        "removed": 0,
        "unavailable": ["RSSQ-UNKNOWN"],
        "selected_count": 2,
    }
    assert uploads == [201] * 4
    assert notice.status_code == 200
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    filing = Filing.objects.get(pk=filing_id)
    assert filing.created_by == filer
    assert filing.review_steps.get().actor == filer


def test_an_incomplete_filing_is_refused_with_a_problem_per_field(
    client_with, unit_token, filing
):
    response = client_with(unit_token).post(f"{URL}{filing.pk}/submit/")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "incomplete"
    assert body["detail"] == "备案暂时无法提交，请先处理下列问题。"
    assert set(body["fields"]) >= {
        "applications",
        "notice_number",
        "conferred_on",
        "signed_notice_scan",
    }
    assert body["fields"]["notice_number"] == [
        {"code": "incomplete", "detail": "请填写批文文号。"}
    ]


def test_a_notice_number_written_another_way_comes_back_corrected(
    client_with, unit_token, filing
):
    response = client_with(unit_token).put(
        f"{URL}{filing.pk}/notice/",
        {"notice_number": "伊州职改[2024]7号", "conferred_on": "2024-12-30"},
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()["fields"]["notice_number"]
    assert errors[0]["code"] == "corrected"
    assert "伊州职改〔2024〕7号" in errors[0]["detail"]


def test_a_scan_that_is_not_a_pdf_is_refused_at_its_field(
    client_with, unit_token, filing
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("scan.pdf", b"GIF89a not a pdf", "application/pdf")

    response = upload(client_with(unit_token), filing.pk, "meeting_minutes", fake)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == ["file"]
    assert not filing.attachments.exists()


def test_a_submitted_filing_cannot_be_changed(client_with, unit_token, filing):
    Filing.objects.filter(pk=filing.pk).update(status=Filing.Status.APPROVED)

    response = client_with(unit_token).put(
        f"{URL}{filing.pk}/notice/",
        {"notice_number": "伊州职改〔2024〕7号", "conferred_on": "2024-12-30"},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"


def test_a_token_never_changes_another_units_filing(
    client_with, other_unit_token, filing, pool
):
    client = client_with(other_unit_token)

    select = client.post(
        f"{URL}{filing.pk}/applications/", {"add": [pool[0].number]}, format="json"
    )
    scan = upload(client, filing.pk, "meeting_minutes")
    submit = client.post(f"{URL}{filing.pk}/submit/")

    assert [select.status_code, scan.status_code, submit.status_code] == [404] * 3
    assert not filing.entries.exists() and not filing.attachments.exists()


def test_a_token_files_only_for_its_own_unit_whatever_the_body_says(
    client_with, unit_token, unit, other_unit, filer
):
    other_unit.administrators.add(filer)

    response = client_with(unit_token).post(
        URL, {**BASIC, "organizing_unit": other_unit.pk}, format="json"
    )

    assert response.status_code == 201
    assert Filing.objects.get().organizing_unit == unit


def test_a_read_only_token_may_not_drive_the_wizard(client_with, unit, filer):
    from filing.factories import api_token

    _token, key = api_token(name="只读", organizing_unit=unit, acting_user=filer)

    response = client_with(key).post(URL, BASIC, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "missing_scope"
    assert not Filing.objects.exists()


def test_a_session_needs_the_csrf_token_to_write(filer, unit):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(filer)

    response = client.post(URL, {**BASIC, "organizing_unit": unit.pk}, format="json")

    assert response.status_code == 403
    assert not Filing.objects.exists()


def test_a_filer_session_files_for_a_unit_they_administer(client, filer, unit):
    response = client.post(
        URL,
        {**BASIC, "organizing_unit": unit.pk},
        content_type="application/json",
    )
    client.force_login(filer)
    logged_in = client.post(
        URL,
        {**BASIC, "organizing_unit": unit.pk},
        content_type="application/json",
    )

    assert response.status_code == 401
    assert logged_in.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        "[]",
        '"text"',
        "{not json",
        '{"review_year": {"a": 1}, "declared_headcount": [1]}',
        '{"add": "RSSQ1"}',
    ],
)
def test_malformed_bodies_never_cause_a_server_error(
    client_with, unit_token, filing, body
):
    client = client_with(unit_token)

    responses = [
        client.post(URL, body, content_type="application/json"),
        client.post(
            f"{URL}{filing.pk}/applications/", body, content_type="application/json"
        ),
        client.put(f"{URL}{filing.pk}/notice/", body, content_type="application/json"),
    ]

    assert [r.status_code for r in responses] == [400, 400, 400]
    assert all(r.json()["code"] for r in responses)


def test_a_filing_names_the_approved_meeting_whose_candidates_it_files(
    client_with, unit_token, pool
):
    meeting = approved_meeting(pool[:2], filing_level="intermediate_junior")
    client = client_with(unit_token)

    created = client.post(URL, {**BASIC, "pre_review": meeting.pk}, format="json")
    selected = client.post(
        f"{URL}{created.json()['id']}/applications/",
        {"add": [a.number for a in pool]},
        format="json",
    )

    assert created.status_code == 201, created.json()
    assert created.json()["kind"] == "post_review"
    assert created.json()["pre_review"] == meeting.pk
    # The pool is then the meeting's candidates, not every application.
    assert selected.json()["selected_count"] == 2
    assert sorted(selected.json()["unavailable"]) == sorted(a.number for a in pool[2:])


def test_another_units_meeting_is_refused_at_its_field(
    client_with, unit_token, other_unit
):
    theirs = approved_meeting(
        ApplicationFactory.create_batch(
            2, organizing_unit=other_unit, review_year=2024
        ),
        filing_level="intermediate_junior",
    )

    response = client_with(unit_token).post(
        URL, {**BASIC, "pre_review": theirs.pk}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["pre_review"]
    assert not Filing.objects.filter(kind=Filing.Kind.POST_REVIEW).exists()
