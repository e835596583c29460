"""Processes racing to claim one application: exactly one filing wins (rule 2).

Each round forks several processes that wait at a barrier and then select
the same application into their own filing at the same moment. The suite
runs this on SQLite and, in CI's second pass, on PostgreSQL.
"""

import multiprocessing
import os

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from filing import actions
from filing.factories import ApplicationFactory, FilingFactory
from filing.models import Filing, FilingApplication

pytestmark = [pytest.mark.race, pytest.mark.django_db(transaction=True)]

PROCESSES = 6
ROUNDS = 4


def claim(filing_pk, application_pk, user_pk, barrier, results):
    """Runs in a forked child: one attempt, reported through the queue."""
    try:
        user = get_user_model().objects.get(pk=user_pk)
        filing = Filing.objects.get(pk=filing_pk)
        barrier.wait(timeout=30)
        result = actions.select_applications(user, filing, [application_pk])
        results.put(("added", result.added))
    except Exception as error:  # reported to the parent, which fails the test
        results.put(("error", repr(error)))
    finally:
        connections.close_all()
        # Flush the queue's feeder thread before leaving without running the
        # parent's pytest machinery a second time.
        results.close()
        results.join_thread()
        os._exit(0)


def race(filings, application, user):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(filings))
    results = context.Queue()
    # Children must open their own connections, not share the parent's.
    connections.close_all()
    processes = [
        context.Process(
            target=claim, args=(filing.pk, application.pk, user.pk, barrier, results)
        )
        for filing in filings
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_only_one_of_several_racing_filings_gets_the_application(
    filer, unit, qualification, round_number
):
    application = ApplicationFactory(organizing_unit=unit, qualification=qualification)
    filings = FilingFactory.create_batch(
        PROCESSES, organizing_unit=unit, created_by=filer
    )

    outcomes = race(filings, application, filer)

    assert [kind for kind, _value in outcomes] == ["added"] * PROCESSES, outcomes
    assert sorted(value for _kind, value in outcomes) == [0] * (PROCESSES - 1) + [1]
    assert FilingApplication.objects.live().filter(application=application).count() == 1
