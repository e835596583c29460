"""API tokens: hashed, scoped, revoked at once; errors in the caller's language."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from filing import actions
from filing.factories import UserFactory, api_token
from filing.models import ApiToken
from filing.tokens import hash_key

pytestmark = pytest.mark.django_db

URL = "/api/v1/filings/"


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_only_a_hash_of_the_key_is_stored(unit, superuser):
    token, key = actions.create_api_token(
        superuser, name="伊犁州申报平台", organizing_unit=unit
    )

    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in str(stored)
    assert stored["key_hash"] == hash_key(key)
    assert key.startswith(f"tk_{token.prefix}_")


def test_a_revoked_token_stops_working_at_once(client_with, unit, superuser):
    token, key = actions.create_api_token(superuser, name="临时", organizing_unit=unit)
    client = client_with(key)
    before = client.get(URL)

    actions.revoke_api_token(superuser, token)
    after = client.get(URL)

    assert before.status_code == 200
    assert after.status_code == 401
    assert after.json() == {
        "code": "invalid_token",
        "detail": "API 令牌不存在或已被撤销。",
    }


@pytest.mark.parametrize(
    "header",
    [
        "Bearer tk_00000000_guessed",
        "Bearer nonsense",
        "Bearer",
        "Bearer two words",
        "Bearer \u00e9\u00e9",
    ],
)
def test_unknown_or_malformed_keys_are_refused(client, unit, header):
    api_token(name="真的", organizing_unit=unit)

    response = client.get(URL, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["code"] in {"invalid_token", "malformed_authorization"}
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_key_of_another_token_with_the_same_prefix_fails(client_with, unit):
    token, key = api_token(name="真的", organizing_unit=unit)
    forged = key[:-4] + "AAAA"

    assert client_with(forged).get(URL).status_code == 401


def test_the_last_use_is_recorded(client_with, unit):
    token, key = api_token(name="伊犁州", organizing_unit=unit)

    client_with(key).get(URL)

    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timezone.timedelta(seconds=5)


def test_a_token_without_the_read_scope_reads_nothing(client_with, unit):
    _token, key = api_token(
        name="只推送", organizing_unit=unit, may_read_progress=False
    )

    response = client_with(key).get(URL)

    assert response.status_code == 403
    assert response.json()["code"] == "missing_scope"


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("zh-hans", "API 令牌不存在或已被撤销。"),
        ("ug", "API بەلگىسى مەۋجۇت ئەمەس ياكى بىكار قىلىنغان."),
    ],
)
def test_errors_are_in_the_language_asked_for(client_with, language, detail, db):
    response = client_with("tk_00000000_guessed", language=language).get(URL)

    assert response.json() == {"code": "invalid_token", "detail": detail}
    assert response["Content-Language"] == language


@pytest.mark.parametrize(
    ("language", "detail"),
    [("zh-hans", "输入无效。"), ("ug", "كىرگۈزۈلگەن مەزمۇن ئىناۋەتسىز.")],
)
def test_validation_errors_are_in_the_language_asked_for(
    client_with, unit_token, language, detail
):
    response = client_with(unit_token, language=language).get(
        URL, {"conferred_after": "2024-13-01"}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == detail
    assert response.json()["fields"]["conferred_after"][0]["code"] == "invalid"


def test_only_administrators_create_tokens(unit, filer):
    with pytest.raises(actions.NotPermitted):
        actions.create_api_token(filer, name="自己造的", organizing_unit=unit)

    filer.groups.set(Group.objects.all())
    with pytest.raises(actions.NotPermitted):
        actions.create_api_token(filer, name="自己造的", organizing_unit=unit)
    assert not ApiToken.objects.exists()
