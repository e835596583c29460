"""Processes racing to claim one application: exactly one filing wins (rule 2).

Each round forks several processes that wait at a barrier and then select
the same application into their own filing at the same moment. The suite
runs this on SQLite and, in CI's second pass, on PostgreSQL.
"""

import pytest
from django.contrib.auth import get_user_model

from filing import actions
from filing.factories import ApplicationFactory, FilingFactory
from filing.models import Filing, FilingApplication
from tests.support import race

pytestmark = [pytest.mark.race, pytest.mark.django_db(transaction=True)]

PROCESSES = 6
ROUNDS = 4


def claim(filing_pk, application_pk, user_pk):
    user = get_user_model().objects.get(pk=user_pk)
    filing = Filing.objects.get(pk=filing_pk)
    return actions.select_applications(user, filing, [application_pk]).added


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_only_one_of_several_racing_filings_gets_the_application(
    filer, unit, qualification, round_number
):
    application = ApplicationFactory(organizing_unit=unit, qualification=qualification)
    filings = FilingFactory.create_batch(
        PROCESSES, organizing_unit=unit, created_by=filer
    )

    outcomes = race(claim, [(f.pk, application.pk, filer.pk) for f in filings])

    assert [kind for kind, _value in outcomes] == ["ok"] * PROCESSES, outcomes
    assert sorted(value for _kind, value in outcomes) == [0] * (PROCESSES - 1) + [1]
    assert FilingApplication.objects.live().filter(application=application).count() == 1
