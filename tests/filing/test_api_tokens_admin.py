"""Settings → API tokens: administrators create them, see the key once, revoke them."""

import re

import pytest

from filing.factories import UserFactory, api_token
from filing.models import ApiToken
from filing.tokens import hash_key

pytestmark = pytest.mark.django_db

INDEX = "/admin/api-tokens/"


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_the_key_is_shown_once_on_creation_and_never_again(client, superuser, unit):
    client.force_login(superuser)

    created = client.post(
        f"{INDEX}new/",
        {
            "name": "伊犁州申报平台",
            "organizing_unit": unit.pk,
            "portal": "",
            "may_read_progress": "on",
        },
    )
    token = ApiToken.objects.get()
    key = re.search(r'value="(tk_[^"]+)"', created.content.decode()).group(1)
    listing = client.get(INDEX).content.decode()
    inspect = client.get(f"{INDEX}inspect/{token.pk}/").content.decode()

    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    assert hash_key(key) == token.key_hash
    assert token.created_by == superuser
    assert key not in listing and key not in inspect
    assert token.prefix in listing


def test_the_acting_user_is_chosen_by_name_with_the_username_beside_it(
    client, superuser, filer
):
    filer.first_name, filer.last_name = "古丽娜尔", "艾买提"
    filer.save()
    client.force_login(superuser)

    html = client.get(f"{INDEX}new/").content.decode()

    assert f'<option value="{filer.pk}">古丽娜尔 艾买提 (filer)</option>' in html


def test_a_token_belongs_to_a_unit_or_a_portal_not_both(client, superuser, unit):
    client.force_login(superuser)

    both = client.post(
        f"{INDEX}new/",
        {"name": "两者", "organizing_unit": unit.pk, "portal": "某平台"},
    )
    neither = client.post(f"{INDEX}new/", {"name": "都没有", "portal": ""})

    assert both.status_code == neither.status_code == 200
    assert "请将令牌绑定到一个组建单位或一个平台。" in both.content.decode()
    assert not ApiToken.objects.exists()


def test_a_filing_token_must_act_as_an_administrator_of_its_unit(
    client, superuser, unit, other_filer
):
    client.force_login(superuser)

    response = client.post(
        f"{INDEX}new/",
        {
            "name": "代办",
            "organizing_unit": unit.pk,
            "acting_user": other_filer.pk,
            "may_file": "on",
        },
    )

    assert "该用户不是本单位的备案管理员。" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_in_the_admin_stops_the_key(client, superuser, unit):
    token, key = api_token(name="伊犁州", organizing_unit=unit)
    client.force_login(superuser)

    client.post(
        f"{INDEX}edit/{token.pk}/",
        {"name": "伊犁州", "may_read_progress": "on", "revoke": "on"},
    )

    token.refresh_from_db()
    assert token.revoked_at is not None
    answer = client.get("/api/v1/filings/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 401


def test_filing_administrators_cannot_reach_the_tokens(client, filer):
    client.force_login(filer)

    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(f"{INDEX}new/").status_code in (302, 403)


def test_nobody_deletes_a_token(client, superuser, unit):
    token, _key = api_token(name="伊犁州", organizing_unit=unit)
    client.force_login(superuser)

    client.post(f"{INDEX}delete/{token.pk}/")

    assert ApiToken.objects.filter(pk=token.pk).exists()
