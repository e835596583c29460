"""GET /api/v1/certificates/verify/: what the public learns about a certificate.

The bodies are pinned in full: a new key in them is something the public
learns, so a failure here means deciding whether it may.
"""

import json
import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.settings import api_settings

from approvals.certificates import (
    issue_certificates,
    revoke_certificate,
    verification_url,
)

from .certificate_fixtures import (  # noqa: F401 (fixtures, known by short names)
    approved_filing_fixture,
    hr_office_fixture,
    issuer_fixture,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/certificates/verify/"


@pytest.fixture(autouse=True)
def fresh_throttle_counts(settings):
    # The throttle counts in the cache; a cache of its own per test.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    cache.clear()


@pytest.fixture
def certificate(approved_filing, issuer):
    filing = approved_filing(["阿依古丽"])
    issue_certificates(issuer, filing)
    return filing.certificates.get()


def verify(number, code, **headers):
    return Client().get(URL, {"number": number, "code": code}, **headers)


def test_a_valid_certificate_answers_with_the_masked_name_and_nothing_more(
    certificate, hr_office
):
    response = verify(certificate.number, certificate.verification_code)

    assert response.status_code == 200
    assert response.json() == {
        "status": "valid",
        "number": certificate.number,
        "holder_name": "阿*古丽",
        "qualification": {"zh": "工程师", "ug": None},
        "conferred_on": "2024-12-30",
        "issuing_office": {"zh": hr_office.name, "ug": hr_office.name_ug},
    }
    assert response["Cache-Control"] == "no-store"


def test_a_revoked_certificate_says_so_and_when_but_not_why(certificate, issuer):
    revoke_certificate(issuer, certificate, "申报材料不实")
    certificate.refresh_from_db()

    body = verify(certificate.number, certificate.verification_code).json()

    assert body["status"] == "revoked"
    assert body["revoked_at"] == certificate.revoked_at.astimezone().isoformat()
    assert "申报材料不实" not in json.dumps(body, ensure_ascii=False)


def test_a_wrong_code_answers_exactly_like_an_unknown_number(certificate):
    wrong_code = verify(certificate.number, "ABCDE-FGHJK-MNPQR-STVWX")
    unknown = verify("RST-2026-999999", certificate.verification_code)

    assert wrong_code.status_code == unknown.status_code == 200
    assert wrong_code.content == unknown.content == b'{"status":"not_found"}'
    assert dict(wrong_code.headers) == dict(unknown.headers)


def test_codes_are_compared_in_constant_time(certificate):
    with mock.patch("approvals.api.hmac.compare_digest", return_value=False) as same:
        verify("RST-2026-999999", "ABCDE-FGHJK-MNPQR-STVWX")
        verify(certificate.number, "ABCDE-FGHJK-MNPQR-STVWX")

    # Once for the unknown number too, against a code of the same length.
    assert same.call_count == 2
    for call in same.call_args_list:
        assert [len(argument) for argument in call.args] == [20, 20]


def test_the_code_may_be_typed_as_printed_or_in_small_letters(certificate):
    code = certificate.verification_code
    printed = f"{code[:5]}-{code[5:10]}-{code[10:15]}-{code[15:]}".lower()

    assert verify(certificate.number, printed).json()["status"] == "valid"


def test_the_number_may_be_typed_in_small_letters(certificate):
    typed = certificate.number.lower()

    assert verify(typed, certificate.verification_code).json()["status"] == "valid"


def test_the_address_in_the_qr_code_verifies(certificate):
    address = urlsplit(verification_url(certificate))

    response = Client().get(f"{address.path}?{address.query}")

    assert response.json()["status"] == "valid"


def test_nobody_needs_to_log_in_and_only_get_is_answered(certificate):
    response = Client().post(
        URL, {"number": certificate.number, "code": certificate.verification_code}
    )

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


GOOD_NUMBER = "RST-2026-000001"
GOOD_CODE = "ABCDEFGHJKMNPQRSTVWX"


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({}, {"number": "required", "code": "required"}),
        ({"number": GOOD_NUMBER}, {"code": "required"}),
        ({"number": "", "code": ""}, {"number": "blank", "code": "blank"}),
        ({"number": "RST-2026-1", "code": GOOD_CODE}, {"number": "malformed"}),
        ({"number": "' OR 1=1 --", "code": GOOD_CODE}, {"number": "malformed"}),
        ({"number": GOOD_NUMBER, "code": "0O1IL"}, {"code": "malformed"}),
        ({"number": GOOD_NUMBER, "code": "A" * 21}, {"code": "malformed"}),
        ({"number": GOOD_NUMBER, "code": "ＡＢＣＤＥ"}, {"code": "malformed"}),
        (
            {"number": "R" * 500, "code": "A" * 500},
            {"number": "max_length", "code": "max_length"},
        ),
        (
            {"number": "RST\x00-2026-000001", "code": GOOD_CODE},
            {"number": "null_characters_not_allowed"},
        ),
    ],
)
def test_missing_or_odd_parameters_get_a_400_naming_each_one(query, fields):
    response = Client().get(URL, query)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]
    assert {name: errors[0]["code"] for name, errors in body["fields"].items()} == (
        fields
    )
    for errors in body["fields"].values():
        assert errors[0]["detail"]


def test_too_many_requests_from_one_address_are_throttled(certificate, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"certificate_verification": "3/minute"},
    }
    client = Client(REMOTE_ADDR="203.0.113.7")
    query = {"number": certificate.number, "code": certificate.verification_code}

    answers = [client.get(URL, query) for _ in range(4)]
    elsewhere = Client(REMOTE_ADDR="203.0.113.8").get(URL, query)

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["code"] == "throttled"
    assert answers[3]["Retry-After"]
    assert elsewhere.status_code == 200


def test_a_forged_forwarded_for_header_does_not_dodge_the_throttle(
    certificate, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"certificate_verification": "2/minute"},
    }
    query = {"number": certificate.number, "code": certificate.verification_code}

    answers = [
        Client(REMOTE_ADDR="203.0.113.7").get(
            URL, query, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
        for n in range(3)
    ]

    assert [a.status_code for a in answers] == [200, 200, 429]


def test_the_api_is_closed_unless_a_view_opens_itself():
    names = [cls.__name__ for cls in api_settings.DEFAULT_PERMISSION_CLASSES]

    assert names == ["IsAuthenticated"]


CHINESE = re.compile(r"[\u4e00-\u9fff]")
UYGHUR = re.compile(r"[\u0600-\u06ff]")


@pytest.mark.parametrize(
    ("language", "script", "foreign"),
    [("ug", UYGHUR, CHINESE), ("zh-hans", CHINESE, UYGHUR)],
)
def test_refusals_read_in_the_language_the_client_asks_for(
    certificate, settings, language, script, foreign
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"certificate_verification": "2/minute"},
    }
    client = Client(HTTP_ACCEPT_LANGUAGE=language)

    refusals = [
        client.get(URL, {"number": "x\x00", "code": ""}),
        client.post(URL),
        client.get(URL, {"number": certificate.number, "code": "x"}),
    ]

    assert [r.status_code for r in refusals] == [400, 405, 429]
    for refusal in refusals:
        body = refusal.json()
        sentences = [body["detail"]] + [
            error["detail"]
            for errors in body.get("fields", {}).values()
            for error in errors
        ]
        for sentence in sentences:
            assert script.search(sentence), (language, sentence)
            assert not foreign.search(sentence), (language, sentence)


def test_a_token_with_the_verify_scope_is_counted_on_its_own(certificate, settings):
    from filing.factories import api_token

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "certificate_verification": "1/minute",
            "certificate_verification_token": "3/minute",
        },
    }
    _token, key = api_token(
        name="人才服务平台", portal="人才服务平台", may_verify_certificates=True
    )
    portal = Client(REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=f"Bearer {key}")
    person = Client(REMOTE_ADDR="203.0.113.7")
    query = {"number": certificate.number, "code": certificate.verification_code}

    by_portal = [portal.get(URL, query).status_code for _ in range(4)]
    by_person = [person.get(URL, query).status_code for _ in range(2)]
    revoked = Client(HTTP_AUTHORIZATION="Bearer tk_00000000_unknown").get(URL, query)

    assert by_portal == [200, 200, 200, 429]
    assert by_person == [200, 429]
    assert revoked.status_code == 401
