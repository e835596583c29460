"""The generated documents of a filing: what each shows, and asking for a render.

Each context builder returns plain data (strings, numbers, lists), so the same
data feeds the template and the fingerprint: a document is stale exactly when
what it would show has changed.
"""

import datetime
import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_q.tasks import async_task

from .models import DocumentKind, GeneratedDocument, TitleLevel
from .pdf import render_pdf, render_pdf_in_parts
from .validators import china_today, mask_id_number

# Bump when a template changes what it prints, so existing PDFs count as stale.
LAYOUT_VERSION = 1

# GB/T 9704-2012: the type area is 156 mm wide.
TYPE_AREA_WIDTH_PT = 156 / 25.4 * 72
ISSUER_MARK_SIZE_PT = 42
# A long issuing body is squeezed sideways down to this, then set smaller.
ISSUER_MARK_MIN_SCALE = 0.6
# The date ends this many characters from the right edge.
DATE_INDENT_EM = 4

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")

# Groups in the draft notice, highest level first.
LEVEL_ORDER = [
    TitleLevel.FULL_SENIOR,
    TitleLevel.ASSOCIATE_SENIOR,
    TitleLevel.INTERMEDIATE,
    TitleLevel.JUNIOR,
]


# A roster longer than this is rendered in parts of about this many rows,
# cut where a page ends: WeasyPrint holds a whole document in memory until it
# is written, and a part's process gives its memory back when it ends. Parts
# run settings.PDF_RENDER_PROCESSES at a time; make bench shows the trade.
ROWS_PER_PART = 200

# The notice roster's geometry in points, as templates/pdf/notice_roster.css
# lays it out: the width of each column's text and the heights of the parts
# of a page. It predicts where pages end, so that a roster rendered in parts
# is cut where a page ends anyway; a test holds it against a real layout.
ROSTER_FONT_SIZE_PT = 10
ROSTER_TEXT_WIDTH_PT = {
    "name": 32 / 25.4 * 72,
    "employer": 38 / 25.4 * 72,
    "qualification": 22 / 25.4 * 72,
    "specialty": 23 / 25.4 * 72,
}
ROSTER_LINE_PT = 13.5
ROSTER_ROW_EXTRA_PT = 6.17
ROSTER_HEADER_PT = 19.67
ROSTER_TITLE_PT = 88.9
ROSTER_PAGE_PT = 745.5
# Uyghur names are set 1.2 times larger (templates/pdf/base.css).
UYGHUR_SCALE = 1.2


@dataclass(frozen=True)
class DocumentSpec:
    template_name: str
    build_context: object
    # For long tables: where each page begins, from the context's rows.
    page_starts: object = None


def _selected_rows(filing):
    return list(
        filing.selected_applications()
        .order_by("number")
        .values(
            "applicant_name",
            "id_number",
            "employer",
            "specialty",
            "qualification__name",
            "qualification__level",
            "qualification__series__code",
        )
    )


def suggested_notice_title(rows):
    """A title naming the first applicant and the count; None with no rows.

    `rows` are those of `_selected_rows`. The notice is an official Chinese
    document, whatever language the admin shows.
    """
    if not rows:
        return None
    levels = {row["qualification__level"] for row in rows}
    with translation.override("zh-hans"):
        return render_to_string(
            "filing/suggested_notice_title.txt",
            {
                "first_name": rows[0]["applicant_name"],
                "count": len(rows),
                "levels": [
                    label for value, label in TitleLevel.choices if value in levels
                ],
            },
        ).strip()


def suggested_notice_title_for(filing):
    return suggested_notice_title(_selected_rows(filing))


def gender_of(id_number):
    """GB 11643: the 17th character is odd for men and even for women."""
    digit = id_number[16:17]
    if not digit.isdigit():
        return ""
    return "male" if int(digit) % 2 else "female"


def writing_language(text):
    """The language code "ug" for Arabic-script (Uyghur) text, else ""."""
    if any(ARABIC_SCRIPT.match(character) for character in text):
        return "ug"
    return ""


def issuer_mark_style(issuer):
    """Font size, box width and squeeze that fit the red mark into the type area.

    The mark is the issuing body's name and two more full-width characters
    (the word for "document"), each one em wide.
    """
    length = len(issuer) + 2
    size = ISSUER_MARK_SIZE_PT
    natural = length * size
    scale = min(1.0, TYPE_AREA_WIDTH_PT / natural)
    if scale < ISSUER_MARK_MIN_SCALE:
        scale = ISSUER_MARK_MIN_SCALE
        size = math.floor(TYPE_AREA_WIDTH_PT / (length * scale))
        natural = length * size
    return {
        "font_size": size,
        "width": round(natural, 1),
        "margin_left": round((TYPE_AREA_WIDTH_PT - natural) / 2, 1),
        "scale": round(scale, 3),
    }


def signature_offset(issuer, conferred_on):
    """How far, in ems, the date ends from the right edge of the type area.

    GB/T 9704 puts the date four characters in from the right and centres the
    issuing body's name over it; a name so long that it would then cross the
    right edge moves both left just enough. The date is a blank of ten
    full-width characters, or four to eight half-width digits and three
    full-width characters.
    """
    if conferred_on is None:
        date_width = 10
    else:
        digits = len(f"{conferred_on.year}{conferred_on.month}{conferred_on.day}")
        date_width = 3 + digits / 2
    overhang = (len(issuer) - date_width) / 2
    return round(max(DATE_INDENT_EM, overhang), 2)


def _date_parts(value):
    if value is None:
        return None
    return {"year": value.year, "month": value.month, "day": value.day}


def _filing_header(filing, rows):
    unit = filing.organizing_unit
    return {
        "issuer": unit.name,
        "notice_title": filing.notice_title or suggested_notice_title(rows),
        "notice_number": filing.notice_number,
        # With no number yet, the year of issue is printed and the rest left
        # blank for the issuer: the number is only entered after printing.
        "notice_year": None if filing.notice_number else china_today().year,
        "review_year": filing.review_year,
        "filing_level": filing.filing_level,
        "count": len(rows),
        "first_name": rows[0]["applicant_name"] if rows else "",
    }


def draft_notice_context(filing):
    rows = _selected_rows(filing)
    groups = {}
    for row in rows:
        key = (
            LEVEL_ORDER.index(row["qualification__level"]),
            row["qualification__series__code"],
            row["qualification__name"],
        )
        name = row["applicant_name"]
        groups.setdefault(key, []).append(
            {"name": name, "lang": writing_language(name)}
        )

    context = _filing_header(filing, rows)
    context.update(
        issuer_mark=issuer_mark_style(filing.organizing_unit.name),
        groups=[
            {"qualification": key[2], "count": len(people), "people": people}
            for key, people in sorted(groups.items())
        ],
        conferred_on=_date_parts(filing.conferred_on),
        signature_offset=signature_offset(
            filing.organizing_unit.name, filing.conferred_on
        ),
    )
    return context


def notice_roster_context(filing):
    rows = _selected_rows(filing)
    context = _filing_header(filing, rows)
    context["rows"] = [
        {
            "position": position,
            "name": row["applicant_name"],
            "lang": writing_language(row["applicant_name"]),
            "gender": gender_of(row["id_number"]),
            "employer": row["employer"],
            "qualification": row["qualification__name"],
            "specialty": row["specialty"],
            "id_number": mask_id_number(row["id_number"]),
        }
        for position, row in enumerate(rows, start=1)
    ]
    return context


def _lines_needed(text, width_pt, font_size_pt):
    """Lines a cell needs, breaking between any two characters as in CJK text.

    Full-width characters are one em wide; others are taken as half an em,
    more than most Latin and Uyghur letters need, so that a guess errs
    towards a page ending a row early rather than one row too late.
    """
    lines, used = 1, 0.0
    for character in text:
        wide = unicodedata.east_asian_width(character) in "WF"
        advance = font_size_pt if wide else font_size_pt / 2
        if used + advance > width_pt and used:
            lines, used = lines + 1, 0.0
        used += advance
    return lines


def roster_page_starts(rows):
    """Indexes of the rows that begin a page of the notice roster."""
    starts = [0]
    used = ROSTER_TITLE_PT + ROSTER_HEADER_PT
    for index, row in enumerate(rows):
        lines = max(
            _lines_needed(
                row[key],
                width,
                ROSTER_FONT_SIZE_PT
                * (UYGHUR_SCALE if key == "name" and row["lang"] else 1),
            )
            for key, width in ROSTER_TEXT_WIDTH_PT.items()
        )
        height = ROSTER_ROW_EXTRA_PT + lines * ROSTER_LINE_PT
        if used + height > ROSTER_PAGE_PT and index != starts[-1]:
            starts.append(index)
            used = ROSTER_HEADER_PT
        used += height
    return starts


DOCUMENTS = {
    DocumentKind.DRAFT_NOTICE: DocumentSpec(
        "pdf/draft_notice.html", draft_notice_context
    ),
    DocumentKind.NOTICE_ROSTER: DocumentSpec(
        "pdf/notice_roster.html", notice_roster_context, roster_page_starts
    ),
}


def render_document_pdf(kind, context, processes=None):
    """The PDF of a document; a long roster in parts cut where pages end."""
    spec = DOCUMENTS[DocumentKind(kind)]
    rows = context.get("rows", ())
    if spec.page_starts is None or len(rows) <= ROWS_PER_PART:
        return render_pdf(spec.template_name, context)

    if processes is None:
        processes = settings.PDF_RENDER_PROCESSES
    starts = part_starts(spec.page_starts(rows), len(rows), ROWS_PER_PART, processes)
    return render_pdf_in_parts(spec.template_name, context, starts, processes)


def part_starts(page_starts, row_count, rows_per_part, processes=1):
    """Where parts begin: at page starts, in shares as equal as pages allow.

    There are as many parts as it takes to keep them near `rows_per_part`
    rows, rounded up to a multiple of `processes`, so that every process is
    busy until the end. A part holds whole pages, so it may run over the limit
    by less than a page; with fewer pages than parts, there are fewer parts.
    """
    rounds = math.ceil(row_count / (rows_per_part * processes))
    wanted = max(rounds * processes, 1)
    starts = [0]
    for index in range(1, wanted):
        aim = index * row_count / wanted
        later = [start for start in page_starts if start > starts[-1]]
        if not later:
            break
        starts.append(min(later, key=lambda start: abs(start - aim)))
    return starts


def build_context(filing, kind):
    return DOCUMENTS[DocumentKind(kind)].build_context(filing)


def fingerprint_of(context, kind):
    """SHA-256 of a document's context: equal exactly when the PDF would be."""
    payload = {"kind": str(kind), "layout": LAYOUT_VERSION, "data": context}
    encoded = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def document_fingerprint(filing, kind):
    return fingerprint_of(build_context(filing, kind), kind)


def request_document(filing, kind, user):
    """Queue a render of one of the filing's documents unless a current one exists.

    The caller has checked that the user may do this and written the audit
    entry. The render runs in a django-q2 task once the transaction commits.
    """
    fingerprint = document_fingerprint(filing, kind)

    with transaction.atomic():
        document, created = GeneratedDocument.objects.select_for_update().get_or_create(
            filing=filing,
            kind=kind,
            defaults={"fingerprint": fingerprint, "requested_by": user},
        )
        if not created and _is_current_or_on_its_way(document, fingerprint):
            return document

        document.status = GeneratedDocument.Status.QUEUED
        document.fingerprint = fingerprint
        document.requested_by = user
        document.requested_at = timezone.now()
        document.started_at = None
        document.finished_at = None
        document.error = ""
        document.save()
        transaction.on_commit(
            partial(async_task, "filing.tasks.render_document", document.pk)
        )
    return document


def _is_current_or_on_its_way(document, fingerprint):
    if document.fingerprint != fingerprint:
        return False
    if document.status == GeneratedDocument.Status.READY:
        return True
    # A render of the same data queued a moment ago needs no second task; one
    # older than django-q2's retry window may have been lost with its worker.
    in_flight = {GeneratedDocument.Status.QUEUED, GeneratedDocument.Status.RENDERING}
    retry_window = datetime.timedelta(seconds=settings.Q_CLUSTER.get("retry", 360))
    return (
        document.status in in_flight
        and timezone.now() - document.requested_at < retry_window
    )
