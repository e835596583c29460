"""GET /api/v1/offices/: the review offices and whom to call, for anyone."""

import pytest
from django.test import Client

from approvals.factories import ReviewOfficeFactory
from approvals.models import ReviewOffice

pytestmark = pytest.mark.django_db


def test_anyone_lists_the_offices_with_their_contacts(db):
    office = ReviewOfficeFactory(address="伊宁市斯大林街", email="zcb@example.cn")

    response = Client().get("/api/v1/offices/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": office.pk,
                "code": "654000",
                "kind": "prefecture",
                "kind_display": "地州职称办公室",
                "prefecture": "654000",
                "name": {"zh": office.name, "ug": office.name_ug},
                "contact_person": "阿孜古丽",
                "phone": "0999-8021234",
                "address": "伊宁市斯大林街",
                "email": "zcb@example.cn",
            }
        ],
    }


def test_one_office_and_a_missing_one(db):
    office = ReviewOfficeFactory()

    found = Client().get(f"/api/v1/offices/{office.pk}/")
    missing = Client().get(f"/api/v1/offices/{office.pk + 1}/")

    assert found.json()["name"]["zh"] == office.name
    assert missing.status_code == 404
    assert missing.json() == {"code": "not_found", "detail": "未找到。"}


def test_offices_filter_by_kind_and_page(db):
    ReviewOfficeFactory()
    ReviewOfficeFactory(
        kind=ReviewOffice.Kind.REGIONAL_HR, prefecture="", code="RST", name="人社厅"
    )

    regional = Client().get("/api/v1/offices/", {"kind": "regional_hr"}).json()
    paged = Client().get("/api/v1/offices/", {"page_size": 1}).json()
    wrong = Client().get("/api/v1/offices/", {"kind": "palace"})

    assert [o["code"] for o in regional["results"]] == ["RST"]
    assert paged["count"] == 2 and len(paged["results"]) == 1
    assert wrong.status_code == 400 and wrong.json()["fields"]["kind"]
