"""Two reviewers of one office acting on one filing at the same moment.

Exactly one action wins; the other reviewer is told someone acted first, and
nothing is recorded twice. Runs on SQLite and, in CI's second pass, PostgreSQL.
"""

import pytest
from django.contrib.auth import get_user_model

from approvals import actions as review
from approvals.models import ReviewStep
from filing import actions
from filing.models import Filing
from tests.conftest import reviewer_of
from tests.support import race

pytestmark = [pytest.mark.race, pytest.mark.django_db(transaction=True)]

ROUNDS = 3


def act(name, user_pk, filing_pk, seen_step_id):
    user = get_user_model().objects.get(pk=user_pk)
    filing = Filing.objects.get(pk=filing_pk)
    if name == "pass":
        review.pass_review(user, filing, seen_step_id=seen_step_id)
    else:
        review.return_filing(user, filing, reason="不合格", seen_step_id=seen_step_id)
    return name


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_of_two_reviewers_acting_at_once_exactly_one_wins(
    chain, senior_filing, filer, round_number
):
    filing = actions.submit_filing(filer, senior_filing())
    first = chain["reviewers"]["ili"]
    second = reviewer_of("ili_colleague", chain["ili"])
    seen = review.last_step_id(filing)

    outcomes = race(
        act,
        [("pass", first.pk, filing.pk, seen), ("return", second.pk, filing.pk, seen)],
    )

    kinds = sorted(kind for kind, _value in outcomes)
    assert kinds == ["error", "ok"], outcomes
    [refusal] = [value for kind, value in outcomes if kind == "error"]
    assert "AlreadyActed" in refusal
    [winner] = [value for kind, value in outcomes if kind == "ok"]
    expected = {"pass": "passed", "return": "returned"}[winner]
    actions_recorded = ReviewStep.objects.filter(filing=filing).exclude(
        action="submitted"
    )
    assert list(actions_recorded.values_list("action", flat=True)) == [expected]
