""" "My filings": columns, filters and the spreadsheet exports."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from filing import actions
from filing.factories import FilingFactory
from filing.models import Filing, FilingLevel
from tests.support import ready_to_submit

pytestmark = pytest.mark.django_db

LISTING = "wagtailsnippets_filing_filing:list"


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def filings(unit, filer):
    return [
        FilingFactory(
            organizing_unit=unit,
            created_by=filer,
            notice_title="关于2023年中初级评审结果的通知",
            review_year=2023,
        ),
        FilingFactory(
            organizing_unit=unit,
            created_by=filer,
            notice_title="关于2024年高级评审结果的通知",
            review_year=2024,
            filing_level=FilingLevel.SENIOR,
            notice_number="伊州职改〔2024〕3号",
        ),
    ]


def listed(client, query=""):
    response = client.get(reverse(LISTING) + query)
    assert response.status_code == 200
    return list(response.context["object_list"])


def test_the_listing_numbers_its_rows_and_links_drafts_to_the_wizard(
    client, filer, filings
):
    client.force_login(filer)

    response = client.get(reverse(LISTING))

    rows = response.context["object_list"]
    assert [row.row_number for row in rows] == [1, 2]
    html = response.content.decode()
    assert reverse("filing_wizard:resume", args=[filings[0].pk]) in html
    assert "（2人）" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?keyword=2023年", [0]),
        ("?keyword=〔2024〕3号", [1]),
        ("?review_year=2024", [1]),
        ("?filing_level=senior", [1]),
        ("?status=draft", [0, 1]),
        ("?status=submitted", []),
    ],
)
def test_each_filter_narrows_the_listing(client, filer, filings, query, expected):
    client.force_login(filer)

    rows = listed(client, query)

    assert {row.pk for row in rows} == {filings[i].pk for i in expected}


def test_a_submitted_filing_shows_its_office_in_brackets(
    client, filer, filing, pool, office
):
    ready_to_submit(filer, filing, pool, office)
    actions.submit_filing(filer, filing)
    client.force_login(filer)

    html = client.get(reverse(LISTING)).content.decode()

    assert f"[{office.name}]" in html


def test_the_csv_export_starts_with_a_byte_order_mark_and_defuses_formulas(
    client, filer, unit
):
    FilingFactory(organizing_unit=unit, created_by=filer, notice_title="=HYPERLINK(1)")
    client.force_login(filer)

    body = b"".join(client.get(reverse(LISTING) + "?export=csv").streaming_content)

    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    assert "'=HYPERLINK(1)" in text
    assert ",=HYPERLINK" not in text


def test_the_xlsx_export_shows_times_in_china_time(client, filer, unit):
    processed = datetime.datetime(2024, 6, 30, 18, 30, tzinfo=datetime.UTC)
    FilingFactory(organizing_unit=unit, created_by=filer, last_action_at=processed)
    client.force_login(filer)

    response = client.get(reverse(LISTING) + "?export=xlsx")

    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    values = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    expected = timezone.make_naive(timezone.localtime(processed))
    assert expected in values
    assert expected.hour == 2


def test_the_new_filing_button_opens_the_wizard(client, filer):
    client.force_login(filer)

    html = client.get(reverse(LISTING)).content.decode()

    assert reverse("filing_wizard:new") in html


def test_a_filing_details_page_shows_status_notice_and_applications(
    client, filer, filing, pool, office
):
    ready_to_submit(filer, filing, pool, office)
    actions.submit_filing(filer, filing)
    client.force_login(filer)

    response = client.get(
        reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])
    )

    html = response.content.decode()
    assert response.context["filing"].status == Filing.Status.SUBMITTED
    assert filing.notice_number in html
    assert pool[0].applicant_name in html
    assert pool[0].id_number not in html


def test_an_empty_listing_says_how_to_start_in_chinese(client, filer):
    client.force_login(filer)

    html = client.get(reverse(LISTING)).content.decode()

    assert "还没有备案。请点击“新增备案”开始。" in html
