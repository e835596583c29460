"""The OpenAPI schema: valid, ours only, and true to what the API answers.

The fuzz run sends requests generated from the served schema (schemathesis,
in-process through the WSGI application) with a token that may do everything
to one unit's data; it fails on any server error or any answer the schema
does not describe. It is bounded (examples per operation) to stay well under
a minute; raise API_FUZZ_EXAMPLES locally to dig deeper.
"""

import datetime
import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from approvals.factories import ReviewOfficeFactory
from filing.factories import ApplicationFactory, FilingFactory, api_token
from tests.conftest import filing_administrator

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "20"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def test_the_schema_validates_without_a_warning(tmp_path):
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    text = out.read_text()
    assert "/api/v1/filings/" in text and "/api/v1/offices/" in text
    assert "/api/v2/" not in text and "/admin/" not in text


def test_the_schema_and_its_documentation_page_are_served(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    docs = client.get("/api/v1/docs/")

    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert docs.status_code == 200
    page = docs.content.decode()
    # Swagger UI from our own static files, no CDN.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("zh-hans", "职称评审备案 API"),
        ("ug", "كەسپىي ئۇنۋان باھالاش ئەنگە ئالدۇرۇش API"),
    ],
)
def test_the_schema_reads_in_the_callers_language_from_its_title_on(
    client, language, title
):
    schema = client.get(
        "/api/v1/schema/",
        HTTP_ACCEPT="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    ).json()

    assert schema["info"]["title"] == title
    assert "The REST API" not in schema["info"]["description"]
    assert "{code, detail, fields}" in schema["info"]["description"]


@pytest.fixture
def connections_kept_open():
    """Like Django's test client: requests must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_target(connections_kept_open, db, unit, qualification):
    filer = filing_administrator("fuzz_filer", unit)
    ReviewOfficeFactory()
    ApplicationFactory.create_batch(
        3, organizing_unit=unit, qualification=qualification
    )
    FilingFactory(
        organizing_unit=unit, created_by=filer, conferred_on=datetime.date(2024, 6, 1)
    )
    _token, key = api_token(
        name="fuzz",
        organizing_unit=unit,
        acting_user=filer,
        may_file=True,
        may_verify_certificates=True,
        may_push_applications=True,
    )
    return key


def test_no_request_the_schema_allows_breaks_the_api(fuzz_target, settings):
    # The verification throttle would answer 429s that say nothing here.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "certificate_verification": None,
            "certificate_verification_token": None,
        },
    }
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    headers = {"Authorization": f"Bearer {fuzz_target}"}
    operations = [result.ok() for result in schema.get_all_operations()]

    for operation in operations:
        fuzz(operation, headers)

    assert len(operations) >= 10


def fuzz(operation, headers):
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def one_case(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    one_case()
