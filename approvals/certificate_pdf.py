"""The PDF of a certificate: its entries laid over a printed form, plus a QR code.

The certificates of one filing differ only in a few entries, so the page is
built in two layers from templates/pdf/certificate.html:

- the form: frame, title, labels, wording, and what all the filing's people
  with one qualification share (issuing office, series, qualification,
  dates, notice number). Rendered once per process for each such group and
  kept, keyed by what it shows;
- the entries of one person: number, name, ID number, employer, specialty,
  verification code, and the link that marks where the QR code goes.

pikepdf lays the entries over the form, and draws the QR code as plain PDF
rectangles into the link's box. Together this takes a third of the time of
rendering each whole page with WeasyPrint (whose SVG drawing alone would add
fifteen milliseconds for the QR code).

Not yet small: a certificate takes about 125 KB. WeasyPrint keeps the glyph
numbers of the font it subsets, so each embedded subset of the Chinese font
holds an empty entry for every glyph below the highest one used, some 35 KB,
and the form and the entries embed one each.
"""

import io
import json
import threading
import unicodedata
from collections import OrderedDict

import pikepdf
import segno
from django.utils import timezone

from filing.documents import writing_language
from filing.pdf import RenderedPdf, render_pdf
from filing.validators import CHINA_TIME, mask_id_number

from .certificates import grouped_code, verification_url

TEMPLATE_NAME = "pdf/certificate.html"

# segno tries all eight masks and keeps the best unless told one, which
# triples the cost of a code. Any mask makes a valid code.
QR_MASK = 4
QR_ERROR_LEVEL = "m"
QR_QUIET_ZONE = 2  # modules; the box around the code adds the rest

# How many ems of text fit each slot at its normal size, as certificate.css
# sizes them (a full-width character is one em, any other about half). An
# entry up to 1.5 times longer is set `small`, anything longer `smaller`.
SLOT_EMS = {
    "holder": 17,
    "employer": 48,
    "series": 24,
    "qualification": 24,
    "specialty": 48,
    "notice_number": 24,
    "office": 21,
}

# Forms kept per process: a filing rarely has more qualifications than this.
FORMS_KEPT = 32

FORM_NAME = "/CertificateForm"
QR_NAME = "/CertificateQR"


def form_context(certificate):
    """What the certificates of a filing's people with one qualification share."""
    qualification = certificate.application.qualification
    series = qualification.series
    office = certificate.issuing_office
    filing = certificate.filing
    return {
        "series": entry(series.name, "series", series.name_ug),
        "qualification": entry(
            qualification.name, "qualification", qualification.name_ug
        ),
        "conferred_on": _date(filing.conferred_on),
        "notice_number": entry(filing.notice_number, "notice_number"),
        "office": entry(office.name, "office", office.name_ug),
        "issued_on": _date(timezone.localtime(certificate.issued_at, CHINA_TIME)),
    }


def entries_context(certificate):
    """What is the holder's own."""
    application = certificate.application
    return {
        "number": certificate.number,
        "code": grouped_code(certificate.verification_code),
        "holder": entry(application.applicant_name, "holder"),
        "id_number": mask_id_number(application.id_number),
        "employer": entry(application.employer, "employer"),
        "specialty": entry(application.specialty, "specialty"),
        "verification_url": verification_url(certificate),
    }


def entry(text, slot, ug=""):
    return {
        "text": text,
        "lang": writing_language(text),
        "fit": fit(text, SLOT_EMS[slot]),
        "ug": ug,
    }


def _date(value):
    if value is None:
        return None
    return {"year": value.year, "month": value.month, "day": value.day}


def fit(text, ems):
    """The size class that lets `text` fit a slot holding `ems` at full size."""
    width = sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)
    if width <= ems:
        return ""
    if width <= ems * 1.5:
        return "small"
    return "smaller"


def render_certificate(certificate):
    """The certificate's one-page PDF."""
    context = entries_context(certificate)
    entries = render_pdf(TEMPLATE_NAME, {"form": False, **context})
    return join_layers(
        entries.content, _form(form_context(certificate)), context["verification_url"]
    )


def join_layers(entries_pdf, form, url):
    """Lay the entries over the form and draw the QR code of `url` in its box.

    The box is the link to `url` that the entries layer makes of it, so a
    click on the code in a PDF viewer opens the verification address too.
    """
    document = pikepdf.open(io.BytesIO(entries_pdf))
    page = document.pages[0]
    box = _link_box(page, url)
    qr = qr_xobject(document, url)
    scale = box.width / float(qr.BBox[2])

    # Named here rather than by pikepdf's overlay helpers, whose random
    # names would make every rendering of a certificate differ.
    if "/XObject" not in page.Resources:
        page.Resources.XObject = pikepdf.Dictionary()
    page.Resources.XObject[FORM_NAME] = document.copy_foreign(form)
    page.Resources.XObject[QR_NAME] = qr
    page.contents_add(f"q {FORM_NAME} Do Q q\n".encode(), prepend=True)
    page.contents_add(
        f"Q q {scale:.4f} 0 0 {scale:.4f} {box.llx:.4f} {box.lly:.4f} cm "
        f"{QR_NAME} Do Q\n".encode()
    )

    output = io.BytesIO()
    # The document ID is a hash of the content: rendering the same
    # certificate again gives the same bytes.
    document.save(output, deterministic_id=True)
    return RenderedPdf(content=output.getvalue(), page_count=len(document.pages))


def _link_box(page, url):
    for annotation in page.get("/Annots", ()):
        action = annotation.get("/A")
        if action is not None and str(action.get("/URI", "")) == url:
            return pikepdf.Rectangle(annotation.Rect)
    raise LookupError("the certificate's entries hold no link for the QR code")


def qr_xobject(document, url):
    """A form XObject drawing the QR code of `url`, one unit per module."""
    code = segno.make_qr(url, error=QR_ERROR_LEVEL, mask=QR_MASK, boost_error=False)
    rows = list(code.matrix_iter(border=QR_QUIET_ZONE))
    size = len(rows)
    operations = ["0 g"]
    for y, row in enumerate(rows):
        x = 0
        # One rectangle per run of dark modules, from the top row down.
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                operations.append(f"{start} {size - y - 1} {x - start} 1 re")
            else:
                x += 1
    operations.append("f")
    return pikepdf.Stream(
        document,
        "\n".join(operations).encode("ascii"),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, size, size],
    )


_lock = threading.Lock()
_forms = OrderedDict()


def _form(context):
    """The form layer for this context as a form XObject, rendered once per process.

    Kept by what it shows, so that a changed office name is never printed
    from an older form.
    """
    key = json.dumps(context, sort_keys=True, ensure_ascii=False)
    with _lock:
        if key in _forms:
            _forms.move_to_end(key)
            return _forms[key][1]

    rendered = render_pdf(TEMPLATE_NAME, {"form": True, **context})
    document = pikepdf.open(io.BytesIO(rendered.content))
    _retag_fonts(document)
    xobject = document.make_indirect(document.pages[0].as_form_xobject())

    with _lock:
        # The XObject belongs to its document: keep both.
        _forms[key] = (document, xobject)
        while len(_forms) > FORMS_KEPT:
            _forms.popitem(last=False)
    return xobject


def _retag_fonts(document):
    """Give the form's font subsets tags of their own.

    WeasyPrint tags a subset by its font alone (`DUNLMZ+Filing-Serif-SC`), so
    the form and the entries would carry two different subsets under one
    name, which some viewers take for one font. ROT13 never maps a letter to
    itself, so the form's tags always differ from the entries'.
    """
    rot13 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "NOPQRSTUVWXYZABCDEFGHIJKLM")
    for font in document.pages[0].Resources.get("/Font", {}).values():
        for part in [font, *font.get("/DescendantFonts", [])]:
            tag, _, name = str(part.BaseFont)[1:].partition("+")
            if not name:
                continue
            part.BaseFont = pikepdf.Name(f"/{tag.translate(rot13)}+{name}")
            descriptor = part.get("/FontDescriptor")
            if descriptor is not None:
                descriptor.FontName = part.BaseFont
