"""The actions behind every change to a filing: guards, effects and audit."""

import datetime

import pytest
from wagtail.models import ModelLogEntry

from approvals.factories import ReviewOfficeFactory, make_route
from approvals.models import ReviewOffice, ReviewStep, Task
from filing import actions, documents
from filing.factories import (
    ApplicationFactory,
    FilingFactory,
    OrganizingUnitFactory,
    QualificationFactory,
)
from filing.models import (
    POST_REVIEW_SCANS,
    AttachmentKind,
    DataSource,
    Filing,
    FilingApplication,
    FilingLevel,
    OrganizingUnit,
    TitleLevel,
)
from filing.scans import inspect_scan
from tests.support import one_page_pdf, ready_to_submit

pytestmark = pytest.mark.django_db


def logged_actions(filing):
    return list(
        ModelLogEntry.objects.for_instance(filing)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


# Creating and editing


def test_a_filer_creates_a_filing_for_their_unit_and_it_is_logged(filer, unit):
    filing = actions.create_filing(
        filer,
        organizing_unit=unit,
        notice_title="",
        review_year=2024,
        declared_headcount=3,
        data_source=DataSource.DECLARED,
        filing_level=FilingLevel.INTERMEDIATE_JUNIOR,
    )

    assert filing.status == Filing.Status.DRAFT
    assert filing.created_by == filer
    assert logged_actions(filing) == ["filing.create"]


def test_a_filer_cannot_create_a_filing_for_another_unit(filer, other_unit):
    with pytest.raises(actions.NotPermitted):
        actions.create_filing(
            filer,
            organizing_unit=other_unit,
            review_year=2024,
            declared_headcount=1,
            data_source=DataSource.DECLARED,
            filing_level=FilingLevel.SENIOR,
        )

    assert not Filing.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("review_year", 2023),
        ("data_source", DataSource.IMPORTED),
        ("filing_level", FilingLevel.SENIOR),
    ],
)
def test_fields_fixed_after_the_first_save_cannot_change(filer, filing, field, value):
    with pytest.raises(actions.FieldFixed) as refusal:
        actions.update_basic_information(filer, filing, **{field: value})

    filing.refresh_from_db()
    assert refusal.value.field == field
    assert getattr(filing, field) != value


def test_editing_the_title_is_saved_and_logged_with_the_changed_field(filer, filing):
    actions.update_basic_information(filer, filing, notice_title="关于新标题的通知")

    filing.refresh_from_db()
    entry = ModelLogEntry.objects.for_instance(filing).get(action="filing.edit")
    assert filing.notice_title == "关于新标题的通知"
    assert entry.data == {"fields": ["notice_title"]}
    assert entry.user == filer


def test_another_units_filer_cannot_edit_the_filing(other_filer, filing):
    with pytest.raises(actions.NotPermitted):
        actions.update_basic_information(other_filer, filing, notice_title="x")


# Selecting applications (DESIGN rules 2 and 3)


def test_selection_takes_only_applications_of_the_eligible_pool(
    filer, filing, pool, unit
):
    senior = QualificationFactory(level=TitleLevel.ASSOCIATE_SENIOR)
    outside = [
        ApplicationFactory(organizing_unit=unit, qualification=senior),
        ApplicationFactory(organizing_unit=unit, review_year=2023),
        ApplicationFactory(organizing_unit=unit, data_source=DataSource.IMPORTED),
        ApplicationFactory(organizing_unit=unit, passed_review=False),
        ApplicationFactory(organizing_unit=OrganizingUnitFactory()),
    ]

    result = actions.select_applications(
        filer, filing, [pool[0].pk] + [a.pk for a in outside]
    )

    assert result.added == 1
    assert result.unavailable == len(outside)
    assert list(filing.selected_applications()) == [pool[0]]


def test_an_application_held_by_another_live_filing_is_not_taken(filer, filing, pool):
    rival = FilingFactory(organizing_unit=filing.organizing_unit, created_by=filer)
    actions.select_applications(filer, rival, [pool[0].pk])

    result = actions.select_applications(filer, filing, [a.pk for a in pool[:2]])

    assert (result.added, result.unavailable) == (1, 1)
    assert list(rival.selected_applications()) == [pool[0]]


def test_the_database_refuses_a_second_live_claim_on_one_application(
    filer, filing, pool
):
    from django.db import IntegrityError, transaction

    rival = FilingFactory(organizing_unit=filing.organizing_unit, created_by=filer)
    FilingApplication.objects.create(filing=rival, application=pool[0])

    with pytest.raises(IntegrityError), transaction.atomic():
        FilingApplication.objects.create(filing=filing, application=pool[0])


def test_selecting_twice_adds_nothing_the_second_time(filer, filing, pool):
    actions.select_applications(filer, filing, [pool[0].pk])

    result = actions.select_applications(filer, filing, [pool[0].pk])

    assert (result.added, result.unavailable) == (0, 0)
    assert filing.entries.count() == 1


def test_deselecting_frees_the_application_for_other_filings(filer, filing, pool):
    actions.select_applications(filer, filing, [pool[0].pk])
    rival = FilingFactory(organizing_unit=filing.organizing_unit, created_by=filer)

    removed = actions.deselect_applications(filer, filing, [pool[0].pk])
    result = actions.select_applications(filer, rival, [pool[0].pk])

    assert removed == 1
    assert result.added == 1
    assert logged_actions(filing)[-1] == "filing.deselect_applications"


def test_deleting_a_draft_releases_its_applications(filer, filing, pool):
    actions.select_applications(filer, filing, [a.pk for a in pool])
    rival = FilingFactory(organizing_unit=filing.organizing_unit, created_by=filer)

    actions.delete_draft(filer, filing)
    result = actions.select_applications(filer, rival, [a.pk for a in pool])

    assert not Filing.objects.filter(pk=filing.pk).exists()
    assert result.added == len(pool)
    assert ModelLogEntry.objects.filter(action="filing.delete").count() == 1


# Scans


def test_replacing_a_scan_keeps_the_earlier_one_in_the_history(filer, filing):
    first, second = one_page_pdf("第一次.pdf"), one_page_pdf("第二次.pdf")
    actions.upload_attachment(
        filer, filing, AttachmentKind.MEETING_MINUTES, first, inspect_scan(first)
    )

    actions.upload_attachment(
        filer, filing, AttachmentKind.MEETING_MINUTES, second, inspect_scan(second)
    )

    versions = filing.attachments.order_by("uploaded_at", "pk")
    assert [v.original_name for v in versions] == ["第一次.pdf", "第二次.pdf"]
    assert versions[0].replaced_at is not None
    assert versions[1].replaced_at is None
    assert versions[0].file.storage.exists(versions[0].file.name)


# Notice number (DESIGN rule 6)


def test_a_notice_number_cannot_belong_to_two_live_filings(filer, filing, unit):
    other = FilingFactory(organizing_unit=unit, created_by=filer)
    actions.set_notice(
        filer,
        other,
        notice_number="伊州职改〔2024〕7号",
        conferred_on=datetime.date(2024, 5, 1),
    )

    with pytest.raises(actions.NoticeNumberTaken) as refusal:
        actions.set_notice(
            filer,
            filing,
            notice_number="伊州职改〔2024〕7号",
            conferred_on=datetime.date(2024, 5, 1),
        )

    assert refusal.value.field == "notice_number"


def test_a_withdrawn_filings_notice_number_can_be_used_again(filer, filing, unit):
    withdrawn = FilingFactory(
        organizing_unit=unit,
        created_by=filer,
        notice_number="伊州职改〔2024〕7号",
        status=Filing.Status.WITHDRAWN,
    )

    actions.set_notice(
        filer,
        filing,
        notice_number=withdrawn.notice_number,
        conferred_on=datetime.date(2024, 5, 1),
    )

    filing.refresh_from_db()
    assert filing.notice_number == withdrawn.notice_number


# Submitting


def test_an_incomplete_filing_is_refused_with_every_problem_and_its_step(
    filer, filing, office
):
    with pytest.raises(actions.SubmissionRefused) as refusal:
        actions.submit_filing(filer, filing)

    problems = {(p.step, p.field) for p in refusal.value.problems}
    assert (2, "applications") in problems
    assert (4, "notice_number") in problems
    assert (4, "conferred_on") in problems
    assert {(3, kind.value) for kind in POST_REVIEW_SCANS} <= problems
    assert Filing.objects.get(pk=filing.pk).status == Filing.Status.DRAFT


def test_a_headcount_that_differs_from_the_selection_blocks_submission(
    filer, filing, pool, office
):
    ready_to_submit(filer, filing, pool, office)
    actions.update_basic_information(filer, filing, declared_headcount=3)

    with pytest.raises(actions.SubmissionRefused) as refusal:
        actions.submit_filing(filer, filing)

    assert [(p.step, p.field) for p in refusal.value.problems] == [
        (1, "declared_headcount")
    ]


def test_submission_sends_the_filing_to_its_prefecture_office(
    filer, filing, pool, office
):
    ready_to_submit(filer, filing, pool, office)

    submitted = actions.submit_filing(filer, filing)

    step = ReviewStep.objects.get(filing=filing)
    assert submitted.status == Filing.Status.SUBMITTED
    assert submitted.current_office == office
    assert step.office is None
    assert step.to_office == office
    assert step.actor == filer
    assert step.snapshot["applications"] == [a.number for a in pool[:2]]
    assert step.snapshot["notice_number"] == "伊州职改〔2024〕7号"
    assert logged_actions(filing)[-1] == "filing.submit"


def test_a_regional_unit_files_with_the_regional_hr_department(filer, pool, office):
    regional = OrganizingUnitFactory(
        name="自治区卫生健康委员会", kind="department", prefecture=""
    )
    regional.administrators.add(filer)
    hr = ReviewOfficeFactory(
        name="自治区人力资源和社会保障厅",
        kind=ReviewOffice.Kind.REGIONAL_HR,
        prefecture="",
    )
    make_route(
        "自治区行业主管部门",
        [(hr, Task.APPROVE)],
        unit_kind=OrganizingUnit.Kind.DEPARTMENT,
    )
    applications = ApplicationFactory.create_batch(
        2, organizing_unit=regional, qualification=pool[0].qualification
    )
    filing = FilingFactory(organizing_unit=regional, created_by=filer)
    ready_to_submit(filer, filing, applications, hr)

    submitted = actions.submit_filing(filer, filing)

    assert submitted.current_office == hr


def test_without_a_receiving_office_submission_says_whom_to_ask(filer, filing, pool):
    ready_to_submit(filer, filing, pool, None)

    with pytest.raises(actions.NoReceivingOffice):
        actions.submit_filing(filer, filing)

    assert Filing.objects.get(pk=filing.pk).status == Filing.Status.DRAFT


def test_a_submitted_filing_is_read_only_for_its_filer(filer, filing, pool, office):
    ready_to_submit(filer, filing, pool, office)
    actions.submit_filing(filer, filing)
    filing.refresh_from_db()

    refusals = [
        lambda: actions.update_basic_information(filer, filing, notice_title="x"),
        lambda: actions.select_applications(filer, filing, [pool[3].pk]),
        lambda: actions.deselect_applications(filer, filing, [pool[0].pk]),
        lambda: actions.set_notice(
            filer, filing, notice_number="伊州职改〔2024〕8号", conferred_on=None
        ),
        lambda: actions.submit_filing(filer, filing),
        lambda: actions.delete_draft(filer, filing),
    ]

    for refuse in refusals:
        with pytest.raises(actions.NotEditable):
            refuse()
    assert filing.selected_applications().count() == 2


# Personal data


def test_revealing_a_full_id_number_needs_the_permission_and_is_logged(filer, pool):
    from tests.conftest import grant

    with pytest.raises(actions.NotPermitted):
        actions.reveal_id_number(filer, pool[0])

    grant(filer, "filing.view_full_id_number")
    revealed = actions.reveal_id_number(filer, pool[0])

    assert revealed == pool[0].id_number
    assert ModelLogEntry.objects.filter(action="filing.reveal_id_number").count() == 1


def test_submission_renders_the_documents_again_with_the_notice_number(
    filer, filing, pool, office, django_capture_on_commit_callbacks
):
    ready_to_submit(filer, filing, pool, office)

    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_filing(filer, filing)

    notice = filing.documents.get(kind="draft_notice")
    assert notice.status == "ready"
    assert notice.fingerprint == documents.document_fingerprint(filing, "draft_notice")
