"""A filing's way through its offices: every transition, guard and record."""

import pytest
from wagtail.models import ModelLogEntry

from approvals import actions as review
from approvals.models import ReviewStep
from approvals.routing import route_for
from filing import actions
from filing.models import Filing, FilingApplication

pytestmark = pytest.mark.django_db


def reload(filing):
    return Filing.objects.select_related("current_office", "current_stop").get(
        pk=filing.pk
    )


def code(office):
    return office.code if office else None


def timeline(filing):
    steps = ReviewStep.objects.filter(filing=filing).select_related(
        "office", "to_office"
    )
    return [(step.action, code(step.office), code(step.to_office)) for step in steps]


def where(filing):
    filing = reload(filing)
    return filing.status, code(filing.current_office)


# Routes


@pytest.mark.parametrize(
    ("series", "route"),
    [("health_series", "地州单位高级（卫生）"), ("teachers", "地州单位高级（教师）")],
)
def test_the_most_specific_route_wins(chain, senior_filing, series, route):
    assert route_for(senior_filing(series)).name == route


def test_submission_fixes_the_stops_of_the_route(chain, senior_filing, filer):
    filing = actions.submit_filing(filer, senior_filing())

    stops = [(s.office.code, s.task) for s in reload(filing).stops.all()]
    assert stops == [("654000", "review"), ("WJW", "review"), ("RST", "approve")]
    assert where(filing) == (Filing.Status.SUBMITTED, "654000")


def test_a_route_stop_for_a_prefecture_without_an_office_refuses_submission(
    chain, senior_filing, filer, unit
):
    unit.prefecture = "652300"  # 昌吉: no title office in this test
    unit.save()

    with pytest.raises(actions.NoReceivingOffice):
        actions.submit_filing(filer, senior_filing())


# The whole chain


def test_a_senior_health_filing_goes_through_three_offices(chain, senior_filing, filer):
    people = chain["reviewers"]
    filing = actions.submit_filing(filer, senior_filing())

    review.pass_review(people["ili"], filing)
    assert where(filing) == (Filing.Status.PASSED, "654000")
    review.forward(people["ili"], filing)
    assert where(filing) == (Filing.Status.FORWARDED, "WJW")
    review.pass_review(people["health"], filing)
    review.forward(people["health"], filing)
    assert where(filing) == (Filing.Status.FORWARDED, "RST")
    review.approve(people["hr"], filing)

    assert where(filing) == (Filing.Status.APPROVED, "RST")
    assert timeline(filing) == [
        ("submitted", None, "654000"),
        ("passed", "654000", None),
        ("forwarded", "654000", "WJW"),
        ("passed", "WJW", None),
        ("forwarded", "WJW", "RST"),
        ("approved", "RST", None),
    ]
    logged = (
        ModelLogEntry.objects.for_instance(filing)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    assert [a for a in logged if a.startswith("approvals.")] == [
        "approvals.passed",
        "approvals.forwarded",
        "approvals.passed",
        "approvals.forwarded",
        "approvals.approved",
    ]


def test_senior_teachers_wait_for_the_education_departments_consent(
    chain, senior_filing, filer
):
    people = chain["reviewers"]
    filing = actions.submit_filing(filer, senior_filing("teachers"))
    review.pass_review(people["ili"], filing)
    review.forward(people["ili"], filing)

    assert where(filing) == (Filing.Status.AWAITING_CONSENT, "JYT")
    assert review.available_actions(people["education"], reload(filing)) == [
        "consent",
        "refuse_consent",
    ]
    review.give_consent(people["education"], filing)

    assert where(filing) == (Filing.Status.FORWARDED, "RST")
    assert timeline(filing)[-1] == ("consented", "JYT", "RST")


def test_refused_consent_returns_the_filing_and_its_resubmission_goes_back_to_consent(
    chain, senior_filing, filer
):
    people = chain["reviewers"]
    filing = actions.submit_filing(filer, senior_filing("teachers"))
    review.pass_review(people["ili"], filing)
    review.forward(people["ili"], filing)

    review.refuse_consent(
        people["education"],
        filing,
        reason="缺少公示材料",
        flagged=["publicity_evidence"],
    )
    assert where(filing) == (Filing.Status.RETURNED, "JYT")
    actions.submit_filing(filer, reload(filing))

    assert where(filing) == (Filing.Status.AWAITING_CONSENT, "JYT")
    assert [a for a, _o, _t in timeline(filing)][-2:] == [
        "consent_refused",
        "resubmitted",
    ]


# Returning and resubmitting


def test_a_returned_filing_is_editable_again_and_comes_back_to_the_returning_office(
    chain, senior_filing, filer
):
    people = chain["reviewers"]
    filing = actions.submit_filing(filer, senior_filing())
    review.pass_review(people["ili"], filing)
    review.forward(people["ili"], filing)

    review.return_filing(
        people["health"],
        filing,
        reason="会议纪要未盖章",
        flagged=["notice_number", "meeting_minutes"],
    )
    filing = reload(filing)
    assert filing.is_editable
    step = review.latest_return(filing)
    assert (step.reason, step.office.code) == ("会议纪要未盖章", "WJW")
    # Kept in the order the wizard shows them: scans first, then fields.
    assert step.flagged == ["meeting_minutes", "notice_number"]

    actions.update_basic_information(filer, filing, notice_title="改过的标题")
    with pytest.raises(actions.FieldFixed):
        actions.update_basic_information(filer, filing, review_year=2023)
    actions.submit_filing(filer, reload(filing))

    assert where(filing) == (Filing.Status.SUBMITTED, "WJW")
    resubmitted = ReviewStep.objects.filter(filing=filing).last()
    assert resubmitted.action == "resubmitted"
    assert resubmitted.snapshot["notice_title"] == "改过的标题"
    # The first submission's version stays beside the second.
    first = ReviewStep.objects.filter(filing=filing, action="submitted").get()
    assert first.snapshot["notice_title"] != "改过的标题"


def test_a_return_needs_a_reason_and_ticks_only_what_exists(
    chain, senior_filing, filer
):
    filing = actions.submit_filing(filer, senior_filing())
    ili = chain["reviewers"]["ili"]

    with pytest.raises(review.ReasonRequired):
        review.return_filing(ili, filing, reason="  ")
    with pytest.raises(review.UnknownFlag):
        review.return_filing(ili, filing, reason="x", flagged=["password"])
    assert where(filing) == (Filing.Status.SUBMITTED, "654000")


def test_a_returned_filing_is_not_waiting_for_any_office(chain, senior_filing, filer):
    filing = actions.submit_filing(filer, senior_filing())
    ili = chain["reviewers"]["ili"]
    review.return_filing(ili, filing, reason="请补充材料")

    with pytest.raises(review.NotAtYourOffice):
        review.pass_review(ili, reload(filing))


# Guards


def test_only_the_office_the_filing_waits_at_may_act(chain, senior_filing, filer):
    people = chain["reviewers"]
    filing = actions.submit_filing(filer, senior_filing())

    for outsider in (people["health"], people["hr"], people["kashgar"]):
        assert review.available_actions(outsider, reload(filing)) == []
        with pytest.raises(review.NotAtYourOffice):
            review.pass_review(outsider, filing)
    with pytest.raises(actions.NotPermitted):
        review.pass_review(filer, filing)
    assert where(filing) == (Filing.Status.SUBMITTED, "654000")


def test_each_stop_offers_only_its_own_task(chain, senior_filing, filer):
    ili = chain["reviewers"]["ili"]
    filing = actions.submit_filing(filer, senior_filing())

    assert review.available_actions(ili, reload(filing)) == ["pass", "return"]
    for wrong in (review.approve, review.forward, review.give_consent):
        with pytest.raises(review.WrongTask):
            wrong(ili, filing)
    review.pass_review(ili, filing)
    assert review.available_actions(ili, reload(filing)) == ["forward", "return"]
    with pytest.raises(review.WrongTask):
        review.pass_review(ili, filing)


def test_a_reviewer_acting_on_an_old_view_of_the_filing_is_told(
    chain, senior_filing, filer
):
    ili = chain["reviewers"]["ili"]
    filing = actions.submit_filing(filer, senior_filing())
    seen = review.last_step_id(filing)
    review.pass_review(ili, filing, seen_step_id=seen)

    # A second reviewer of the same office had the page open before the pass.
    colleague = chain["reviewers"]["ili"].__class__.objects.create(username="ili2")
    colleague.groups.set(ili.groups.all())
    chain["ili"].reviewers.add(colleague)
    with pytest.raises(review.AlreadyActed):
        review.return_filing(colleague, filing, reason="不合格", seen_step_id=seen)

    assert where(filing) == (Filing.Status.PASSED, "654000")
    assert ReviewStep.objects.filter(filing=filing, action="returned").count() == 0


# Withdrawing


def test_the_filer_withdraws_a_filing_no_office_has_touched(
    chain, senior_filing, filer
):
    filing = actions.submit_filing(filer, senior_filing())
    notice_number = filing.notice_number

    actions.withdraw_filing(filer, filing, reason="名单有误")

    assert where(filing) == (Filing.Status.WITHDRAWN, None)
    assert not FilingApplication.objects.live().filter(filing=filing).exists()
    # Its notice number and its people are free for a new filing.
    assert not Filing.objects.live().filter(notice_number=notice_number).exists()
    assert ReviewStep.objects.filter(filing=filing).last().action == "withdrawn"


def test_once_an_office_has_acted_the_filer_cannot_withdraw(
    chain, senior_filing, filer, other_filer
):
    filing = actions.submit_filing(filer, senior_filing())
    with pytest.raises(actions.NotPermitted):
        actions.withdraw_filing(other_filer, filing)
    review.pass_review(chain["reviewers"]["ili"], filing)

    with pytest.raises(actions.NotWithdrawable):
        actions.withdraw_filing(filer, reload(filing))
    assert where(filing) == (Filing.Status.PASSED, "654000")


def test_a_returned_and_resubmitted_filing_cannot_be_withdrawn(
    chain, senior_filing, filer
):
    filing = actions.submit_filing(filer, senior_filing())
    review.return_filing(chain["reviewers"]["ili"], filing, reason="请补充材料")
    actions.submit_filing(filer, reload(filing))

    with pytest.raises(actions.NotWithdrawable):
        actions.withdraw_filing(filer, reload(filing))
