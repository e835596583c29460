"""Files of applications: reading an XLSX or CSV file into rows, and the template.

`read_applications` turns a file as people make it into the rows
`filing.intake` checks: the header row is found (titles above it are
skipped) and read in Chinese or Uyghur; merged cells give their value to
every cell they cover; a formula counts by the result the spreadsheet program
saved with it, and one saved without a result is refused at its cell. What
is wrong with the file as a whole (not a spreadsheet, no header, a required
column missing, too many rows) raises `UnreadableFile`; what is wrong with a
cell is left to the intake's row checks.
"""

import csv
import datetime
import functools
import io
import itertools
import re
import unicodedata
import zipfile

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from config.wording import listed

from . import intake
from .models import Qualification

# The header row is looked for among the first rows; above it may be a title.
HEADER_SEARCH_ROWS = 20

# Columns the file itself must have. The unit and the review year may come
# from the import form instead.
REQUIRED_COLUMNS = [
    f.name for f in intake.FIELDS if f.required and f.name not in intake.DEFAULTABLE
]

# Columns of the template, in order.
TEMPLATE_COLUMNS = [f for f in intake.FIELDS if f.name not in intake.DEFAULTABLE]

# Other headers people give these columns; the platform's own are the labels.
SYNONYMS = {
    "number": ["申请编号", "编号"],
    "applicant_name": ["姓名", "申请人姓名"],
    "id_number": ["身份证号码", "身份证", "公民身份号码"],
    "employer": ["单位", "工作单位名称"],
    "qualification": ["资格名称", "申报资格", "评审资格"],
    # The second Uyghur name is the one templates carried before the
    # glossary settled on the first: files made from them still read.
    "title_series": ["系列", "职称系列", "كەسپىي ئۇنۋان يۈرۈشلۈكى"],
    "specialty": ["专业", "申报专业"],
    "passed_review": ["是否通过", "评审结果", "通过评审"],
    "reviewed_at": ["审核日期", "评审时间"],
    "review_year": ["年度"],
    "organizing_unit": ["组建单位"],
}

# Error values a spreadsheet program stores as a formula's result.
FORMULA_ERRORS = {
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
}

XLSX_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


class UnreadableFile(Exception):
    """The file cannot be read as a file of applications; the message says why."""

    def __init__(self, code, message):
        self.code = code
        self.message = message
        super().__init__(message)


class Sheet:
    """The rows of a file, by field name, with the row numbers a person sees."""

    def __init__(self, rows, lines, columns, ignored):
        self.rows = rows
        self.lines = lines
        self.columns = columns
        self.ignored = ignored


def max_bytes():
    return settings.APPLICATION_IMPORT_MAX_BYTES


def check_size(size):
    if size > max_bytes():
        raise UnreadableFile(
            "too_large",
            _("The file is larger than %(size)s; split it into several files.")
            % {"size": filesizeformat(max_bytes())},
        )


def read_applications(data, name, *, header_only=False):
    """The rows of a file given as bytes; `name` tells CSV from XLSX.

    With `header_only`, only the first rows are read: enough to refuse a file
    that is not one of applications, quickly, and no rows are returned.
    """
    check_size(len(data))
    if data.startswith(OLE_SIGNATURE) or name.lower().endswith(".xls"):
        raise UnreadableFile(
            "old_excel",
            _(
                "This is an old Excel file (.xls). Open it in Excel or WPS and "
                "save it as “Excel workbook (.xlsx)”, then upload that."
            ),
        )
    if data.startswith(XLSX_SIGNATURE):
        return _table_to_sheet(_xlsx_table(data, header_only))
    if name.lower().endswith(".xlsx"):
        raise UnreadableFile(
            "not_xlsx", _("The file is named .xlsx but is not an Excel workbook.")
        )
    table = _csv_table(data)
    return _table_to_sheet(table[:HEADER_SEARCH_ROWS] if header_only else table)


# XLSX


def _xlsx_table(data, header_only=False):
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UnreadableFile(
            "not_xlsx", _("The file is not an Excel workbook that can be read.")
        ) from None
    try:
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()
            rows = _limited(worksheet.iter_rows(values_only=True))
            if header_only:
                rows = itertools.islice(rows, HEADER_SEARCH_ROWS)
            table = [list(row) for row in rows]
            if _find_header(table) is None:
                continue
            if not header_only:
                _mark_formulas_and_merges(worksheet, table)
            return table
        return []
    finally:
        workbook.close()


def _limited(rows):
    for count, row in enumerate(rows, start=1):
        if count > intake.MAX_ROWS + HEADER_SEARCH_ROWS:
            raise UnreadableFile(
                "too_many_rows",
                _("The file has more than %(limit)d rows; split it into several files.")
                % {"limit": intake.MAX_ROWS},
            )
        yield row


# Pieces of the sheet's XML, with or without a namespace prefix. Regular
# expressions over the bytes take a tenth of the time a second XML parse of a
# large sheet does; the sheet was parsed properly by openpyxl already.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([^\"]+)\"")
# A cell with content; `(?<!/)` leaves out empty ones, written `<c r="A1"/>`.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_REFERENCE = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_TEXT_RESULT = re.compile(rb'\bt="str"')
_RESULT = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>|<(?:\w+:)?v/>")


def _mark_formulas_and_merges(worksheet, table):
    """Formulas saved without a result become refusals; merged cells are filled.

    openpyxl's read-only mode reports neither, so the sheet's XML is looked
    at once more for them.
    """
    # `_get_source` opens the sheet's part of the workbook: the read-only
    # worksheet has no public way to that stream.
    with worksheet._get_source() as source:
        xml = source.read()

    if _FORMULA_TAG.search(xml):
        for cell in _CELL.finditer(xml):
            attributes, content = cell.groups()
            if _FORMULA_TAG.search(content) and not _has_result(attributes, content):
                _mark_formula_without_result(_REFERENCE.search(attributes), table)
    for reference in _MERGE.findall(xml):
        _fill_merged(reference.decode(), table)


def _has_result(attributes, content):
    result = _RESULT.search(content)
    if result is None:
        return False
    # An empty result is a real one only for a formula that yields text.
    return bool(result.group(1)) or bool(_TEXT_RESULT.search(attributes))


def _mark_formula_without_result(reference, table):
    if reference is None:
        return
    row, column = coordinate_to_tuple(reference.group(1).decode())
    if row <= len(table) and column <= len(table[row - 1]):
        table[row - 1][column - 1] = intake.Unreadable(
            "formula_without_result",
            _(
                "This cell holds a formula whose result was not saved with the "
                "file. Open the file in Excel or WPS, save it, and upload it again; "
                "or type the value instead of the formula."
            ),
        )


def _fill_merged(reference, table):
    try:
        first_column, first_row, last_column, last_row = range_boundaries(reference)
    except (TypeError, ValueError):
        return
    if first_row > len(table):
        return
    value = _cell(table, first_row, first_column)
    for row in range(first_row, min(last_row, len(table)) + 1):
        cells = table[row - 1]
        if len(cells) < last_column:
            cells.extend([None] * (last_column - len(cells)))
        for column in range(first_column, last_column + 1):
            cells[column - 1] = value


def _cell(table, row, column):
    cells = table[row - 1]
    return cells[column - 1] if column <= len(cells) else None


# CSV


def _csv_table(data):
    text = _decode(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(_limited(csv.reader(io.StringIO(text, newline=""), dialect)))
    except csv.Error as error:
        raise UnreadableFile(
            "bad_csv",
            _("The file cannot be read as CSV (%(reason)s).") % {"reason": error},
        ) from None


def _decode(data):
    """UTF-8 with or without a byte-order mark, UTF-16 with one, or GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        # GB18030 is what Chinese Excel and WPS write as "CSV".
        encodings = ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        "not_text",
        _(
            "The file is neither an Excel workbook nor a CSV file in UTF-8 or "
            "GB18030; save it as .xlsx or as “CSV UTF-8” and upload it again."
        ),
    )


# Headers and rows


def _header_key(text):
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s*:：]", "", text).casefold()


@functools.cache
def header_names():
    """Every header a column may have, made comparable, to its field name."""
    names = {}
    for f in intake.FIELDS:
        names[_header_key(f.name)] = f.name
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                names[_header_key(f.label)] = f.name
        for synonym in SYNONYMS.get(f.name, []):
            names.setdefault(_header_key(synonym), f.name)
    return names


def _header_fields(cells):
    names = header_names()
    return [
        names.get(_header_key(cell)) if isinstance(cell, str) else None
        for cell in cells
    ]


def _find_header(table):
    """The index of the header row: the first naming the number and two more."""
    for index, cells in enumerate(table[:HEADER_SEARCH_ROWS]):
        fields = [f for f in _header_fields(cells) if f]
        if "number" in fields and len(fields) >= 3:
            return index
    return None


def _table_to_sheet(table):
    header_index = _find_header(table)
    if header_index is None:
        raise UnreadableFile(
            "no_header",
            _(
                "No header row was found. The first rows of the file must name "
                "the columns as the template does, e.g. “%(example)s”."
            )
            % {"example": intake.FIELDS_BY_NAME["number"].label},
        )
    header = table[header_index]
    fields = _header_fields(header)
    _check_columns(fields)

    rows, lines = [], []
    for index in range(header_index + 1, len(table)):
        cells = table[index]
        row = {
            name: _cell_value(cells[position]) if position < len(cells) else None
            for position, name in enumerate(fields)
            if name
        }
        if any(value not in (None, "") for value in row.values()):
            rows.append(row)
            lines.append(index + 1)
    ignored = [
        str(cell).strip()
        for cell, name in zip(header, fields, strict=True)
        if name is None and cell not in (None, "")
    ]
    return Sheet(rows, lines, [f for f in fields if f], ignored)


def _check_columns(fields):
    present = [f for f in fields if f]
    doubled = {f for f in present if present.count(f) > 1}
    if doubled:
        raise UnreadableFile(
            "duplicate_column",
            _("The file has more than one column for: %(columns)s.")
            % {"columns": _labels(doubled)},
        )
    missing = [f for f in REQUIRED_COLUMNS if f not in present]
    if missing:
        raise UnreadableFile(
            "missing_columns",
            _("The file has no column for: %(columns)s. Use the template.")
            % {"columns": _labels(missing)},
        )


def _labels(names):
    return listed(intake.FIELDS_BY_NAME[n].label for n in names)


def _cell_value(value):
    if isinstance(value, str):
        if value.strip() in FORMULA_ERRORS:
            return intake.Unreadable(
                "formula_error",
                _("The formula in this cell ends in an error (%(error)s).")
                % {"error": value.strip()},
            )
        return value
    if isinstance(value, datetime.time):
        return value.isoformat()
    return value


# The template


def template(language):
    """An XLSX file to fill in, with headers and notes in `language`."""
    with translation.override(language):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = _("Applications")
        if language == "ug":
            sheet.sheet_view.rightToLeft = True
        _write_header(sheet)
        _write_notes(workbook.create_sheet(_("How to fill in")), language)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def _write_header(sheet):
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for position, f in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position, value=str(f.label))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = 24 if f.name != "id_number" else 22
        # Numbers and ID numbers are text: Excel would round an 18-digit
        # number and drop an application number's leading zeros.
        if f.name in ("number", "id_number"):
            sheet.column_dimensions[letter].number_format = "@"
        if f.name == "passed_review":
            choice = DataValidation(
                type="list", formula1=f'"{_("Yes")},{_("No")}"', allow_blank=False
            )
            sheet.add_data_validation(choice)
            choice.add(f"{letter}2:{letter}{intake.MAX_ROWS + 1}")
    sheet.freeze_panes = "A2"


def _write_notes(sheet, language):
    if language == "ug":
        sheet.sheet_view.rightToLeft = True
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    notes = [
        (_("Column"), _("What to write")),
        *((str(f.label), str(FIELD_NOTES[f.name])) for f in TEMPLATE_COLUMNS),
        ("", ""),
        (_("Qualification"), _("Title series")),
        *(
            (q.localized_name, q.series.localized_name)
            for q in Qualification.objects.select_related("series")
        ),
    ]
    for row in notes:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)


FIELD_NOTES = {
    "number": gettext_lazy(
        "Required. The application number, unique; it decides whether a row "
        "adds an application or updates one."
    ),
    "applicant_name": gettext_lazy("Required."),
    "id_number": gettext_lazy(
        "Required. 18 characters; the cells are formatted as text so that "
        "Excel keeps every digit."
    ),
    "employer": gettext_lazy("Required."),
    "recommending_unit": gettext_lazy("Required."),
    "qualification": gettext_lazy(
        "Required. One of the qualifications listed below, in Chinese or Uyghur."
    ),
    "title_series": gettext_lazy(
        "Only when two title series have a qualification of the same name."
    ),
    "specialty": gettext_lazy("Required."),
    "passed_review": gettext_lazy("Required. 是 or 否 (yes or no)."),
    "reviewed_at": gettext_lazy(
        "Optional. A date, e.g. 2024-05-31, or a date and time."
    ),
}
