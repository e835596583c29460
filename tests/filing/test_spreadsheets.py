import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from django.test import override_settings
from django.utils import translation

from filing import spreadsheets
from filing.intake import Unreadable
from filing.spreadsheets import UnreadableFile, read_applications

from .spreadsheet_files import (
    HEADERS_UG,
    HEADERS_ZH,
    csv_bytes,
    good_row,
    rewrite_sheet,
    with_saved_results,
    xlsx,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_an_xlsx_file_is_read_below_its_merged_title_row():
    sheet = read_applications(xlsx_bytes(xlsx([good_row(1), good_row(2)])), "名单.xlsx")

    assert sheet.lines == [3, 4]
    assert sheet.rows[0]["number"] == "YL2024000001"
    assert sheet.rows[0]["applicant_name"] == "阿依古丽1"
    assert sheet.rows[0]["reviewed_at"] == datetime.datetime(2024, 6, 30, 10, 0)
    assert sheet.columns[:3] == ["number", "applicant_name", "id_number"]


def test_uyghur_headers_are_read_like_chinese_ones():
    sheet = read_applications(
        xlsx_bytes(xlsx([good_row(1)], headers=HEADERS_UG)), "تىزىملىك.xlsx"
    )

    assert sheet.rows[0]["number"] == "YL2024000001"
    assert sheet.rows[0]["passed_review"] == "是"


@pytest.mark.parametrize(
    "header",
    ["كەسپىي ئۇنۋان سېرىيىسى", "كەسپىي ئۇنۋان يۈرۈشلۈكى"],
    ids=["glossary term", "older templates' term"],
)
def test_the_uyghur_title_series_header_is_read_in_both_spellings(header):
    row = [*good_row(1), "卫生系列"]
    sheet = read_applications(
        xlsx_bytes(xlsx([row], headers=[*HEADERS_UG, header])), "تىزىملىك.xlsx"
    )

    assert sheet.rows[0]["title_series"] == "卫生系列"


def test_merged_cells_give_their_value_to_every_row_they_cover():
    workbook = xlsx([good_row(1), good_row(2, employer=None), good_row(3)])
    # The employer column (D) merged over the three rows, as offices do for
    # people of one school.
    workbook.active.merge_cells("D3:D5")

    sheet = read_applications(xlsx_bytes(workbook), "名单.xlsx")

    assert [row["employer"] for row in sheet.rows] == ["伊宁市第三中学"] * 3


def test_a_formula_counts_by_its_saved_result():
    workbook = xlsx([good_row(1, number='="YL2024"&"000001"'), good_row(2)])
    data = with_saved_results(xlsx_bytes(workbook), {"A3": "YL2024000001"})

    sheet = read_applications(data, "名单.xlsx")

    assert sheet.rows[0]["number"] == "YL2024000001"


def test_a_formula_saved_without_a_result_is_refused_at_its_cell():
    workbook = xlsx([good_row(1, specialty="=B3&C3"), good_row(2)])

    sheet = read_applications(xlsx_bytes(workbook), "名单.xlsx")

    assert isinstance(sheet.rows[0]["specialty"], Unreadable)
    assert sheet.rows[0]["specialty"].code == "formula_without_result"
    assert sheet.rows[1]["specialty"] == "土木工程"


def test_a_formula_ending_in_an_error_is_refused_at_its_cell():
    workbook = xlsx([good_row(1, qualification="=VLOOKUP(X1,Y:Z,2,0)")])
    data = with_saved_results(xlsx_bytes(workbook), {"F3": "#N/A"})

    sheet = read_applications(data, "名单.xlsx")

    assert sheet.rows[0]["qualification"].code == "formula_error"


def test_numbers_and_dates_come_as_the_cells_hold_them():
    workbook = xlsx(
        [
            good_row(
                1, id_number=650102198506150011, reviewed_at=datetime.date(2024, 6, 30)
            )
        ]
    )
    workbook.active["C3"].value = 6.50102198506150e17

    sheet = read_applications(xlsx_bytes(workbook), "名单.xlsx")

    assert isinstance(sheet.rows[0]["id_number"], float)
    assert sheet.rows[0]["reviewed_at"] == datetime.datetime(2024, 6, 30)


def test_empty_rows_are_skipped_and_unknown_columns_listed():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["序号", *HEADERS_ZH, "备注"])
    sheet.append([1, *good_row(1), "补录"])
    sheet.append([None] * 11)
    sheet.append([2, *good_row(2), ""])

    read = read_applications(xlsx_bytes(workbook), "名单.xlsx")

    assert read.lines == [2, 4]
    assert read.ignored == ["序号", "备注"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030", "utf-16"])
def test_csv_is_read_in_each_encoding_excel_and_wps_write(encoding):
    data = csv_bytes([good_row(1, number="'YL2024000001")], encoding=encoding)

    sheet = read_applications(data, "名单.csv")

    assert sheet.rows[0]["number"] == "'YL2024000001"
    assert sheet.rows[0]["applicant_name"] == "阿依古丽1"
    assert sheet.rows[0]["reviewed_at"] == "2024-06-30 10:00"


def test_a_tab_separated_file_is_read_too():
    data = "\n".join(
        ["\t".join(HEADERS_ZH), "\t".join(str(v) for v in good_row(1))]
    ).encode()

    sheet = read_applications(data, "名单.txt")

    assert sheet.rows[0]["employer"] == "伊宁市第三中学"


# Files that cannot be read


def refusal(data, name="名单.xlsx"):
    with pytest.raises(UnreadableFile) as caught:
        read_applications(data, name)
    return caught.value.code


def test_files_that_are_not_spreadsheets_are_refused_with_a_reason():
    assert refusal(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "名单.xls") == "old_excel"
    assert refusal(b"not a workbook", "名单.xlsx") == "not_xlsx"
    assert refusal(b"PK\x03\x04broken", "名单.xlsx") == "not_xlsx"
    assert refusal(b"\x81\x30" * 3 + b"\xff\xff\xff", "名单.csv") == "not_text"


def test_a_file_without_the_header_row_is_refused():
    workbook = openpyxl.Workbook()
    workbook.active.append(["张三", "650102198506150011"])

    assert refusal(xlsx_bytes(workbook)) == "no_header"


def test_a_file_missing_a_required_column_is_refused_naming_it():
    headers = [h for h in HEADERS_ZH if h != "身份证号"]
    data = csv_bytes([], headers=headers)

    with pytest.raises(UnreadableFile) as caught:
        read_applications(data, "名单.csv")

    assert caught.value.code == "missing_columns"
    assert "身份证号" in caught.value.message


@pytest.mark.parametrize(("language", "separator"), [("zh-hans", "、"), ("ug", "، ")])
def test_missing_columns_are_listed_as_the_readers_language_lists(language, separator):
    gone = {"身份证号", "工作单位"}
    data = csv_bytes([], headers=[h for h in HEADERS_ZH if h not in gone])

    with translation.override(language), pytest.raises(UnreadableFile) as caught:
        read_applications(data, "名单.csv")

    with translation.override(language):
        labels = [
            str(spreadsheets.intake.FIELDS_BY_NAME[n].label)
            for n in ("id_number", "employer")
        ]
    assert separator.join(labels) in caught.value.message


def test_a_column_given_twice_is_refused():
    assert (
        refusal(csv_bytes([], headers=[*HEADERS_ZH, "身份证号码"]), "a.csv")
        == "duplicate_column"
    )


@override_settings(APPLICATION_IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused():
    assert refusal(b"x" * 1000, "a.csv") != "too_large"
    assert refusal(b"x" * 1001, "a.csv") == "too_large"


def test_a_file_over_the_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets.intake, "MAX_ROWS", 3)
    data = csv_bytes([good_row(n) for n in range(30)])

    assert refusal(data, "a.csv") == "too_many_rows"


# The template


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_template_reads_back_as_an_empty_file(language, qualification):
    data = spreadsheets.template(language)

    sheet = read_applications(data, "template.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data))

    assert sheet.rows == []
    assert sheet.columns == [f.name for f in spreadsheets.TEMPLATE_COLUMNS]
    assert bool(workbook.active.sheet_view.rightToLeft) is (language == "ug")
    notes = [row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert qualification.name in notes


def test_empty_styled_cells_beside_formulas_do_not_confuse_the_reading():
    from openpyxl.styles import Font

    workbook = xlsx(
        [
            [*good_row(1), None, '="备"&"注"'],
            good_row(2, qualification=None, specialty="=H3"),
        ]
    )
    workbook.active["J3"].font = Font(bold=True)
    workbook.active["F4"].font = Font(bold=True)
    data = with_saved_results(xlsx_bytes(workbook), {"K3": "备注"})
    # Excel writes an empty styled cell as `<c r="F4" s="2"/>`: here one stands
    # right before a formula without its result, another before one with it.
    data = rewrite_sheet(data, lambda text: re.sub(r"(<c [^>]*)></c>", r"\1/>", text))
    assert b'<c r="F4" s="2" t="n"/>' in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml"
    )

    sheet = read_applications(data, "名单.xlsx")

    assert sheet.rows[0]["specialty"] == "土木工程"
    assert sheet.rows[1]["qualification"] is None
    assert sheet.rows[1]["specialty"].code == "formula_without_result"
