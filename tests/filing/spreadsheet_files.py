"""Files of applications as people make them, written in the tests."""

import csv
import datetime
import io
import re
import zipfile

import openpyxl

from filing.factories import id_number_for

HEADERS_ZH = [
    "申请书编号",
    "申请人",
    "身份证号",
    "工作单位",
    "推荐单位",
    "申请资格",
    "申请专业",
    "是否通过评审",
    "审核时间",
]
HEADERS_UG = [
    "ئىلتىماسنامە نومۇرى",
    "ئىلتىماس قىلغۇچى",
    "كىملىك نومۇرى",
    "خىزمەت ئورنى",
    "تەۋسىيە قىلغۇچى ئورۇن",
    "ئىلتىماس سالاھىيىتى",
    "ئىلتىماس كەسپى",
    "باھالاشتىن ئۆتكەنمۇ",
    "تەكشۈرۈلگەن ۋاقىت",
]


def good_row(sequence, **changes):
    """One row of a file, in the columns of HEADERS_ZH."""
    values = {
        "number": f"YL2024{sequence:06d}",
        "name": f"阿依古丽{sequence}",
        "id_number": id_number_for(sequence),
        "employer": "伊宁市第三中学",
        "recommending_unit": "伊宁市教育局",
        "qualification": "工程师",
        "specialty": "土木工程",
        "passed": "是",
        "reviewed_at": datetime.datetime(2024, 6, 30, 10, 0),
        **changes,
    }
    return list(values.values())


def xlsx(
    rows, headers=HEADERS_ZH, title="伊犁州2024年工程技术中级职称评审通过人员名单"
):
    """A workbook with a merged title row above the headers, as offices make them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    return workbook


def xlsx_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS_ZH, encoding="utf-8-sig"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [v.strftime("%Y-%m-%d %H:%M") if hasattr(v, "strftime") else v for v in row]
        )
    return buffer.getvalue().encode(encoding)


def with_saved_results(data, results):
    """The workbook as a spreadsheet program saves it: formulas with their results.

    openpyxl writes formulas without results; `results` maps a cell ("A3") to
    the text its formula yielded.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for cell, result in results.items():
                    text = re.sub(
                        rf'<c r="{cell}"([^>]*)>(<f>.*?</f>)<v\s*/?>(</v>)?',
                        rf'<c r="{cell}"\1 t="str">\2<v>{result}</v>',
                        text,
                    )
                content = text.encode()
            target.writestr(item, content)
    return buffer.getvalue()
