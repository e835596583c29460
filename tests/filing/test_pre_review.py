"""Pre-review filings (会前备案): the meeting, its rules, its route, and the
post-review filing that follows it."""

import pytest
from django.urls import reverse
from django.utils import translation

from approvals import actions as review
from approvals.certificates import NoCertificatesForMeetings, can_issue_certificates
from approvals.review_queue import waiting_for
from filing import actions
from filing.factories import (
    ApplicationFactory,
    FilingFactory,
    OrganizingUnitFactory,
    QualificationFactory,
    approved_meeting,
)
from filing.models import (
    Application,
    AttachmentKind,
    Filing,
    FilingLevel,
    MeetingCandidate,
    OrganizingUnit,
    TitleLevel,
)
from filing.review_rules import meeting_findings
from filing.scans import inspect_scan
from tests.support import meeting_fields, one_page_pdf, ready_to_submit

pytestmark = pytest.mark.django_db


def findings(**figures):
    figures = {
        "filing_level": FilingLevel.SENIOR,
        "committee_scope": "series",
        "committee_size": 25,
        "experts_present": 17,
        **figures,
    }
    return {(f.field, f.mode) for f in meeting_findings(**figures)}


# The review rules of reference/standards.md


def test_a_senior_series_committee_needs_25_experts_and_a_specialty_one_11():
    assert findings(committee_size=25, experts_present=25) == set()
    assert findings(committee_size=24, experts_present=24) == {
        ("committee_size", "refuse")
    }
    assert (
        findings(committee_scope="specialty", committee_size=11, experts_present=11)
        == set()
    )
    assert findings(
        committee_scope="specialty", committee_size=10, experts_present=10
    ) == {("committee_size", "refuse")}


def test_intermediate_committees_have_no_documented_minimum():
    assert (
        findings(
            filing_level=FilingLevel.INTERMEDIATE_JUNIOR,
            committee_size=5,
            experts_present=5,
        )
        == set()
    )


def test_two_thirds_of_the_committee_must_attend():
    # 25 × 2/3 = 16.67: 17 is enough, 16 is not.
    assert findings(committee_size=25, experts_present=17) == set()
    assert findings(committee_size=25, experts_present=16) == {
        ("experts_present", "refuse")
    }
    # Exactly two thirds is enough.
    assert findings(committee_size=27, experts_present=18) == set()


def test_each_rule_follows_its_setting(settings):
    settings.REVIEW_SENIOR_SERIES_COMMITTEE_MIN = 30
    settings.REVIEW_COMMITTEE_SIZE_MODE = "warn"
    settings.REVIEW_QUORUM = "3/4"

    assert findings(committee_size=25, experts_present=18) == {
        ("committee_size", "warn"),
        ("experts_present", "refuse"),
    }


def test_the_quorum_message_names_the_figures_in_the_users_language():
    [finding] = meeting_findings(
        filing_level=FilingLevel.SENIOR,
        committee_scope="series",
        committee_size=25,
        experts_present=16,
    )
    with translation.override("zh-hans"):
        message = str(finding.message)
    assert "17" in message and "16" in message and "2/3" in message
    assert "At least" not in message


# Creating a pre-review filing


def test_a_refused_rule_stops_the_meeting_at_its_field(chain, unit, filer):
    with pytest.raises(actions.ReviewRuleBroken) as refusal:
        actions.create_pre_review_filing(
            filer,
            organizing_unit=unit,
            meeting=meeting_fields(chain["health_series"], committee_size=20),
            review_year=2024,
            declared_headcount=2,
            data_source="declared",
            filing_level=FilingLevel.SENIOR,
        )

    assert refusal.value.field == "committee_size"
    assert not Filing.objects.exists()


def test_a_warned_rule_lets_the_meeting_be_saved(chain, unit, filer, settings):
    settings.REVIEW_QUORUM_MODE = "warn"

    filing = actions.create_pre_review_filing(
        filer,
        organizing_unit=unit,
        meeting=meeting_fields(chain["health_series"], experts_present=10),
        review_year=2024,
        declared_headcount=2,
        data_source="declared",
        filing_level=FilingLevel.SENIOR,
    )

    assert filing.kind == Filing.Kind.PRE_REVIEW
    assert filing.meeting.experts_present == 10
    assert filing.notice_title == filing.meeting.committee_name


def test_another_units_filer_cannot_register_a_meeting(chain, unit, other_filer):
    with pytest.raises(actions.NotPermitted):
        actions.create_pre_review_filing(
            other_filer,
            organizing_unit=unit,
            meeting=meeting_fields(chain["health_series"]),
            review_year=2024,
            declared_headcount=2,
            data_source="declared",
            filing_level=FilingLevel.SENIOR,
        )


def test_candidates_have_not_passed_yet_and_claim_nothing(senior_meeting):
    meeting = senior_meeting()

    candidates = list(meeting.selected_applications())
    assert len(candidates) == 2
    assert not any(a.passed_review for a in candidates)
    # Rule 2 is about filed results: a candidacy is not a live filing.
    assert Application.objects.in_live_filing().count() == 0


def test_a_committee_is_offered_only_the_applications_of_its_series(
    senior_meeting, unit, chain
):
    meeting = senior_meeting()
    teacher = ApplicationFactory(
        organizing_unit=unit,
        passed_review=False,
        qualification=QualificationFactory(
            series=chain["teachers"],
            level=TitleLevel.ASSOCIATE_SENIOR,
            name="中学高级教师",
        ),
    )

    pool = meeting.eligible_pool()

    assert pool.count() == 2
    assert teacher not in pool
    assert {a.qualification.series for a in pool} == {chain["health_series"]}


def test_a_candidate_of_a_live_meeting_is_not_offered_to_another(
    senior_meeting, filer, unit, chain
):
    first = senior_meeting()
    second = actions.create_pre_review_filing(
        filer,
        organizing_unit=unit,
        meeting=meeting_fields(chain["health_series"], committee_name="另一评委会"),
        review_year=2024,
        declared_headcount=2,
        data_source="declared",
        filing_level=FilingLevel.SENIOR,
    )
    taken = list(first.selected_applications().values_list("pk", flat=True))

    result = actions.select_applications(filer, second, taken)

    assert (result.added, result.unavailable) == (0, 2)
    assert not second.free_candidates().filter(pk__in=taken).exists()


def test_a_pre_review_filing_takes_only_the_review_plan(senior_meeting, filer):
    meeting = senior_meeting()
    scan = one_page_pdf()

    with pytest.raises(actions.WrongAttachment):
        actions.upload_attachment(
            filer, meeting, AttachmentKind.MEETING_MINUTES, scan, inspect_scan(scan)
        )


def test_a_meeting_without_its_review_plan_cannot_be_submitted(chain, unit, filer):
    filing = actions.create_pre_review_filing(
        filer,
        organizing_unit=unit,
        meeting=meeting_fields(chain["health_series"]),
        review_year=2024,
        declared_headcount=2,
        data_source="declared",
        filing_level=FilingLevel.SENIOR,
    )

    problems = {(p.step, p.field) for p in actions.submission_problems(filing)}

    assert problems == {(2, "applications"), (3, "review_plan")}


def test_a_rule_refused_after_saving_stops_the_submission(
    senior_meeting, filer, settings
):
    settings.REVIEW_QUORUM_MODE = "warn"
    meeting = senior_meeting(experts_present=12)
    settings.REVIEW_QUORUM_MODE = "refuse"

    with pytest.raises(actions.SubmissionRefused) as refusal:
        actions.submit_filing(filer, meeting)

    assert [(p.step, p.field) for p in refusal.value.problems] == [
        (1, "experts_present")
    ]


def test_a_candidate_count_that_differs_from_the_selection_says_so_in_its_words(
    senior_meeting, filer
):
    meeting = senior_meeting()
    actions.update_basic_information(filer, meeting, declared_headcount=3)
    meeting.refresh_from_db()

    with translation.override("zh-hans"):
        problems = [
            (p.step, p.field, str(p.message))
            for p in actions.submission_problems(meeting)
        ]

    assert problems == [
        (1, "declared_headcount", "参评人数为 3 人，但已选申请书 2 份。")
    ]


# Its route


def test_a_meeting_follows_the_route_for_pre_review_filings(
    senior_meeting, filer, chain
):
    meeting = actions.submit_filing(filer, senior_meeting())

    assert [stop.office for stop in meeting.stops.all()] == [
        chain["ili"],
        chain["health"],
        chain["hr"],
    ]
    assert meeting.current_office == chain["ili"]


def test_without_a_pre_review_route_nobody_receives_the_meeting(senior_meeting, filer):
    from approvals.models import Route

    Route.objects.filter(filing_kind="pre_review").delete()

    with pytest.raises(actions.NoReceivingOffice):
        actions.submit_filing(filer, senior_meeting())


def test_post_review_routes_do_not_carry_meetings(senior_filing, chain):
    from approvals.routing import route_for

    filing = senior_filing()

    assert route_for(filing).filing_kind == "post_review"
    assert route_for(filing).name == "地州单位高级（卫生）"


def test_an_approved_meeting_leaves_the_queue_and_gets_no_certificates(
    senior_meeting, filer, chain
):
    meeting = actions.submit_filing(filer, senior_meeting())
    people = chain["reviewers"]
    for office in ("ili", "health"):
        review.pass_review(people[office], meeting)
        review.forward(people[office], meeting)
    assert waiting_for(people["hr"]).filter(pk=meeting.pk).exists()

    meeting = review.approve(people["hr"], meeting)

    assert meeting.status == Filing.Status.APPROVED
    assert not waiting_for(people["hr"]).filter(pk=meeting.pk).exists()
    with pytest.raises(NoCertificatesForMeetings):
        can_issue_certificates(people["hr"], meeting)


def test_a_return_ticks_only_what_a_meeting_has(senior_meeting, filer, chain):
    meeting = actions.submit_filing(filer, senior_meeting())
    ili = chain["reviewers"]["ili"]

    with pytest.raises(review.UnknownFlag):
        review.return_filing(ili, meeting, reason="缺签字", flagged=["notice_number"])
    meeting = review.return_filing(
        ili, meeting, reason="评审方案未盖章", flagged=["review_plan", "meeting"]
    )

    assert meeting.status == Filing.Status.RETURNED
    assert meeting.review_steps.last().flagged == ["review_plan", "meeting"]


# The post-review filing that follows it


@pytest.fixture
def met(unit, qualification):
    """An approved intermediate meeting of four candidates; two of them passed."""
    candidates = ApplicationFactory.create_batch(
        4, organizing_unit=unit, qualification=qualification
    )
    for failed in candidates[2:]:
        failed.passed_review = False
        failed.save()
    outsider = ApplicationFactory(organizing_unit=unit, qualification=qualification)
    meeting = approved_meeting(candidates, filing_level=FilingLevel.INTERMEDIATE_JUNIOR)
    return meeting, candidates, outsider


def test_the_pool_of_a_filing_that_follows_a_meeting_is_its_passed_candidates(
    met, unit, filer
):
    meeting, candidates, outsider = met
    filing = FilingFactory(organizing_unit=unit, created_by=filer, pre_review=meeting)

    assert set(filing.eligible_pool()) == set(candidates[:2])

    result = actions.select_applications(
        filer, filing, [a.pk for a in candidates] + [outsider.pk]
    )
    assert (result.added, result.unavailable) == (2, 3)


def test_without_a_meeting_the_pool_is_the_years_passed_applications(met, unit, filer):
    meeting, candidates, outsider = met
    filing = FilingFactory(organizing_unit=unit, created_by=filer)

    assert set(filing.eligible_pool()) == {*candidates[:2], outsider}


def test_a_candidate_is_filed_after_the_meeting_and_then_is_in_a_live_filing(
    met, unit, filer
):
    meeting, candidates, _outsider = met
    filing = FilingFactory(organizing_unit=unit, created_by=filer, pre_review=meeting)

    actions.select_applications(filer, filing, [candidates[0].pk])

    assert MeetingCandidate.objects.filter(application=candidates[0]).exists()
    assert list(Application.objects.in_live_filing()) == [candidates[0]]


def test_a_senior_filing_without_its_meeting_is_refused_at_the_field(
    chain, unit, filer, office
):
    qualification = QualificationFactory(level=TitleLevel.ASSOCIATE_SENIOR)
    pool = ApplicationFactory.create_batch(
        2, organizing_unit=unit, qualification=qualification
    )
    filing = FilingFactory(
        organizing_unit=unit, created_by=filer, filing_level=FilingLevel.SENIOR
    )
    filing = ready_to_submit(filer, filing, pool, office)

    with pytest.raises(actions.SubmissionRefused) as refusal:
        actions.submit_filing(filer, filing)

    [problem] = refusal.value.problems
    assert (problem.step, problem.field) == (1, "pre_review")
    with translation.override("zh-hans"):
        assert "会前备案" in str(problem.message)


def test_a_self_accrediting_units_intermediate_filing_needs_its_meeting(
    filer, qualification
):
    unit = OrganizingUnitFactory(
        kind=OrganizingUnit.Kind.SELF_ACCREDITING, prefecture=""
    )
    unit.administrators.add(filer)
    filing = FilingFactory(organizing_unit=unit, created_by=filer)

    problems = {(p.step, p.field) for p in actions.submission_problems(filing)}

    assert (1, "pre_review") in problems


def test_for_intermediate_filings_the_meeting_is_a_setting(
    filing, pool, filer, office, settings
):
    filing = ready_to_submit(filer, filing, pool, office)
    assert actions.submission_problems(filing) == []

    settings.PRE_REVIEW_REQUIRED_FOR_INTERMEDIATE_JUNIOR = True

    fields = [p.field for p in actions.submission_problems(filing)]
    assert fields == ["pre_review"]


def test_a_meeting_not_yet_approved_cannot_be_followed(met, unit, filer, office):
    meeting, candidates, _outsider = met
    filing = FilingFactory(organizing_unit=unit, created_by=filer, pre_review=meeting)
    filing = ready_to_submit(filer, filing, candidates, office)
    assert actions.submission_problems(filing) == []

    meeting.status = Filing.Status.RETURNED
    meeting.save()

    assert [p.field for p in actions.submission_problems(filing)] == ["pre_review"]


# The wizard


def test_the_meeting_step_refuses_and_warns_at_the_fields(
    client, chain, unit, filer, settings
):
    settings.REVIEW_COMMITTEE_SIZE_MODE = "warn"
    client.force_login(filer)
    data = {
        **meeting_fields(chain["health_series"], committee_size=21, experts_present=13),
        "series": chain["health_series"].pk,
        "organizing_unit": unit.pk,
        "review_year": 2024,
        "data_source": "declared",
        "filing_level": FilingLevel.SENIOR,
        "declared_headcount": 2,
    }

    response = client.post(reverse("filing_wizard:new_pre_review"), data)

    # 13 of 21 is short of two thirds: refused beside the field.
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["experts_present"]
    assert "committee_size" in form.warnings
    assert "data-field-warning" in response.content.decode()
    # Said at the top too, where the page opens.
    assert [str(m) for m in response.context["messages"]] == [
        "未保存：请修改下方标出的内容。"
    ]
    assert not Filing.objects.exists()

    data["experts_present"] = 14
    response = client.post(reverse("filing_wizard:new_pre_review"), data)

    filing = Filing.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("filing_wizard:applications", args=[filing.pk])
    assert (filing.kind, filing.meeting.committee_size) == ("pre_review", 21)


def test_the_meeting_wizard_has_four_steps_and_no_notice_step(
    client, senior_meeting, filer
):
    meeting = senior_meeting()
    client.force_login(filer)

    response = client.get(reverse("filing_wizard:confirm", args=[meeting.pk]))

    assert [s["number"] for s in response.context["steps"]] == [1, 2, 3, 4]
    assert response.context["problems"] == []
    assert meeting.meeting.place in response.content.decode()
    assert (
        client.get(reverse("filing_wizard:notice", args=[meeting.pk])).status_code
        == 404
    )


def test_the_post_review_wizard_offers_the_units_approved_meetings_only(
    client, met, unit, filer, other_unit, qualification
):
    meeting, _candidates, _outsider = met
    others = approved_meeting(
        ApplicationFactory.create_batch(
            1, organizing_unit=other_unit, qualification=qualification
        ),
        filing_level=FilingLevel.INTERMEDIATE_JUNIOR,
    )
    filing = FilingFactory(organizing_unit=unit, created_by=filer, pre_review=meeting)
    client.force_login(filer)

    response = client.get(reverse("filing_wizard:basic", args=[filing.pk]))

    offered = list(response.context["form"].fields["pre_review"].queryset)
    assert offered == [meeting]
    assert others not in offered
    # The wizard shows the meeting the filing belongs to.
    assert "data-meeting" in response.content.decode()
    assert meeting.meeting.committee_name in response.content.decode()


def test_another_units_meeting_cannot_be_posted_into_a_filing(
    client, unit, filer, other_unit, qualification, filing
):
    others = approved_meeting(
        ApplicationFactory.create_batch(
            1, organizing_unit=other_unit, qualification=qualification
        ),
        filing_level=FilingLevel.INTERMEDIATE_JUNIOR,
    )
    client.force_login(filer)

    response = client.post(
        reverse("filing_wizard:basic", args=[filing.pk]),
        {"notice_title": "x", "declared_headcount": 2, "pre_review": others.pk},
    )

    assert response.status_code == 200
    assert "pre_review" in response.context["form"].errors
    filing.refresh_from_db()
    assert filing.pre_review is None


def test_the_basic_step_says_a_senior_filing_needs_its_meeting(client, unit, filer):
    filing = FilingFactory(
        organizing_unit=unit, created_by=filer, filing_level=FilingLevel.SENIOR
    )
    client.force_login(filer)

    response = client.get(reverse("filing_wizard:basic", args=[filing.pk]))

    assert "pre_review" in response.context["field_problems"]


def test_my_filings_offers_a_new_pre_review_filing_and_filters_by_kind(
    client, senior_meeting, filing, filer
):
    meeting = senior_meeting()
    client.force_login(filer)
    url = reverse("wagtailsnippets_filing_filing:list")

    page = client.get(url).content.decode()
    # The everyday button first, whatever the language sorts first.
    new_filing = page.index(f'href="{reverse("filing_wizard:new")}"')
    new_meeting = page.index(f'href="{reverse("filing_wizard:new_pre_review")}"')
    assert new_filing < new_meeting

    response = client.get(url, {"kind": "pre_review"})
    listed = list(response.context["object_list"])
    assert listed == [meeting]


def test_the_meetings_steps_speak_of_candidates_and_a_plan_not_of_a_notice(
    client, senior_meeting, filer
):
    meeting = senior_meeting()
    one_more = meeting.selected_applications().first()
    ApplicationFactory(
        organizing_unit=meeting.organizing_unit,
        qualification=one_more.qualification,
        passed_review=False,
    )
    client.force_login(filer)

    candidates = client.get(
        reverse("filing_wizard:applications", args=[meeting.pk]),
        {"tab": "candidates"},
    ).content.decode()
    plan = client.get(
        reverse("filing_wizard:attachments", args=[meeting.pk])
    ).content.decode()

    assert "本次会议参评申请书" in candidates
    assert "将勾选的申请书加入参评名单" in candidates
    assert "批文" not in candidates
    assert "上传评审工作方案" in plan
    assert "扫描件" not in plan


def test_a_reviewer_cannot_start_a_pre_review_filing(client, chain):
    client.force_login(chain["reviewers"]["ili"])

    response = client.get(reverse("filing_wizard:new_pre_review"))

    assert response.status_code == 404


def test_another_units_filer_cannot_open_the_meeting(
    client, senior_meeting, other_filer
):
    meeting = senior_meeting()
    client.force_login(other_filer)

    for name in ("basic", "applications", "attachments", "confirm"):
        url = reverse(f"filing_wizard:{name}", args=[meeting.pk])
        assert client.get(url).status_code == 404, name


def test_the_timeline_keeps_the_meeting_as_submitted(client, senior_meeting, filer):
    meeting = actions.submit_filing(filer, senior_meeting())
    place = meeting.meeting.place
    client.force_login(filer)

    page = client.get(
        reverse("wagtailsnippets_filing_filing:inspect", args=[meeting.pk])
    ).content.decode()

    version = page[page.index("wizard-timeline__version") :]
    assert place in version
    assert meeting.review_steps.get().snapshot["meeting"]["experts_present"] == 21


def test_the_export_of_my_filings_names_each_filings_kind(
    client, senior_meeting, filing, filer
):
    senior_meeting()
    client.force_login(filer)

    url = reverse("wagtailsnippets_filing_filing:list") + "?export=csv"
    with translation.override("zh-hans"):
        text = b"".join(client.get(url).streaming_content).decode("utf-8")

    heading, *rows = text.strip().splitlines()
    assert heading.lstrip("\ufeff").startswith("类型,")
    assert sorted(row.split(",")[0] for row in rows) == [
        "评审工作事后备案",
        "评审工作会前备案",
    ]


def test_only_a_post_review_filing_has_generated_documents(
    client, senior_meeting, filing, filer
):
    meeting = senior_meeting()
    client.force_login(filer)

    post = client.get(
        reverse("filing_wizard:document", args=[filing.pk, "draft_notice"])
    )
    pre = client.get(
        reverse("filing_wizard:document", args=[meeting.pk, "draft_notice"])
    )

    assert post.status_code == 200
    assert post.json()["status"] == "missing"
    assert pre.status_code == 404
