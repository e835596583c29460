"""GET /api/v1/filings/: the filings a caller may see, and one with its timeline.

The bodies are pinned in full: a new key is something every portal learns,
so a failure here means deciding whether it may (then update the expected
body here, and the README's API section if a portal must know).
"""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from filing import actions
from filing.factories import FilingFactory, approved_meeting
from filing.models import Filing

pytestmark = pytest.mark.django_db

URL = "/api/v1/filings/"


def iso(moment):
    return timezone.localtime(moment).isoformat().replace("+00:00", "Z")


@pytest.fixture
def submitted(filing, pool, office, filer):
    from tests.support import ready_to_submit

    ready_to_submit(filer, filing, pool, office)
    return actions.submit_filing(filer, filing)


def test_a_units_token_lists_its_units_filings_with_their_progress(
    client_with, unit_token, submitted, unit, office
):
    response = client_with(unit_token).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None and body["previous"] is None
    assert body["results"] == [
        {
            "id": submitted.pk,
            "kind": "post_review",
            "pre_review": None,
            "organizing_unit": {
                "id": unit.pk,
                "name": {"zh": unit.name, "ug": None},
            },
            "notice_title": submitted.notice_title,
            "notice_number": "伊州职改〔2024〕7号",
            "review_year": 2024,
            "data_source": "declared",
            "filing_level": "intermediate_junior",
            "declared_headcount": 2,
            "conferred_on": "2024-12-30",
            "status": "submitted",
            "status_display": f"[{office.name}]已提交，待形式审核",
            "current_office": {
                "id": office.pk,
                "name": {"zh": office.name, "ug": office.name_ug},
            },
            "submitted_at": iso(submitted.submitted_at),
            "last_action_at": iso(submitted.last_action_at),
        }
    ]


@pytest.mark.parametrize(
    ("language", "worded"),
    [
        ("zh-hans", "[{office.name}]已提交，待形式审核"),
        (
            "ug",
            "[{office.name_ug}] تاپشۇرۇلدى، شەكىل جەھەتتىن تەكشۈرۈلۈشنى ساقلاۋاتىدۇ",
        ),
    ],
)
def test_the_list_and_the_detail_word_the_status_in_the_callers_language(
    client_with, unit_token, submitted, office, language, worded
):
    client = client_with(unit_token, language=language)

    row = client.get(URL).json()["results"][0]
    detail = client.get(f"{URL}{submitted.pk}/").json()

    assert row["status_display"] == worded.format(office=office)
    assert detail["status_display"] == row["status_display"]


def test_the_detail_has_the_timeline_scans_and_masked_id_numbers(
    client_with, unit_token, submitted, unit, office, pool
):
    response = client_with(unit_token).get(f"{URL}{submitted.pk}/")

    assert response.status_code == 200
    body = response.json()
    step = submitted.review_steps.get()
    assert body["meeting"] is None
    assert body["timeline"] == [
        {
            "action": "submitted",
            "summary": f"[{unit.name}]提交到[{office.name}]",
            "office": None,
            "to_office": {
                "id": office.pk,
                "name": {"zh": office.name, "ug": office.name_ug},
            },
            "reason": "",
            "acted_at": iso(step.acted_at),
        }
    ]
    assert [a["kind"] for a in body["attachments"]] == [
        "signed_notice_scan",
        "stamped_roster_scan",
        "meeting_minutes",
        "publicity_evidence",
    ]
    first = sorted(pool[:2], key=lambda a: a.number)[0]
    assert body["applications"][0] == {
        "number": first.number,
        "applicant_name": first.applicant_name,
        "id_number": f"{first.id_number[:4]}**********{first.id_number[-4:]}",
        "qualification": {"zh": "工程师", "ug": None},
        "level": "intermediate",
        "specialty": first.specialty,
        "employer": first.employer,
    }
    assert first.id_number not in response.content.decode()


def test_a_token_never_sees_another_units_filing(
    client_with, other_unit_token, submitted, filing
):
    client = client_with(other_unit_token)

    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{submitted.pk}/").status_code == 404


def test_a_portal_sees_submitted_filings_but_not_drafts_nor_people(
    client_with, portal_token, submitted, unit, filer
):
    draft = FilingFactory(organizing_unit=unit, created_by=filer)
    client = client_with(portal_token)

    listed = [row["id"] for row in client.get(URL).json()["results"]]
    detail = client.get(f"{URL}{submitted.pk}/").json()

    assert listed == [submitted.pk]
    assert client.get(f"{URL}{draft.pk}/").status_code == 404
    assert "applications" not in detail
    assert detail["status"] == "submitted"


def test_a_portal_may_not_list_certificates(client_with, portal_token, submitted):
    response = client_with(portal_token).get(f"{URL}{submitted.pk}/certificates/")

    assert response.status_code == 403
    assert response.json()["code"] == "not_for_portals"


def test_a_reviewer_session_sees_the_filings_routed_to_their_office(
    client, submitted, office, django_user_model
):
    from tests.conftest import reviewer_of

    reviewer = reviewer_of("ili_reviewer", office)
    stranger = reviewer_of("kashgar_reviewer", _kashgar_office())

    client.force_login(reviewer)
    seen = client.get(URL).json()["results"]
    client.force_login(stranger)
    unseen = client.get(URL).json()["results"]

    assert [row["id"] for row in seen] == [submitted.pk]
    assert unseen == []


def _kashgar_office():
    from approvals.factories import ReviewOfficeFactory

    return ReviewOfficeFactory(
        prefecture="653100", code="653100", name="喀什地区职称改革工作领导小组办公室"
    )


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/Los_Angeles"])
def test_conferred_dates_filter_exactly_whatever_the_time_zone(
    client_with, unit_token, unit, filer, zone
):
    def on(day):
        return FilingFactory(
            organizing_unit=unit, created_by=filer, conferred_on=day
        ).pk

    before = on(datetime.date(2024, 12, 29))
    first = on(datetime.date(2024, 12, 30))
    last = on(datetime.date(2024, 12, 31))
    on(datetime.date(2025, 1, 1))

    with override_settings(TIME_ZONE=zone), timezone.override(zone):
        response = client_with(unit_token).get(
            URL, {"conferred_after": "2024-12-30", "conferred_before": "2024-12-31"}
        )

    assert sorted(row["id"] for row in response.json()["results"]) == [first, last]
    assert before not in [row["id"] for row in response.json()["results"]]


def test_filters_narrow_by_year_level_status_and_unit(
    client_with, unit_token, unit, filer
):
    wanted = FilingFactory(
        organizing_unit=unit, created_by=filer, review_year=2023,
        filing_level="senior",
    )  # fmt: skip
    FilingFactory(organizing_unit=unit, created_by=filer, review_year=2023)
    FilingFactory(
        organizing_unit=unit, created_by=filer, review_year=2024,
        filing_level="senior",
    )  # fmt: skip

    response = client_with(unit_token).get(
        URL,
        {
            "review_year": 2023,
            "filing_level": "senior",
            "status": "draft",
            "organizing_unit": unit.pk,
        },
    )

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_the_kind_filter_tells_meetings_from_their_results(
    client_with, unit_token, unit, filer, pool
):
    meeting = approved_meeting(pool[:2])
    result = FilingFactory(organizing_unit=unit, created_by=filer, pre_review=meeting)
    client = client_with(unit_token)

    meetings = client.get(URL, {"kind": "pre_review"}).json()["results"]
    results = client.get(URL, {"kind": "post_review"}).json()["results"]

    assert [(row["id"], row["kind"]) for row in meetings] == [
        (meeting.pk, "pre_review")
    ]
    assert [(row["id"], row["pre_review"]) for row in results] == [
        (result.pk, meeting.pk)
    ]


def test_pages_follow_one_another_and_never_exceed_the_maximum(
    client_with, unit_token, unit, filer
):
    FilingFactory.create_batch(7, organizing_unit=unit, created_by=filer)
    client = client_with(unit_token)

    first = client.get(URL, {"page_size": 5}).json()
    second = client.get(first["next"]).json()
    huge = client.get(URL, {"page_size": 100000}).json()

    assert len(first["results"]) == 5 and len(second["results"]) == 2
    seen = [row["id"] for row in first["results"] + second["results"]]
    assert sorted(seen) == sorted(Filing.objects.values_list("pk", flat=True))
    assert len(huge["results"]) == 7


@pytest.mark.parametrize(
    "query",
    [
        {"review_year": "二〇二四"},
        {"conferred_after": "2024-13-01"},
        {"status": "nonsense"},
        {"filing_level": "x" * 500},
        {"cursor": "not-a-cursor"},
        {"organizing_unit": "abc"},
        {"organizing_unit": "-1.02e+251"},
        {"review_year": "99999999999999999999999"},
    ],
)
def test_malformed_queries_answer_in_the_one_error_body(client_with, unit_token, query):
    response = client_with(unit_token).get(URL, query)

    assert response.status_code in (400, 404)
    assert set(response.json()) <= {"code", "detail", "fields"}
    assert response.json()["code"]


def test_a_keyword_finds_filings_by_notice_title_or_number(
    client_with, unit_token, unit, filer
):
    wanted = FilingFactory(
        organizing_unit=unit, created_by=filer, notice_number="伊州职改〔2024〕9号"
    )
    FilingFactory(organizing_unit=unit, created_by=filer, notice_number="")

    response = client_with(unit_token).get(URL, {"keyword": "〔2024〕9"})

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_the_hand_built_row_has_exactly_the_fields_the_schema_describes(filing):
    # The list's rows are written out by hand for speed; a field added to the
    # serializer (and so to the schema) but not to the row would go unnoticed.
    from filing.api.serializers import FilingSerializer

    serializer = FilingSerializer(context={})
    assert list(serializer.to_representation(filing)) == list(serializer.fields)


def test_a_meetings_detail_says_which_meeting_it_registers(
    client_with, unit_token, pool
):
    filing = approved_meeting(pool[:2])
    meeting = filing.meeting

    body = client_with(unit_token).get(f"{URL}{filing.pk}/").json()

    assert body["kind"] == "pre_review"
    assert body["meeting"] == {
        "committee_name": meeting.committee_name,
        "committee_scope": "series",
        "series": {
            "id": meeting.series.pk,
            "name": {"zh": meeting.series.name, "ug": meeting.series.name_ug or None},
        },
        "specialties": "土木工程、建筑工程",
        "meeting_date": "2024-11-20",
        "place": "伊宁市人力资源和社会保障局三楼会议室",
        "committee_size": 25,
        "experts_present": 21,
    }
