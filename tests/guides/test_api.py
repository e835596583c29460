"""The guides through Wagtail's API v2, as a portal reads them without an account."""

import pytest
from django.conf import settings
from wagtail.models import Page

from guides.content import GUIDES

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"


def listing(client, **params):
    response = client.get(PAGES, params)
    return response, response.json()


def locales_of(body):
    return {item["meta"]["locale"] for item in body["items"]}


def test_the_guides_are_readable_without_an_account(client, guide):
    response, body = listing(client)

    assert response.status_code == 200
    assert body["meta"]["total_count"] == 2 * (1 + len(GUIDES))  # index and guides
    assert locales_of(body) == {"zh-hans", "ug"}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh-hans", "zh-hans"),
        ("ZH-HANS", "zh-hans"),
        ("zh_Hans", "zh-hans"),
        ("ug", "ug"),
        ("UG", "ug"),
        (" ug ", "ug"),
    ],
)
def test_the_locale_is_read_in_any_case(client, guide, code, expected):
    response, body = listing(client, locale=code)

    assert response.status_code == 200
    assert body["meta"]["total_count"] == 1 + len(GUIDES)
    assert locales_of(body) == {expected}


@pytest.mark.parametrize("code", ["en", "ar", "", "zh", "ug-CN", "zh-hant", "*"])
def test_an_unknown_locale_is_a_clear_400(client, guide, code):
    response, body = listing(client, locale=code)

    assert response.status_code == 400
    assert body["code"] == "unknown_locale"
    assert "zh-hans, ug" in body["detail"]


def test_a_guide_body_comes_in_the_asked_language_with_its_ties(client, guide):
    response, body = listing(
        client,
        locale="ug",
        type="guides.GuidePage",
        slug="post-review-filing",
        fields="summary,body",
    )

    [item] = body["items"]
    sections = item["body"]
    assert response.status_code == 200
    assert item["title"] == "باھالاشتىن كېيىنكى ئەنگە ئالدۇرۇش قوللانمىسى"
    notice = [s for s in sections if s["value"]["wizard_step"] == "notice"]
    assert [s["type"] for s in notice] == ["heading", "step", "step"]
    assert notice[1]["value"]["field"] == "notice_number"


def test_a_guide_has_a_detail_view(client, guide):
    response = client.get(f"{PAGES}{guide.pk}/")

    body = response.json()
    assert response.status_code == 200
    assert body["meta"]["locale"] == "zh-hans"
    assert body["body"][0]["value"]["text"] == "开始之前"


def test_pages_other_than_guides_are_not_served(client, guide):
    other = Page.objects.get(depth=2, slug="home")

    listed = client.get(PAGES).json()["items"]
    response = client.get(f"{PAGES}{other.pk}/")

    assert other.pk not in {item["id"] for item in listed}
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unpublished_translation_is_not_served(client, guide, untranslated):
    response, body = listing(client, locale="ug", slug="post-review-filing")

    assert response.status_code == 200
    assert body["meta"]["total_count"] == 0


def test_an_unknown_page_type_is_a_400_in_the_same_shape(client, guide):
    response, body = listing(client, type="guides.NoSuchPage")

    assert response.status_code == 400
    assert body["code"] == "bad_request"
    assert body["detail"]


def test_opening_the_guides_leaves_the_rest_api_closed_by_default():
    # Only the guides' view opens itself; /api/v1/ views still need an account
    # unless they say otherwise.
    permissions = settings.REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]

    assert permissions == ["rest_framework.permissions.IsAuthenticated"]


@pytest.mark.parametrize("value", ["abc", "-1", ""])
def test_finding_a_page_by_a_malformed_id_is_a_400(client, guide, value):
    response = client.get(f"{PAGES}find/", {"id": value})

    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_a_search_can_be_limited_to_a_locale(client, guide):
    response, body = listing(client, search="guide", locale="UG")

    assert response.status_code == 200
    assert "items" in body
