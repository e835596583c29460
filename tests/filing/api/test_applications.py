"""POST /api/v1/applications/: batches from the declaration platform, row by row."""

import pytest

from filing.factories import api_token, id_number_for
from filing.models import Application, DataSource, FilingApplication

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications/"


def row(number, **fields):
    return {
        "number": number,
        "applicant_name": "阿依古丽·买买提",
        "id_number": id_number_for(int(number[-3:])),
        "employer": "伊宁市第一中学",
        "recommending_unit": "伊宁市教育局",
        "qualification": "工程师",
        "specialty": "土木工程",
        "passed_review": True,
        "review_year": 2024,
        **fields,
    }


@pytest.fixture
def pusher(unit, filer):
    _token, key = api_token(
        name="申报平台", organizing_unit=unit, acting_user=filer,
        may_push_applications=True,
    )  # fmt: skip
    return key


def test_a_batch_is_saved_and_each_row_answered(
    client_with, pusher, unit, qualification
):
    rows = [
        row("RSSQ2024000101"),
        row("RSSQ2024000102", id_number="650102198506151235"),
        row("RSSQ2024000103", qualification="宇航员"),
    ]

    response = client_with(pusher).post(URL, {"applications": rows}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("accepted", "refused", "created")} == {
        "accepted": 1,
        "refused": 2,
        "created": 1,
    }
    assert body["results"][0] == {
        "line": 1,
        "number": "RSSQ2024000101",
        "result": "accepted",
        "outcome": "create",
        "errors": {},
    }
    assert body["results"][1]["errors"]["id_number"][0]["code"] == "check_character"
    assert body["results"][2]["errors"]["qualification"] == [
        {"code": "unknown_qualification", "detail": "“宇航员”不是已有的申请资格。"}
    ]
    saved = Application.objects.get()
    assert saved.organizing_unit == unit
    assert saved.data_source == DataSource.DECLARED


def test_pushing_the_same_batch_twice_changes_nothing(
    client_with, pusher, qualification
):
    rows = [row("RSSQ2024000101"), row("RSSQ2024000102")]
    client = client_with(pusher)
    client.post(URL, {"applications": rows}, format="json")
    before = list(Application.objects.values().order_by("pk"))

    again = client.post(URL, {"applications": rows}, format="json").json()

    assert again["unchanged"] == 2 and again["created"] == again["updated"] == 0
    assert list(Application.objects.values().order_by("pk")) == before


def test_a_changed_row_updates_by_number(client_with, pusher, qualification):
    client = client_with(pusher)
    client.post(URL, {"applications": [row("RSSQ2024000101")]}, format="json")

    changed = client.post(
        URL,
        {"applications": [row("RSSQ2024000101", specialty="水利工程")]},
        format="json",
    ).json()

    assert changed["updated"] == 1
    assert Application.objects.get().specialty == "水利工程"


def test_an_application_in_a_live_filing_cannot_be_changed(
    client_with, pusher, qualification, filing
):
    client = client_with(pusher)
    client.post(URL, {"applications": [row("RSSQ2024000101")]}, format="json")
    FilingApplication.objects.create(
        filing=filing, application=Application.objects.get()
    )

    refused = client.post(
        URL,
        {"applications": [row("RSSQ2024000101", specialty="水利工程")]},
        format="json",
    ).json()

    assert refused["results"][0]["result"] == "refused"
    assert refused["results"][0]["errors"]["number"][0]["code"] == "in_live_filing"
    assert Application.objects.get().specialty == "土木工程"


def test_a_units_token_cannot_push_for_another_unit(
    client_with, pusher, qualification, other_unit
):
    response = client_with(pusher).post(
        URL,
        {"applications": [row("RSSQ2024000101", organizing_unit=other_unit.name)]},
        format="json",
    )

    result = response.json()["results"][0]
    assert result["errors"]["organizing_unit"][0]["code"] == "wrong_unit"
    assert not Application.objects.exists()


def test_a_units_token_cannot_change_another_units_application(
    client_with, pusher, qualification, other_unit
):
    _token, portal = api_token(
        name="平台", portal="申报平台", may_push_applications=True
    )
    client_with(portal).post(
        URL,
        {"applications": [row("RSSQ2024000101", organizing_unit=other_unit.pk)]},
        format="json",
    )

    response = client_with(pusher).post(
        URL,
        {"applications": [row("RSSQ2024000101", specialty="篡改")]},
        format="json",
    )

    assert response.json()["results"][0]["errors"]["number"][0]["code"] == (
        "number_taken"
    )
    assert Application.objects.get().organizing_unit == other_unit
    assert Application.objects.get().specialty == "土木工程"


def test_pushing_needs_the_scope_and_a_token(client_with, unit_token, filer, client):
    without_scope = client_with(unit_token).post(
        URL, {"applications": [row("RSSQ2024000101")]}, format="json"
    )
    client.force_login(filer)
    session = client.post(
        URL,
        {"applications": [row("RSSQ2024000101")]},
        content_type="application/json",
    )

    assert without_scope.status_code == 403
    assert without_scope.json()["code"] == "missing_scope"
    assert session.status_code == 403
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"applications": []},
        {"applications": "RSSQ"},
        {"applications": [["RSSQ"]]},
        {"applications": [{"number": ["RSSQ"]}]},
        [],
    ],
)
def test_a_malformed_batch_is_refused_whole(client_with, pusher, body):
    response = client_with(pusher).post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not Application.objects.exists()
