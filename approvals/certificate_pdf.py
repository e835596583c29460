"""The PDF of a certificate: its entries laid over a printed form, plus a QR code.

A thousand certificates differ only in their entries, so the page is built in
two layers from templates/pdf/certificate.html. The form (frame, title,
labels, wording) is rendered once per process and kept; each certificate
renders only its entries, which is a third of the work of a whole page. The
two are joined with pikepdf, and the QR code is drawn as plain PDF rectangles
into the box the form leaves for it, which costs a millisecond where
WeasyPrint's SVG path drawing costs fifteen.
"""

import io
import threading
import unicodedata

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
FORM_NAME = "/CertificateForm"
QR_NAME = "/CertificateQR"

SLOT_EMS = {
    "holder": 17,
    "employer": 48,
    "series": 24,
    "qualification": 24,
    "specialty": 48,
    "notice_number": 24,
    "office": 21,
}


def certificate_context(certificate):
    application = certificate.application
    qualification = application.qualification
    series = qualification.series
    office = certificate.issuing_office
    filing = certificate.filing
    return {
        "form": False,
        "number": certificate.number,
        "code": grouped_code(certificate.verification_code),
        "holder": entry(application.applicant_name, "holder"),
        "id_number": mask_id_number(application.id_number),
        "employer": entry(application.employer, "employer"),
        "series": entry(series.name, "series", series.name_ug),
        "qualification": entry(
            qualification.name, "qualification", qualification.name_ug
        ),
        "specialty": entry(application.specialty, "specialty"),
        "conferred_on": filing.conferred_on,
        "notice_number": entry(filing.notice_number, "notice_number"),
        "office": entry(office.name, "office", office.name_ug),
        "issued_on": timezone.localtime(certificate.issued_at, CHINA_TIME).date(),
    }


def entry(text, slot, ug=""):
    return {
        "text": text,
        "lang": writing_language(text),
        "fit": fit(text, SLOT_EMS[slot]),
        "ug": ug,
    }


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
    url = verification_url(certificate)
    entries = render_pdf(
        TEMPLATE_NAME, {**certificate_context(certificate), "verification_url": url}
    )
    return join_layers(entries.content, url)


def join_layers(entries_pdf, url):
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
    page.Resources.XObject[FORM_NAME] = document.copy_foreign(_form())
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
_forms = {}


def _form():
    """The form layer as a form XObject, rendered once per process."""
    if "form" not in _forms:
        with _lock:
            if "form" not in _forms:
                rendered = render_pdf(TEMPLATE_NAME, {"form": True})
                form = pikepdf.open(io.BytesIO(rendered.content))
                _retag_fonts(form)
                xobject = form.make_indirect(form.pages[0].as_form_xobject())
                # The XObject belongs to its document: keep both.
                _forms["form"] = (form, xobject)
    return _forms["form"][1]


def _retag_fonts(document):
    """Give the form's font subsets tags of their own.

    WeasyPrint tags a subset by its font alone (`DUNLMZ+Filing-Serif-SC`), so
    the form and the entries would carry two different subsets under one
    name, which some viewers take for one font. ROT13 never maps a letter to
    itself, so the form's tags always differ from the entries'.
    """
    rot13 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "NOPQRSTUVWXYZABCDEFGHIJKLM")
    for font in document.pages[0].Resources.get("/Font", {}).values():
        fonts = [font, *font.get("/DescendantFonts", [])]
        for part in fonts:
            tag, _, name = str(part.BaseFont)[1:].partition("+")
            if name:
                part.BaseFont = pikepdf.Name(f"/{tag.translate(rot13)}+{name}")
            descriptor = part.get("/FontDescriptor")
            if descriptor is not None and name:
                descriptor.FontName = part.BaseFont
