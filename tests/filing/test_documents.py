import datetime

import pytest
from django.utils import timezone

from filing import documents
from filing.documents import (
    TYPE_AREA_WIDTH_PT,
    build_context,
    document_fingerprint,
    gender_of,
    issuer_mark_style,
    request_document,
    signature_offset,
)
from filing.factories import QualificationFactory, UserFactory
from filing.models import DocumentKind, GeneratedDocument, TitleLevel

Status = GeneratedDocument.Status


@pytest.fixture
def queued(monkeypatch):
    """The tasks handed to django-q2, instead of running them."""
    calls = []
    monkeypatch.setattr(
        documents, "async_task", lambda *args, **kwargs: calls.append(args)
    )
    return calls


@pytest.fixture
def user(db):
    return UserFactory(username="printer")


def test_roster_context_lists_selected_people_in_application_number_order(
    filing_with_applicants,
):
    filing = filing_with_applicants(["王喆", "李堃", "张玥"])

    context = build_context(filing, DocumentKind.NOTICE_ROSTER)

    assert [row["name"] for row in context["rows"]] == ["王喆", "李堃", "张玥"]
    assert [row["position"] for row in context["rows"]] == [1, 2, 3]
    assert context["count"] == 3


def test_roster_context_leaves_out_released_applications(filing_with_applicants):
    filing = filing_with_applicants(["王喆", "李堃"])
    filing.entries.filter(application__applicant_name="李堃").update(
        released_at=timezone.now()
    )

    context = build_context(filing, DocumentKind.NOTICE_ROSTER)

    assert [row["name"] for row in context["rows"]] == ["王喆"]


def test_roster_context_never_holds_a_full_id_number(filing_with_applicants):
    filing = filing_with_applicants(["王喆"])
    full = filing.selected_applications().get().id_number

    context = build_context(filing, DocumentKind.NOTICE_ROSTER)

    assert full not in str(context)
    assert context["rows"][0]["id_number"] == f"{full[:4]}{'*' * 10}{full[-4:]}"


def test_notice_context_groups_people_by_qualification_highest_level_first(
    filing_with_applicants,
):
    senior = QualificationFactory(level=TitleLevel.ASSOCIATE_SENIOR)
    filing = filing_with_applicants(
        ["王喆", "李堃", "张玥"], qualifications={"李堃": senior}
    )

    context = build_context(filing, DocumentKind.DRAFT_NOTICE)

    assert [
        (group["qualification"], group["count"], [p["name"] for p in group["people"]])
        for group in context["groups"]
    ] == [("高级工程师", 1, ["李堃"]), ("工程师", 2, ["王喆", "张玥"])]


def test_notice_context_marks_uyghur_names_for_their_font(filing_with_applicants):
    filing = filing_with_applicants(["ئايگۈل مەمەت", "王喆"])

    context = build_context(filing, DocumentKind.DRAFT_NOTICE)

    people = context["groups"][0]["people"]
    assert [person["lang"] for person in people] == ["ug", ""]


def test_notice_context_prints_the_year_for_a_missing_notice_number(
    filing_with_applicants, monkeypatch
):
    monkeypatch.setattr(documents, "china_today", lambda: datetime.date(2025, 6, 1))
    without = filing_with_applicants(["王喆"], notice_number="")
    with_number = filing_with_applicants(
        ["李堃"], notice_number="伊州职改〔2024〕7号", unit=without.organizing_unit
    )

    assert build_context(without, DocumentKind.DRAFT_NOTICE)["notice_year"] == 2025
    assert build_context(with_number, DocumentKind.DRAFT_NOTICE)["notice_year"] is None


@pytest.mark.parametrize(
    ("id_number", "gender"),
    [("11010519491231002X", "female"), ("440524188001010014", "male"), ("", "")],
)
def test_gender_comes_from_the_seventeenth_character(id_number, gender):
    assert gender_of(id_number) == gender


@pytest.mark.parametrize("length", [2, 8, 14, 30, 60])
def test_issuer_mark_fits_the_type_area(length):
    style = issuer_mark_style("州" * length)

    assert style["width"] * style["scale"] <= TYPE_AREA_WIDTH_PT + 0.5
    assert style["scale"] >= 0.6


def test_signature_keeps_four_characters_right_of_a_short_name():
    assert signature_offset("某局", datetime.date(2024, 1, 1)) == 4


def test_signature_moves_left_for_a_long_name():
    name = "伊犁哈萨克自治州职称评审委员会组建单位与人力资源和社会保障局"

    offset = signature_offset(name, None)

    # The name, centred over the ten-character blank date, ends at the edge.
    assert offset == pytest.approx((len(name) - 10) / 2)


def test_fingerprint_changes_with_what_the_roster_shows(filing_with_applicants):
    filing = filing_with_applicants(["王喆", "李堃"])
    before = document_fingerprint(filing, DocumentKind.NOTICE_ROSTER)
    filing.selected_applications().filter(applicant_name="李堃").update(
        employer="伊宁县人民医院"
    )

    after = document_fingerprint(filing, DocumentKind.NOTICE_ROSTER)

    assert after != before


def test_fingerprint_ignores_what_the_roster_does_not_show(filing_with_applicants):
    filing = filing_with_applicants(["王喆"])
    before = document_fingerprint(filing, DocumentKind.NOTICE_ROSTER)
    filing.selected_applications().update(recommending_unit="伊宁县教育局")
    filing.declared_headcount = 9
    filing.save()

    after = document_fingerprint(filing, DocumentKind.NOTICE_ROSTER)

    assert after == before


def test_fingerprint_changes_with_the_notice_number_and_conferred_date(
    filing_with_applicants,
):
    filing = filing_with_applicants(["王喆"])
    before = document_fingerprint(filing, DocumentKind.DRAFT_NOTICE)
    filing.notice_number = "伊州职改〔2024〕7号"
    filing.conferred_on = datetime.date(2024, 12, 1)
    filing.save()

    after = document_fingerprint(filing, DocumentKind.DRAFT_NOTICE)

    assert after != before


def test_fingerprints_differ_between_the_two_documents(filing_with_applicants):
    filing = filing_with_applicants(["王喆"])

    notice = document_fingerprint(filing, DocumentKind.DRAFT_NOTICE)
    roster = document_fingerprint(filing, DocumentKind.NOTICE_ROSTER)

    assert notice != roster


def test_request_creates_a_queued_document_and_enqueues_after_commit(
    filing_with_applicants, user, queued, django_capture_on_commit_callbacks
):
    filing = filing_with_applicants(["王喆"])

    with django_capture_on_commit_callbacks(execute=True):
        document = request_document(filing, DocumentKind.NOTICE_ROSTER, user)
        assert queued == []

    assert document.status == Status.QUEUED
    assert document.requested_by == user
    assert document.fingerprint == document_fingerprint(
        filing, DocumentKind.NOTICE_ROSTER
    )
    assert queued == [("filing.tasks.render_document", document.pk)]


def test_request_returns_a_current_ready_document_untouched(
    filing_with_applicants, user, queued, django_capture_on_commit_callbacks
):
    filing = filing_with_applicants(["王喆"])
    ready = GeneratedDocument.objects.create(
        filing=filing,
        kind=DocumentKind.NOTICE_ROSTER,
        status=Status.READY,
        fingerprint=document_fingerprint(filing, DocumentKind.NOTICE_ROSTER),
        file="filings/1/documents/roster.pdf",
        requested_at=timezone.now() - datetime.timedelta(days=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        document = request_document(filing, DocumentKind.NOTICE_ROSTER, user)

    assert document.pk == ready.pk
    assert document.status == Status.READY
    assert document.requested_at == ready.requested_at
    assert queued == []


def test_request_queues_a_stale_ready_document_again(
    filing_with_applicants, user, queued, django_capture_on_commit_callbacks
):
    filing = filing_with_applicants(["王喆"])
    stale = GeneratedDocument.objects.create(
        filing=filing,
        kind=DocumentKind.NOTICE_ROSTER,
        status=Status.READY,
        fingerprint="0" * 64,
    )

    with django_capture_on_commit_callbacks(execute=True):
        document = request_document(filing, DocumentKind.NOTICE_ROSTER, user)

    assert document.pk == stale.pk
    assert document.status == Status.QUEUED
    assert document.fingerprint == document_fingerprint(
        filing, DocumentKind.NOTICE_ROSTER
    )
    assert GeneratedDocument.objects.filter(filing=filing).count() == 1
    assert queued == [("filing.tasks.render_document", document.pk)]


def test_request_queues_a_failed_document_again(
    filing_with_applicants, user, queued, django_capture_on_commit_callbacks
):
    filing = filing_with_applicants(["王喆"])
    GeneratedDocument.objects.create(
        filing=filing,
        kind=DocumentKind.DRAFT_NOTICE,
        status=Status.FAILED,
        fingerprint=document_fingerprint(filing, DocumentKind.DRAFT_NOTICE),
        error="boom",
    )

    with django_capture_on_commit_callbacks(execute=True):
        document = request_document(filing, DocumentKind.DRAFT_NOTICE, user)

    assert document.status == Status.QUEUED
    assert document.error == ""
    assert len(queued) == 1


def test_request_adds_no_second_task_while_the_same_render_is_on_its_way(
    filing_with_applicants, user, queued, django_capture_on_commit_callbacks
):
    filing = filing_with_applicants(["王喆"])
    with django_capture_on_commit_callbacks(execute=True):
        request_document(filing, DocumentKind.DRAFT_NOTICE, user)

    with django_capture_on_commit_callbacks(execute=True):
        request_document(filing, DocumentKind.DRAFT_NOTICE, user)

    assert len(queued) == 1


def test_request_enqueues_again_when_a_queued_render_seems_lost(
    filing_with_applicants, user, queued, django_capture_on_commit_callbacks
):
    filing = filing_with_applicants(["王喆"])
    GeneratedDocument.objects.create(
        filing=filing,
        kind=DocumentKind.DRAFT_NOTICE,
        status=Status.RENDERING,
        fingerprint=document_fingerprint(filing, DocumentKind.DRAFT_NOTICE),
        requested_at=timezone.now() - datetime.timedelta(hours=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        document = request_document(filing, DocumentKind.DRAFT_NOTICE, user)

    assert document.status == Status.QUEUED
    assert len(queued) == 1
