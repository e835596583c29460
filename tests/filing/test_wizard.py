"""The five wizard steps through the admin, as a filing administrator uses them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from filing import actions
from filing.models import (
    POST_REVIEW_SCANS,
    AttachmentKind,
    DataSource,
    Filing,
    FilingLevel,
)
from tests.support import one_page_pdf, ready_to_submit, upload_all_scans

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def client_of(client, filer):
    client.force_login(filer)
    return client


def step(filing, name):
    return reverse(f"filing_wizard:{name}", args=[filing.pk])


# Step 1


def test_the_first_save_creates_a_draft_and_moves_to_step_two(client_of, unit):
    response = client_of.post(
        reverse("filing_wizard:new"),
        {
            "organizing_unit": unit.pk,
            "notice_title": "",
            "review_year": 2024,
            "declared_headcount": 2,
            "data_source": DataSource.DECLARED,
            "filing_level": FilingLevel.INTERMEDIATE_JUNIOR,
        },
    )

    filing = Filing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == step(filing, "applications")
    assert filing.review_year == 2024


def test_a_headcount_below_one_is_refused_beside_its_field(client_of, unit):
    response = client_of.post(
        reverse("filing_wizard:new"),
        {
            "organizing_unit": unit.pk,
            "review_year": 2024,
            "declared_headcount": 0,
            "data_source": DataSource.DECLARED,
            "filing_level": FilingLevel.INTERMEDIATE_JUNIOR,
        },
    )

    assert response.status_code == 200
    assert "declared_headcount" in response.context["form"].errors
    assert not Filing.objects.exists()


def test_fixed_fields_are_shown_disabled_and_posted_changes_are_ignored(
    client_of, filing
):
    page = client_of.get(step(filing, "basic"))

    client_of.post(
        step(filing, "basic"),
        {
            "notice_title": "关于新标题的通知",
            "review_year": 2020,
            "declared_headcount": 2,
            "data_source": DataSource.IMPORTED,
            "filing_level": FilingLevel.SENIOR,
        },
    )

    filing.refresh_from_db()
    form = page.context["form"]
    assert all(form.fields[name].disabled for name in form.fixed_fields)
    assert page.content.decode().count("保存后无法修改") == len(form.fixed_fields)
    assert filing.notice_title == "关于新标题的通知"
    assert (filing.review_year, filing.data_source, filing.filing_level) == (
        2024,
        DataSource.DECLARED,
        FilingLevel.INTERMEDIATE_JUNIOR,
    )


def test_step_one_suggests_a_title_from_the_first_selected_applicant(
    client_of, filer, filing, pool
):
    actions.select_applications(filer, filing, [a.pk for a in pool[:3]])

    page = client_of.get(step(filing, "basic"))

    first = sorted(pool[:3], key=lambda a: a.number)[0]
    assert page.context["suggested_title"] == (
        f"关于{first.applicant_name}等3位同志取得中级专业技术职务任职资格的通知"
    )


# Step 2


def test_step_two_lists_candidates_with_masked_id_numbers_and_the_counters(
    client_of, filing, pool
):
    page = client_of.get(step(filing, "applications"))

    html = page.content.decode()
    assert page.context["counters"] == {
        "selected": 0,
        "available": 5,
        "total": 5,
        "declared": 2,
        "mismatch": True,
    }
    assert pool[0].masked_id_number in html
    assert pool[0].id_number not in html


def test_ticked_applications_are_added_and_the_counters_follow(client_of, filing, pool):
    response = client_of.post(
        step(filing, "applications"),
        {"operation": "select", "application": [pool[0].pk, pool[1].pk]},
    )
    page = client_of.get(response["Location"])

    assert page.context["counters"]["selected"] == 2
    assert page.context["counters"]["available"] == 3
    assert page.context["counters"]["mismatch"] is False


def test_select_all_matching_takes_every_filtered_candidate_across_pages(
    client_of, filing, pool
):
    pool[0].employer = "伊宁市第八中学"
    pool[0].save()

    client_of.post(
        step(filing, "applications") + "?keyword=第八中学",
        {"operation": "select", "all_matching": "1"},
    )

    assert list(filing.selected_applications()) == [pool[0]]


def test_removing_from_the_selected_tab_frees_the_applications(
    client_of, filer, filing, pool
):
    actions.select_applications(filer, filing, [a.pk for a in pool])

    client_of.post(
        step(filing, "applications") + "?tab=selected",
        {"operation": "remove", "application": [pool[0].pk]},
    )

    assert filing.selected_applications().count() == 4


def test_posting_nothing_ticked_says_so_and_changes_nothing(client_of, filing, pool):
    response = client_of.post(step(filing, "applications"), {"operation": "select"})
    page = client_of.get(response["Location"])

    assert "请先勾选至少一份申请书" in page.content.decode()
    assert filing.entries.count() == 0


@pytest.mark.parametrize(
    "ordering", ["number", "-employer", "recommending_unit", "qualification__name"]
)
def test_candidates_can_be_sorted_by_each_offered_column(
    client_of, filing, pool, ordering
):
    page = client_of.get(step(filing, "applications") + f"?ordering={ordering}")

    assert page.status_code == 200
    assert page.context["ordering"] == ordering


def test_the_candidate_filters_narrow_by_level_date_qualification_and_keyword(
    client_of, filing, pool
):
    pool[0].reviewed_at = datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)
    pool[0].save()
    others = pool[1:]
    for application in others:
        application.reviewed_at = datetime.datetime(2024, 9, 1, tzinfo=datetime.UTC)
        application.save()

    query = (
        "?reviewed_since=2024-06-01&level=intermediate"
        f"&qualification={pool[0].qualification_id}"
    )
    page = client_of.get(step(filing, "applications") + query)

    assert {a.pk for a in page.context["object_list"]} == {a.pk for a in others}


# Step 3


def test_a_scan_uploads_through_the_page_and_replaces_the_earlier_one(
    client_of, filing
):
    for name in ("会议纪要.pdf", "会议纪要（修改）.pdf"):
        response = client_of.post(
            step(filing, "attachments"),
            {"kind": AttachmentKind.MEETING_MINUTES, "file": one_page_pdf(name)},
            headers={"Accept": "application/json"},
        )
        assert response.json()["ok"] is True

    page = client_of.get(step(filing, "attachments"))
    slot = next(s for s in page.context["slots"] if s["kind"] == "meeting_minutes")
    assert slot["current"].original_name == "会议纪要（修改）.pdf"
    assert [a.original_name for a in slot["history"]] == ["会议纪要.pdf"]


def test_a_file_that_is_not_a_pdf_is_refused_with_a_translated_message(
    client_of, filing
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_of.post(
        step(filing, "attachments"),
        {
            "kind": AttachmentKind.PUBLICITY_EVIDENCE,
            "file": SimpleUploadedFile("截图.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        },
        headers={"Accept": "application/json", "Accept-Language": "zh-hans"},
    )

    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert response.json()["errors"]
    assert not filing.attachments.exists()


def test_an_uploaded_scan_downloads_as_an_attachment_under_its_chinese_name(
    client_of, filer, filing
):
    scan = one_page_pdf("批文红头文件.pdf")
    from filing.scans import inspect_scan

    attachment = actions.upload_attachment(
        filer, filing, AttachmentKind.SIGNED_NOTICE_SCAN, scan, inspect_scan(scan)
    )

    response = client_of.get(
        reverse("filing_files:attachment", args=[filing.pk, attachment.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E6%89%B9%E6%96%87" in response["Content-Disposition"]  # 批文, UTF-8
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# Step 4


def test_the_notice_step_loads_the_script_of_its_date_picker(client_of, filing):
    response = client_of.get(step(filing, "notice"))

    # The widget calls initDateChooser inline; without its script the
    # conferred date has no picker and the page raises a script error.
    assert "wagtailadmin/js/date-time-chooser.js" in response.content.decode()


def test_a_notice_number_in_a_common_wrong_form_is_shown_corrected_before_saving(
    client_of, filing
):
    data = {"notice_number": "伊州职改[2024]7号", "conferred_on": "2024-12-30"}

    first = client_of.post(step(filing, "notice"), data)
    filing.refresh_from_db()
    shown = first.context["form"]["notice_number"].value()

    assert first.status_code == 200
    assert filing.notice_number == ""
    assert shown == "伊州职改〔2024〕7号"
    assert first.context["form"].corrections

    second = client_of.post(step(filing, "notice"), {**data, "notice_number": shown})
    filing.refresh_from_db()

    assert second.status_code == 302
    assert filing.notice_number == "伊州职改〔2024〕7号"
    assert filing.conferred_on == datetime.date(2024, 12, 30)


def test_a_notice_number_with_a_leading_zero_is_refused_with_the_right_form(
    client_of, filing
):
    response = client_of.post(
        step(filing, "notice"),
        {"notice_number": "伊州职改〔2024〕007号", "conferred_on": "2024-12-30"},
    )

    errors = response.context["form"].errors["notice_number"]
    assert "伊州职改〔2024〕7号" in " ".join(errors)


def test_a_conferred_date_before_the_review_year_is_refused_beside_its_field(
    client_of, filing
):
    response = client_of.post(
        step(filing, "notice"),
        {"notice_number": "伊州职改〔2024〕7号", "conferred_on": "2023-12-31"},
    )

    assert "conferred_on" in response.context["form"].errors


# Step 5


def test_the_confirmation_page_lists_what_is_missing_with_links_to_the_steps(
    client_of, filing
):
    page = client_of.get(step(filing, "confirm"))

    steps = {p.step for p in page.context["problems"]}
    assert steps == {2, 3, 4}
    assert step(filing, "attachments") in page.content.decode()


def test_submitting_shows_the_receiving_office_and_its_contact(
    client_of, filer, filing, pool, office
):
    ready_to_submit(filer, filing, pool, office)

    response = client_of.post(step(filing, "confirm"), follow=True)

    html = response.content.decode()
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED
    assert office.name in html
    assert office.contact_person in html
    assert office.phone in html


def test_a_submitted_filing_sends_every_wizard_step_to_its_details(
    client_of, filer, filing, pool, office
):
    ready_to_submit(filer, filing, pool, office)
    actions.submit_filing(filer, filing)

    for name in ("basic", "applications", "attachments", "notice", "confirm", "delete"):
        response = client_of.get(step(filing, name))
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "wagtailsnippets_filing_filing:inspect", args=[filing.pk]
        )


# Resuming and deleting


def test_a_draft_resumes_at_its_first_unfinished_step(client_of, filer, filing, pool):
    actions.select_applications(filer, filing, [a.pk for a in pool[:2]])
    upload_all_scans(filer, filing)

    response = client_of.get(reverse("filing_wizard:resume", args=[filing.pk]))

    assert response["Location"] == step(filing, "notice")


def test_deleting_a_draft_through_the_page_removes_it(client_of, filing):
    response = client_of.post(step(filing, "delete"))

    assert response.status_code == 302
    assert not Filing.objects.filter(pk=filing.pk).exists()


def test_the_file_picker_speaks_the_pages_language_not_the_browsers(client_of, filing):
    html = client_of.get(step(filing, "attachments")).content.decode()

    assert html.count("选择 PDF 文件") == len(POST_REVIEW_SCANS)
    assert html.count("未选择文件") == len(POST_REVIEW_SCANS)


def test_the_confirmation_lists_the_scans_in_the_order_of_the_upload_slots(
    client_of, filer, filing
):
    for kind in reversed(POST_REVIEW_SCANS):
        scan = one_page_pdf(f"{kind.label}.pdf")
        from filing.scans import inspect_scan

        actions.upload_attachment(filer, filing, kind, scan, inspect_scan(scan))

    page = client_of.get(step(filing, "confirm"))

    assert [a.kind for a in page.context["attachments"]] == POST_REVIEW_SCANS


def test_a_bracket_fix_and_a_leading_zero_are_reported_in_one_round(client_of, filing):
    response = client_of.post(
        step(filing, "notice"),
        {"notice_number": "伊州职改[2024]03号", "conferred_on": "2024-12-30"},
    )

    errors = " ".join(response.context["form"].errors["notice_number"])
    assert "伊州职改〔2024〕03号" in errors
    assert "伊州职改〔2024〕3号" in errors
    assert response.context["form"]["notice_number"].value() == "伊州职改〔2024〕03号"


def test_a_filter_that_cannot_be_read_says_so_above_the_list(client_of, filing, pool):
    html = client_of.get(
        step(filing, "applications") + "?reviewed_since=2024-13-45"
    ).content.decode()

    assert "审核起始日期: 输入一个有效的日期" in html


def test_an_empty_pool_says_nothing_passed_review_rather_than_all_filed(
    client_of, filing
):
    html = client_of.get(step(filing, "applications")).content.decode()

    assert "均已在备案中" not in html
    assert filing.eligible_pool().count() == 0


def test_only_a_permitted_user_sees_a_full_id_number_and_each_time_is_logged(
    client_of, filer, filing, pool
):
    from wagtail.models import ModelLogEntry

    from tests.conftest import grant

    url = reverse("filing_wizard:reveal_id_number", args=[filing.pk, pool[0].pk])
    refused = client_of.post(url)
    page_without = client_of.get(step(filing, "applications")).content.decode()
    grant(filer, "filing.view_full_id_number")
    client_of.force_login(filer)

    revealed = client_of.post(url)
    page_with = client_of.get(step(filing, "applications")).content.decode()

    assert refused.status_code == 403
    assert url not in page_without
    assert revealed.json() == {"id_number": pool[0].id_number}
    assert url in page_with
    assert pool[0].id_number not in page_with
    assert ModelLogEntry.objects.filter(action="filing.reveal_id_number").count() == 1
