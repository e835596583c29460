"""The decision buttons, the return form and the withdrawal, through the admin."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from approvals import actions as review
from approvals.models import ReviewStep
from filing import actions
from filing.models import Filing
from filing.views.wizard import FLAG_STEPS, step_url

pytestmark = pytest.mark.django_db


def detail(filing):
    return reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])


def decide(filing, decision):
    return reverse("review:decide", args=[filing.pk, decision])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def submitted(chain, senior_filing, filer):
    return actions.submit_filing(filer, senior_filing())


def test_the_office_a_filing_waits_at_sees_its_decisions(client, chain, submitted):
    client.force_login(chain["reviewers"]["ili"])

    html = client.get(detail(submitted)).content.decode()

    assert decide(submitted, "pass") in html
    assert reverse("review:return", args=[submitted.pk]) in html
    assert decide(submitted, "approve") not in html


def test_an_office_further_along_the_route_reads_but_cannot_decide(
    client, chain, submitted
):
    client.force_login(chain["reviewers"]["hr"])

    response = client.get(detail(submitted))

    assert response.status_code == 200
    assert "review-decisions" not in response.content.decode()


def test_passing_and_forwarding_through_the_buttons(client, chain, submitted):
    client.force_login(chain["reviewers"]["ili"])

    seen = review.last_step_id(submitted)
    response = client.post(decide(submitted, "pass"), {"seen_step_id": seen})
    assert response.status_code == 302
    seen = review.last_step_id(submitted)
    response = client.post(decide(submitted, "forward"), {"seen_step_id": seen})

    submitted.refresh_from_db()
    assert (submitted.status, submitted.current_office.code) == ("forwarded", "WJW")
    assert "自治区卫生健康委员会" in messages_of(response)[-1]


def test_a_decision_on_a_page_that_went_stale_is_refused_with_a_message(
    client, chain, submitted
):
    stale = review.last_step_id(submitted)
    review.pass_review(chain["reviewers"]["ili"], submitted)
    client.force_login(chain["reviewers"]["ili"])

    response = client.post(decide(submitted, "forward"), {"seen_step_id": stale})

    assert response.status_code == 302
    assert messages_of(response) == [str(review.AlreadyActed.message)]
    submitted.refresh_from_db()
    assert submitted.status == Filing.Status.PASSED


def test_an_unknown_decision_or_a_filing_off_the_route_is_not_found(
    client, chain, submitted
):
    client.force_login(chain["reviewers"]["kashgar"])
    assert client.post(decide(submitted, "pass")).status_code == 404
    assert client.get(reverse("review:return", args=[submitted.pk])).status_code == 404

    client.force_login(chain["reviewers"]["ili"])
    assert client.post(decide(submitted, "delete")).status_code == 404
    assert client.get(decide(submitted, "pass")).status_code == 405


def test_a_return_without_a_reason_is_shown_again_with_the_message_at_the_reason(
    client, chain, submitted
):
    client.force_login(chain["reviewers"]["ili"])
    url = reverse("review:return", args=[submitted.pk])

    response = client.post(url, {"reason": " ", "flagged": ["meeting_minutes"]})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    submitted.refresh_from_db()
    assert submitted.status == Filing.Status.SUBMITTED


def test_a_return_with_ticks_reaches_the_filer_on_the_detail_page(
    client, chain, submitted, filer
):
    client.force_login(chain["reviewers"]["ili"])
    url = reverse("review:return", args=[submitted.pk])
    form = client.get(url).context["form"]

    response = client.post(
        url,
        {
            "reason": "会议纪要缺少签字页",
            "flagged": ["meeting_minutes"],
            "seen_step_id": form.initial["seen_step_id"],
        },
    )
    assert response.status_code == 302

    client.force_login(filer)
    html = client.get(detail(submitted)).content.decode()
    assert "会议纪要缺少签字页" in html
    assert str(dict(review.flaggable_items())["meeting_minutes"]) in html
    assert reverse("filing_wizard:resume", args=[submitted.pk]) in html
    assert step_url(submitted, FLAG_STEPS["meeting_minutes"]) in html
    assert "请在最后一步重新提交" in html


def test_the_returning_office_reads_the_return_without_the_filers_instructions(
    client, chain, submitted
):
    reviewer = chain["reviewers"]["ili"]
    review.return_filing(
        reviewer, submitted, reason="会议纪要缺少签字页", flagged=["meeting_minutes"]
    )
    client.force_login(reviewer)

    html = client.get(detail(submitted)).content.decode()

    assert "会议纪要缺少签字页" in html
    assert str(dict(review.flaggable_items())["meeting_minutes"]) in html
    assert step_url(submitted, FLAG_STEPS["meeting_minutes"]) not in html
    assert "请在最后一步重新提交" not in html


def test_the_timeline_names_the_office_in_brackets(client, chain, submitted, filer):
    review.pass_review(chain["reviewers"]["ili"], submitted)
    review.forward(chain["reviewers"]["ili"], submitted)
    client.force_login(filer)

    html = client.get(detail(submitted)).content.decode()

    forwarded = ReviewStep.objects.get(filing=submitted, action="forwarded")
    assert forwarded.summary in html
    assert "[伊犁哈萨克自治州职称改革工作领导小组办公室]" in forwarded.summary
    assert "[自治区卫生健康委员会]" in forwarded.summary


def test_the_filer_withdraws_through_the_confirmation_page(
    client, chain, submitted, filer
):
    client.force_login(filer)
    url = reverse("review:withdraw", args=[submitted.pk])
    assert url in client.get(detail(submitted)).content.decode()

    response = client.post(url, {"reason": "名单有误"})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Filing.Status.WITHDRAWN


def test_withdrawing_is_not_offered_once_an_office_has_acted(
    client, chain, submitted, filer, other_filer
):
    client.force_login(other_filer)
    assert (
        client.get(reverse("review:withdraw", args=[submitted.pk])).status_code == 404
    )

    review.pass_review(chain["reviewers"]["ili"], submitted)
    client.force_login(filer)
    url = reverse("review:withdraw", args=[submitted.pk])
    assert url not in client.get(detail(submitted)).content.decode()
    assert client.post(url).status_code == 404


def test_a_reviewer_finds_the_filings_of_their_route_in_the_listing_but_files_none(
    client, chain, submitted
):
    from approvals.certificates import issue_certificates

    people = chain["reviewers"]
    for office in ("ili", "health"):
        review.pass_review(people[office], submitted)
        review.forward(people[office], submitted)
    issue_certificates(people["hr"], review.approve(people["hr"], submitted))
    listing = reverse("wagtailsnippets_filing_filing:list")

    # Gone from the queue once its certificates are issued, still at hand here.
    client.force_login(people["hr"])
    html = client.get(listing).content.decode()
    assert detail(submitted) in html
    assert reverse("filing_wizard:new") not in html

    client.force_login(people["kashgar"])
    html = client.get(listing).content.decode()
    assert detail(submitted) not in html
    assert reverse("filing_wizard:new") not in html


def test_a_decision_with_a_mangled_page_marker_changes_nothing(
    client, chain, submitted
):
    client.force_login(chain["reviewers"]["ili"])

    response = client.post(decide(submitted, "pass"), {"seen_step_id": "abc"})

    assert response.status_code == 302
    assert messages_of(response) == [str(review.AlreadyActed.message)]
    submitted.refresh_from_db()
    assert submitted.status == Filing.Status.SUBMITTED
