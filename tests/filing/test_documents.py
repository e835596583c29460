import datetime
import re
import subprocess

import pytest
from django.utils import timezone

from filing import documents
from filing.documents import (
    TYPE_AREA_WIDTH_PT,
    build_context,
    document_fingerprint,
    gender_of,
    issuer_mark_style,
    part_starts,
    render_document_pdf,
    request_document,
    roster_page_starts,
    signature_offset,
)
from filing.factories import QualificationFactory, UserFactory
from filing.models import DocumentKind, GeneratedDocument, TitleLevel
from filing.pdf import render_pdf

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
        error="render_failed",
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


EMPLOYERS = [
    "伊宁县人民医院",
    "伊宁市第三中学附属某某技术服务中心",
    "新疆维吾尔自治区伊犁哈萨克自治州奎屯医院附属第一分院（东院区）职工医院",
    "伊犁州水利电力勘测设计研究院有限责任公司",
]
NAMES = ["王喆", "阿依古丽·买买提", "买买提江·阿不都热合曼", "黄𠇔"]
# Free of the lam-alef ligature, which pdftotext gives back with its two
# letters swapped (ئابدۇللا reads ئابدۇلال), though the PDF shows it right.
UYGHUR_NAMES = {30: "ئايگۈل مەمەت", 60: "ئەركىن تۇرسۇن", 90: "ئەنۋەر قادىر"}


def roster_rows(count):
    return [
        {
            "position": position,
            "name": UYGHUR_NAMES.get(
                position, f"{NAMES[position % len(NAMES)]}{position:03d}"
            ),
            "lang": "ug" if position in UYGHUR_NAMES else "",
            "gender": "female",
            "employer": EMPLOYERS[(position * 7) % len(EMPLOYERS)],
            "qualification": ["工程师", "主治医师（中医）"][position % 2],
            "specialty": ["土木工程", "给排水科学与工程（市政方向）"][position % 2],
            "id_number": "6501**********103X",
        }
        for position in range(1, count + 1)
    ]


def roster_context(count):
    return {
        "issuer": "伊宁市人力资源和社会保障局",
        "notice_title": "关于王喆等同志取得中级专业技术职务任职资格的通知",
        "notice_number": "",
        "notice_year": 2025,
        "review_year": 2024,
        "count": count,
        "rows": roster_rows(count),
    }


def first_position_on_each_page(content, tmp_path):
    path = tmp_path / "roster.pdf"
    path.write_bytes(content)
    pages = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\f")[:-1]
    return [int(re.findall(r"^(\d+)$", page, re.MULTILINE)[0]) for page in pages]


def test_page_estimate_matches_the_real_layout(tmp_path):
    context = roster_context(120)

    rendered = render_pdf("pdf/notice_roster.html", context)

    actual = first_position_on_each_page(rendered.content, tmp_path)
    predicted = [start + 1 for start in roster_page_starts(context["rows"])]
    assert predicted == actual


PAGE_STARTS = [0, 16, 34, 52, 70, 88, 105, 124]


@pytest.mark.parametrize(
    ("processes", "expected"),
    [
        # Three parts of near 50 rows: 52, 36 and 42.
        (1, [0, 52, 88]),
        # Two rounds of two: 34, 36, 35 and 25 rows.
        (2, [0, 34, 70, 105]),
    ],
)
def test_parts_begin_at_page_starts_in_near_equal_shares(processes, expected):
    assert part_starts(PAGE_STARTS, 130, 50, processes) == expected


def test_a_part_holds_at_least_one_page():
    assert part_starts([0, 16], 40, 10, 2) == [0, 16]
    assert part_starts([0], 40, 10, 2) == [0]


@pytest.mark.parametrize("processes", [1, 2])
def test_roster_in_parts_equals_the_roster_in_one_piece(
    processes, monkeypatch, tmp_path
):
    monkeypatch.setattr(documents, "ROWS_PER_PART", 40)
    context = roster_context(120)
    whole = render_pdf("pdf/notice_roster.html", context)

    parts = render_document_pdf(DocumentKind.NOTICE_ROSTER, context, processes)

    assert parts.page_count == whole.page_count
    path = tmp_path / "parts.pdf"
    path.write_bytes(parts.content)
    text = pdftotext(path)
    pages = text.split("\f")[:-1]
    assert len(pages) == parts.page_count
    for number, page in enumerate(pages, start=1):
        flat = re.sub(r"\s", "", page)
        assert f"第{number}页共{parts.page_count}页" in flat
        assert "序号" in page and "身份证号" in page
    flat = text.replace("\n", "")
    for row in context["rows"]:
        assert flat.count(row["name"]) == 1, row["name"]
    assert flat.count("批文花名册") == 1
    assert flat.count("组建单位（盖章）") == 1
    assert first_position_on_each_page(parts.content, tmp_path) == (
        first_position_on_each_page(whole.content, tmp_path)
    )


def test_a_failing_part_fails_the_whole_render(monkeypatch):
    monkeypatch.setattr(documents, "ROWS_PER_PART", 40)
    context = roster_context(120)
    context["rows"][100]["position"] = Unrenderable()

    with pytest.raises(RuntimeError, match=r"PDF part \d+ failed: ValueError"):
        render_document_pdf(DocumentKind.NOTICE_ROSTER, context, 2)


class Unrenderable:
    def __str__(self):
        raise ValueError("no text for this")


def pdftotext(path):
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # Right-to-left runs come wrapped in bidi embedding marks.
    return re.sub("[\u202a-\u202e]", "", text)
