"""Uploaded scans are checked by their content (DESIGN rule 5).

Every PDF here is built by the test itself with pikepdf; no binary fixture is
kept in the repository.
"""

import functools
import hashlib
import io

import pikepdf
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

from filing.scans import ScanField, ScanReport, inspect_scan

EIGHT_MIB = 8 * 1024 * 1024


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(params=["in_memory", "temporary"])
def upload(request):
    """Make an upload the way each of Django's two upload handlers would."""
    made = []

    def make(data, name="scan.pdf", content_type="application/pdf"):
        if request.param == "in_memory":
            uploaded = SimpleUploadedFile(name, data, content_type)
        else:
            uploaded = TemporaryUploadedFile(name, content_type, len(data), None)
            uploaded.write(data)
            uploaded.flush()
            uploaded.seek(0)
        made.append(uploaded)
        return uploaded

    yield make

    for uploaded in made:
        uploaded.close()


def pdf_bytes(*changes, pages=1, **save_options):
    """A PDF of blank pages, after each of `changes` has been applied to it."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    for change in changes:
        change(pdf)
    buffer = io.BytesIO()
    pdf.save(buffer, **save_options)
    return buffer.getvalue()


@functools.cache
def padded_pdf(size):
    """A valid one-page PDF of exactly `size` bytes.

    The padding is a comment in the page's content stream, written by pikepdf,
    so the cross-reference table stays right. The stream's /Length gains
    digits as the padding grows, hence a few rounds until the size settles.
    """

    def render(padding):
        def pad(pdf):
            pdf.pages[0].Contents = pdf.make_stream(b"%" + b" " * padding + b"\n")

        return pdf_bytes(pad, compress_streams=False, static_id=True)

    padding = 0
    for _ in range(5):
        data = render(padding)
        if len(data) == size:
            return data
        padding += size - len(data)
    raise AssertionError(f"could not pad a PDF to {size} bytes")


def image_bytes(image_format):
    buffer = io.BytesIO()
    Image.new("L", (16, 16), color=200).save(buffer, format=image_format)
    return buffer.getvalue()


def refusal(uploaded):
    with pytest.raises(ValidationError) as caught:
        inspect_scan(uploaded)
    return caught.value


def opens_strictly(data):
    with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
        list(pdf.objects)
        return len(pdf.pages) > 0 and not pdf.get_warnings()


# Ways of putting active or hidden content into a PDF.


def javascript_open_action(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert(1);"))


def javascript_name_tree(pdf):
    script = Dictionary(S=Name.JavaScript, JS=String("this.print();"))
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("init"), script]))
    )


def javascript_link_annotation(pdf):
    # A direct annotation inside a direct array: found without being an
    # object of its own.
    pdf.pages[0].Annots = Array(
        [
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([0, 0, 100, 100]),
                A=Dictionary(S=Name.JavaScript, JS=String("app.launchURL('x');")),
            )
        ]
    )


def javascript_page_action_in_a_stream(pdf):
    script = pdf.make_stream(b"app.alert(2);")
    pdf.pages[0].AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=script))


def javascript_chained_after_a_harmless_action(pdf):
    pdf.Root.OpenAction = Dictionary(
        S=Name.GoTo,
        D=Array([pdf.pages[0].obj, Name.Fit]),
        Next=Dictionary(S=Name.JavaScript, JS=String("app.alert(3);")),
    )


def javascript_key_without_action_type(pdf):
    pdf.Root.OpenAction = Dictionary(JS=String("app.alert(4);"))


def launch_open_action(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=String("calc.exe"))


def launch_link_annotation(pdf):
    pdf.pages[0].Annots = pdf.make_indirect(
        Array(
            [
                pdf.make_indirect(
                    Dictionary(
                        Type=Name.Annot,
                        Subtype=Name.Link,
                        Rect=Array([0, 0, 100, 100]),
                        A=Dictionary(
                            S=Name.Launch, Win=Dictionary(F=String("cmd.exe"))
                        ),
                    )
                )
            ]
        )
    )


def attached_file(pdf):
    pdf.attachments["minutes.docx"] = pikepdf.AttachedFileSpec(pdf, b"not a scan")


def file_attachment_annotation(pdf):
    # Refers to a file by name only: no /EF, no embedded stream.
    pdf.pages[0].Annots = Array(
        [
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.FileAttachment,
                Rect=Array([0, 0, 20, 20]),
                FS=Dictionary(Type=Name.Filespec, F=String("minutes.docx")),
            )
        ]
    )


def file_specification_with_embedded_data(pdf):
    # Associated files (PDF 2.0); the stream lacks /Type /EmbeddedFile.
    data = pdf.make_stream(b"not a scan")
    pdf.pages[0].AF = Array(
        [Dictionary(Type=Name.Filespec, F=String("a.txt"), EF=Dictionary(F=data))]
    )


def embedded_file_stream(pdf):
    data = pdf.make_stream(b"not a scan", Type=Name.EmbeddedFile)
    pdf.pages[0].PieceInfo = Dictionary(Extra=Dictionary(Private=data))


def rich_media_annotation(pdf):
    pdf.pages[0].Annots = Array(
        [
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.RichMedia,
                Rect=Array([0, 0, 200, 200]),
                RichMediaContent=Dictionary(Assets=Dictionary(Names=Array())),
            )
        ]
    )


def xfa_form(pdf):
    pdf.Root.AcroForm = Dictionary(
        Fields=Array(), XFA=pdf.make_stream(b"<xdp:xdp></xdp:xdp>")
    )


# What an acceptable scan looks like.


def test_valid_pdf_is_accepted_with_its_size_digest_and_pages(upload):
    data = pdf_bytes(pages=3)

    report = inspect_scan(upload(data))

    assert report == ScanReport(
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), page_count=3
    )


def test_scanned_page_with_a_jpeg_image_is_accepted(upload):
    def draw_scan(pdf):
        image = pdf.make_stream(
            image_bytes("JPEG"),
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=16,
            Height=16,
            ColorSpace=Name.DeviceGray,
            BitsPerComponent=8,
            Filter=Name.DCTDecode,
        )
        page = pdf.pages[0]
        page.Resources = Dictionary(XObject=Dictionary(Im0=image))
        page.Contents = pdf.make_stream(b"q 612 0 0 792 0 0 cm /Im0 Do Q")

    report = inspect_scan(upload(pdf_bytes(draw_scan)))

    assert report.page_count == 1


def test_file_position_is_at_the_start_after_an_accepted_scan(upload):
    uploaded = upload(pdf_bytes())
    uploaded.read(10)

    inspect_scan(uploaded)

    assert uploaded.tell() == 0


def test_file_position_is_at_the_start_after_a_refused_scan(upload):
    uploaded = upload(pdf_bytes(javascript_open_action))

    refusal(uploaded)

    assert uploaded.tell() == 0


def test_name_and_content_type_sent_by_the_browser_are_ignored(upload):
    uploaded = upload(pdf_bytes(), name="scan.jpg", content_type="image/jpeg")

    report = inspect_scan(uploaded)

    assert report.page_count == 1


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda pdf: setattr(
                pdf.pages[0],
                "Contents",
                pdf.make_stream(b"BT (/JavaScript /JS /Launch /EmbeddedFiles) Tj ET"),
            ),
            id="names-as-text-on-the-page",
        ),
        pytest.param(
            lambda pdf: setattr(
                pdf.pages[0],
                "Annots",
                Array(
                    [
                        Dictionary(
                            Type=Name.Annot,
                            Subtype=Name.Link,
                            Rect=Array([0, 0, 10, 10]),
                            A=Dictionary(S=Name.URI, URI=String("https://example.org")),
                        )
                    ]
                ),
            ),
            id="web-link",
        ),
        pytest.param(
            lambda pdf: setattr(
                pdf.Root,
                "OpenAction",
                Array([pdf.pages[0].obj, Name.Fit]),
            ),
            id="open-at-first-page",
        ),
        pytest.param(
            lambda pdf: setattr(pdf.Root, "AcroForm", Dictionary(Fields=Array())),
            id="acroform-without-xfa",
        ),
        pytest.param(
            lambda pdf: setattr(pdf.docinfo, "Title", String("JavaScript /Launch")),
            id="suspicious-title",
        ),
    ],
)
def test_harmless_features_are_accepted(upload, change):
    report = inspect_scan(upload(pdf_bytes(change)))

    assert report.page_count == 1


# Size: at most settings.SCAN_MAX_BYTES, both edges.


def test_padded_pdf_of_exactly_eight_mib_opens_without_recovery():
    data = padded_pdf(EIGHT_MIB)

    assert len(data) == 8_388_608
    assert opens_strictly(data)


def test_scan_of_exactly_eight_mib_is_accepted(upload):
    data = padded_pdf(EIGHT_MIB)

    report = inspect_scan(upload(data))

    assert report.size == 8_388_608
    assert report.sha256 == hashlib.sha256(data).hexdigest()


def test_scan_of_eight_mib_and_one_byte_is_refused(upload):
    data = padded_pdf(EIGHT_MIB + 1)
    assert len(data) == 8_388_609
    assert opens_strictly(data)

    error = refusal(upload(data))

    assert error.code == "too_large"
    # Rounded up, so that the size never reads the same as the limit.
    assert error.params == {"size": "8.1\xa0MB", "max_size": "8.0\xa0MB"}


def test_too_large_message_names_both_sizes_and_what_to_do(upload):
    data = b"%PDF-" + b"\0" * (int(9.2 * 1024 * 1024) - 5)

    error = refusal(upload(data))

    assert error.messages == [
        "The file is 9.2\xa0MB; a scan may be at most 8.0\xa0MB. Scan at a lower "
        "resolution or in black and white."
    ]


def test_size_limit_comes_from_settings(upload, settings):
    settings.SCAN_MAX_BYTES = 1000
    data = padded_pdf(1001)

    error = refusal(upload(data))

    assert error.code == "too_large"


def test_empty_file_is_refused_with_its_own_message(upload):
    error = refusal(upload(b""))

    assert error.code == "empty"
    assert "empty" in error.messages[0]


# Only PDFs, recognised by their first bytes.


@pytest.mark.parametrize(
    ("image_format", "label"), [("PNG", "PNG"), ("JPEG", "JPEG"), ("TIFF", "TIFF")]
)
def test_image_renamed_to_pdf_is_refused_saying_what_it_is(upload, image_format, label):
    uploaded = upload(image_bytes(image_format), content_type="application/pdf")

    error = refusal(uploaded)

    assert error.code == "not_pdf"
    assert error.params == {"format": label}
    assert f"The file is a {label} image, not a PDF." in error.messages[0]


@pytest.mark.parametrize(
    "prefix",
    [b"\n", b" ", b"\xef\xbb\xbf", b"garbage", b"\0" * 1024],
    ids=["newline", "space", "byte-order-mark", "text", "zero-bytes"],
)
def test_pdf_with_bytes_before_its_header_is_refused(upload, prefix):
    error = refusal(upload(prefix + pdf_bytes()))

    assert error.code == "not_pdf"


@pytest.mark.parametrize(
    "data",
    [b"%PDF", b"%pdf-1.7\n", b"Hello, this is a text file.\n", b"PK\x03\x04"],
    ids=["header-cut-short", "lower-case-header", "text", "zip"],
)
def test_file_that_does_not_begin_with_the_pdf_header_is_refused(upload, data):
    error = refusal(upload(data))

    assert error.code == "not_pdf"


# The file parses without recovery.


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated_pdf_is_refused_asking_for_a_new_scan(upload, fraction):
    data = pdf_bytes(pages=3)
    truncated = data[: int(len(data) * fraction)]

    error = refusal(upload(truncated))

    assert error.code == "damaged"
    assert "Scan or export the document again" in error.messages[0]


def test_pdf_cut_just_before_its_trailer_is_refused(upload):
    data = pdf_bytes(pages=2)

    error = refusal(upload(data[: data.rindex(b"trailer")]))

    assert error.code == "damaged"


def test_header_followed_by_garbage_is_refused_as_damaged(upload):
    error = refusal(upload(b"%PDF-1.7\n" + bytes(range(256)) * 40))

    assert error.code == "damaged"


@pytest.mark.parametrize(
    ("original", "damaged"),
    [
        # Each replacement keeps the length, so every offset stays right and
        # only qpdf's silent repair would let the file through.
        (b"/Length 360", b"/Length 350"),
        (b"/Parent 2 0 R", b"/Parent 2 0 X"),
        (b"endstream", b"endstrea "),
        (b"0000000123 00000 n", b"0000000124 00000 n"),
    ],
    ids=["wrong-stream-length", "broken-dictionary", "broken-endstream", "bad-xref"],
)
def test_pdf_that_parses_only_with_repairs_is_refused(upload, original, damaged):
    def draw(pdf):
        pdf.pages[0].Contents = pdf.make_stream(b"0 0 m 100 100 l S " * 20)

    data = pdf_bytes(draw, compress_streams=False)
    assert original in data
    broken = data.replace(original, damaged, 1)

    error = refusal(upload(broken))

    assert error.code == "damaged"


# Not encrypted, at least one page.


def test_password_protected_pdf_is_refused(upload):
    encryption = pikepdf.Encryption(owner="owner-secret", user="user-secret")

    error = refusal(upload(pdf_bytes(encryption=encryption)))

    assert error.code == "password_protected"


@pytest.mark.parametrize("revision", [4, 6])
def test_pdf_encrypted_with_an_empty_password_is_refused(upload, revision):
    encryption = pikepdf.Encryption(owner="owner-secret", user="", R=revision)

    error = refusal(upload(pdf_bytes(encryption=encryption)))

    assert error.code == "encrypted"


def test_pdf_without_pages_is_refused(upload):
    error = refusal(upload(pdf_bytes(pages=0)))

    assert error.code == "no_pages"


# No active or hidden content.


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (javascript_open_action, "javascript"),
        (javascript_name_tree, "javascript"),
        (javascript_link_annotation, "javascript"),
        (javascript_page_action_in_a_stream, "javascript"),
        (javascript_chained_after_a_harmless_action, "javascript"),
        (javascript_key_without_action_type, "javascript"),
        (launch_open_action, "launch_action"),
        (launch_link_annotation, "launch_action"),
        (attached_file, "embedded_file"),
        (file_attachment_annotation, "embedded_file"),
        (file_specification_with_embedded_data, "embedded_file"),
        (embedded_file_stream, "embedded_file"),
        (rich_media_annotation, "rich_media"),
        (xfa_form, "xfa_form"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_active_or_hidden_content_is_refused(upload, change, code):
    error = refusal(upload(pdf_bytes(change)))

    assert error.code == code
    assert error.messages[0].startswith("The PDF ")


def test_javascript_inside_a_compressed_object_stream_is_refused(upload):
    data = pdf_bytes(
        javascript_open_action, object_stream_mode=pikepdf.ObjectStreamMode.generate
    )
    assert b"/JavaScript" not in data

    error = refusal(upload(data))

    assert error.code == "javascript"


# The form field.


class ScanForm(forms.Form):
    scan = ScanField()


def test_scan_field_keeps_the_report_on_the_cleaned_file(upload):
    data = pdf_bytes(pages=2)
    form = ScanForm(files={"scan": upload(data)})

    assert form.is_valid()

    cleaned = form.cleaned_data["scan"]
    assert cleaned.scan_report.page_count == 2
    assert cleaned.scan_report.sha256 == hashlib.sha256(data).hexdigest()
    assert cleaned.tell() == 0


def test_scan_field_shows_the_refusal_beside_the_field(upload):
    form = ScanForm(files={"scan": upload(pdf_bytes(launch_open_action))})

    assert not form.is_valid()

    assert form.has_error("scan", code="launch_action")
    assert list(form.errors) == ["scan"]


def test_scan_field_refuses_an_empty_file_with_the_scan_message(upload):
    form = ScanForm(files={"scan": upload(b"")})

    assert not form.is_valid()

    assert form.has_error("scan", code="empty")


def test_scan_field_is_required():
    form = ScanForm(data={}, files={})

    assert not form.is_valid()

    assert form.has_error("scan", code="required")


def test_scan_field_keeps_an_existing_file_when_nothing_new_is_uploaded():
    field = ScanField()

    cleaned = field.clean(None, "filings/1/attachments/signed_notice_scan.pdf")

    assert cleaned == "filings/1/attachments/signed_notice_scan.pdf"


def test_scan_field_asks_the_browser_for_pdf_files():
    rendered = str(ScanForm()["scan"])

    assert 'accept="application/pdf,.pdf"' in rendered
