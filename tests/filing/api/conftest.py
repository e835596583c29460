import pytest
from rest_framework.test import APIClient

from filing.factories import api_token


@pytest.fixture
def client_with():
    """An API client sending a token's key, e.g. `client_with(key)`."""

    def build(key=None, language=None):
        client = APIClient()
        headers = {}
        if key:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        if language:
            headers["HTTP_ACCEPT_LANGUAGE"] = language
        client.credentials(**headers)
        return client

    return build


@pytest.fixture
def unit_token(unit, filer):
    """A token of the unit that reads progress and drives the wizard as `filer`."""
    token, key = api_token(
        name="伊犁州申报平台", organizing_unit=unit, acting_user=filer, may_file=True
    )
    return key


@pytest.fixture
def other_unit_token(other_unit, other_filer):
    token, key = api_token(
        name="喀什地区申报平台",
        organizing_unit=other_unit,
        acting_user=other_filer,
        may_file=True,
    )
    return key


@pytest.fixture
def portal_token(db):
    token, key = api_token(name="职称申报平台", portal="新疆职称申报平台")
    return key
