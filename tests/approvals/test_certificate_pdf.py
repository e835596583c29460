"""The certificate PDF and the tasks that render it: content, fonts, QR code, reruns.

Each rendered variant also leaves a PNG of its page in
tests/artefacts/certificates/ (git-ignored) to look at.
"""

import hashlib
import io
import re
import subprocess
from pathlib import Path
from unittest import mock

import pikepdf
import pytest
import segno
from django.template.loader import render_to_string

from approvals import certificate_pdf, tasks
from approvals.certificates import (
    NothingMissing,
    NotIssued,
    issue_certificates,
    prepare_missing_pdfs,
    verification_url,
)
from approvals.models import Certificate
from filing.actions import NotPermitted
from tests.filing.test_pdf import OUR_FONTS, embedded_fonts, joined, pdf_text

from .certificate_fixtures import (  # noqa: F401 (fixtures, known by short names)
    approved_filing_fixture,
    hr_office_fixture,
    issuer_fixture,
)

pytestmark = pytest.mark.django_db

ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts" / "certificates"
UYGHUR_NAME = "ئايگۈل مەمەت"
LONG_EMPLOYER = (
    "新疆维吾尔自治区伊犁哈萨克自治州奎屯医院附属第一分院（东院区）"
    "心血管内科介入治疗中心暨胸痛中心质量控制办公室"
)


@pytest.fixture
def issue(approved_filing, issuer):
    """Issues the certificates of a filing of these names; they are not rendered."""

    def build(names, **fields):
        filing = approved_filing(names, **fields)
        issue_certificates(issuer, filing)
        filing.refresh_from_db()
        return list(filing.certificates.order_by("number"))

    return build


def stored_names(certificates):
    storage = Certificate._meta.get_field("file").storage
    directory = f"certificates/{certificates[0].issuing_office_id}"
    if not storage.exists(directory):
        return []
    return sorted(storage.listdir(directory)[1])


@pytest.fixture(autouse=True)
def no_files_left_from_rolled_back_tests(settings):
    # Rolled-back tests hand out the same ids and numbers again.
    storage = Certificate._meta.get_field("file").storage
    if storage.exists("certificates"):
        for office in storage.listdir("certificates")[0]:
            for name in storage.listdir(f"certificates/{office}")[1]:
                storage.delete(f"certificates/{office}/{name}")


def rendered(certificate, tmp_path, artefact=None):
    content = certificate_pdf.render_certificate(certificate).content
    path = tmp_path / f"{certificate.number}.pdf"
    path.write_bytes(content)
    if artefact:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-singlefile", str(path)]
            + [str(ARTEFACTS / artefact)],
            check=True,
        )
    return path


# What the page shows


def test_the_page_carries_every_fact_of_the_certificate(issue, tmp_path):
    [certificate] = issue(["阿依古丽·买买提"])
    application = certificate.application

    path = rendered(certificate, tmp_path, artefact="chinese-name")

    text = joined(pdf_text(path))
    for expected in (
        "阿依古丽·买买提",
        application.masked_id_number,
        application.employer,
        application.qualification.name,
        application.qualification.series.name,
        application.specialty,
        "2024年12月30日",
        certificate.filing.notice_number,
        certificate.issuing_office.name,
        certificate.number,
    ):
        assert expected in text, expected
    assert application.id_number not in text


def test_the_page_prints_the_verification_code_in_groups(issue, tmp_path):
    [certificate] = issue(["王喆"])
    code = certificate.verification_code

    text = pdf_text(rendered(certificate, tmp_path))

    assert f"{code[:5]}-{code[5:10]}-{code[10:15]}-{code[15:]}" in text


def test_every_label_stands_in_chinese_and_in_uyghur(issue, tmp_path):
    [certificate] = issue(["王喆"])

    text = joined(pdf_text(rendered(certificate, tmp_path)))

    # The Chinese labels are letter-spaced, which pdftotext reads as spaces.
    packed = re.sub(r"\s", "", text)
    for label in ("姓名", "身份证号", "工作单位", "发证机关", "证书编号", "验证码"):
        assert label in packed
    for label in ("ئىسىم-فامىلىسى", "كىملىك نومۇرى", "گۇۋاھنامە نومۇرى"):
        assert label in text


def test_a_name_in_uyghur_script_is_set_right_to_left_in_full(issue, tmp_path):
    [certificate] = issue([UYGHUR_NAME])
    qualification = certificate.application.qualification
    # Digits inside Uyghur text keep their order (see the artefact).
    qualification.name_ug = "ئوتتۇرا مەكتەپ 1-دەرىجىلىك ئوقۇتقۇچىسى"
    qualification.save()

    path = rendered(certificate, tmp_path, artefact="uyghur-name")

    text = pdf_text(path)
    assert UYGHUR_NAME in text
    assert "ئوتتۇرا مەكتەپ" in text


def test_it_is_one_page_and_uses_only_the_projects_fonts(issue, tmp_path):
    [certificate] = issue(["龚䶮"], notice_number="新人社职改〔2024〕99号")
    application = certificate.application
    application.employer = LONG_EMPLOYER
    application.save()

    path = rendered(certificate, tmp_path, artefact="rare-name-long-employer")

    assert len(pikepdf.open(path).pages) == 1
    assert embedded_fonts(path) <= OUR_FONTS
    assert "龚䶮" in pdf_text(path)


def test_the_form_and_the_entries_never_share_a_font_name(issue, tmp_path):
    [certificate] = issue(["王喆"])

    result = subprocess.run(
        ["pdffonts", str(rendered(certificate, tmp_path))],
        check=True,
        capture_output=True,
        text=True,
    )

    names = [row.split()[0] for row in result.stdout.splitlines()[2:]]
    assert len(names) == len(set(names))


def test_the_qr_code_holds_the_public_verification_address(issue, tmp_path, settings):
    settings.PUBLIC_BASE_URL = "https://zhicheng.example.cn/"
    [certificate] = issue(["王喆"])
    url = verification_url(certificate)

    document = pikepdf.open(rendered(certificate, tmp_path))
    page = document.pages[0]

    assert url == (
        "https://zhicheng.example.cn/api/v1/certificates/verify/"
        f"?number={certificate.number}&code={certificate.verification_code}"
    )
    assert drawn_modules(page) == expected_modules(url)
    [link] = [a for a in page.Annots if a.get("/A") is not None]
    assert str(link.A.URI) == url


def drawn_modules(page):
    """The dark modules of the QR code drawn on the page, as (row, column)."""
    for xobject in page.Resources.XObject.values():
        content = xobject.read_bytes().decode("latin-1")
        if content.startswith("0 g\n"):
            size = int(xobject.BBox[3])
            modules = set()
            for x, y, width in re.findall(r"(\d+) (\d+) (\d+) 1 re", content):
                row = size - int(y) - 1
                modules.update((row, int(x) + step) for step in range(int(width)))
            return modules
    raise AssertionError("no QR code on the page")


def expected_modules(url):
    code = segno.make_qr(url, error="m", mask=certificate_pdf.QR_MASK)
    return {
        (row, column)
        for row, modules in enumerate(code.matrix_iter(border=2))
        for column, dark in enumerate(modules)
        if dark
    }


def test_rendering_the_same_certificate_twice_gives_the_same_bytes(issue):
    [certificate] = issue(["王喆"])

    first = certificate_pdf.render_certificate(certificate).content
    second = certificate_pdf.render_certificate(certificate).content

    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("伊宁市第三中学", ""),
        ("新疆维吾尔自治区伊犁哈萨克自治州奎屯医院附属第一分院（东院区）", ""),
        (LONG_EMPLOYER, "small"),
        (LONG_EMPLOYER * 2, "smaller"),
    ],
)
def test_a_long_entry_is_set_smaller_to_fit_its_slot(text, size):
    assert certificate_pdf.fit(text, certificate_pdf.SLOT_EMS["employer"]) == size


# The render tasks


def test_the_task_stores_each_pdf_privately_with_its_hash(issue, settings):
    certificates = issue(["王喆", "李堃"])

    assert tasks.render_certificates([c.pk for c in certificates]) == 2

    for certificate in certificates:
        certificate.refresh_from_db()
        content = certificate.file.read()
        assert content.startswith(b"%PDF-")
        assert certificate.sha256 == hashlib.sha256(content).hexdigest()
        assert certificate.file.path.startswith(str(settings.PRIVATE_STORAGE_ROOT))
        assert certificate.file.name.endswith(f"{certificate.number}.pdf")


def test_running_the_task_twice_renders_nothing_the_second_time(issue):
    certificates = issue(["王喆", "李堃"])
    ids = [c.pk for c in certificates]
    tasks.render_certificates(ids)
    before = list(Certificate.objects.order_by("pk").values_list("file", "sha256"))

    with mock.patch.object(tasks, "render_certificate") as render:
        assert tasks.render_certificates(ids) == 0

    render.assert_not_called()
    after = list(Certificate.objects.order_by("pk").values_list("file", "sha256"))
    assert after == before
    assert stored_names(certificates) == sorted(f"{c.number}.pdf" for c in certificates)


def test_a_run_that_fails_midway_is_finished_by_the_next_run(issue):
    certificates = issue(["甲一", "乙二", "丙三", "丁四"])
    ids = [c.pk for c in certificates]
    real_render = certificate_pdf.render_certificate
    calls = []

    def crash_on_the_third(certificate):
        calls.append(certificate.pk)
        if len(calls) == 3:
            raise MemoryError("worker killed")
        return real_render(certificate)

    with (
        mock.patch.object(tasks, "render_certificate", crash_on_the_third),
        pytest.raises(RuntimeError, match="not rendered"),
    ):
        tasks.render_certificates(ids)

    ready = Certificate.objects.exclude(file="").order_by("pk")
    assert list(ready.values_list("pk", flat=True)) == [ids[0], ids[1], ids[3]]

    with mock.patch.object(tasks, "render_certificate", wraps=real_render) as render:
        assert tasks.render_certificates(ids) == 1

    assert [call.args[0].pk for call in render.call_args_list] == [ids[2]]
    assert not Certificate.objects.filter(file="").exists()
    assert len(stored_names(certificates)) == 4


def test_a_file_left_by_a_run_stopped_before_recording_it_is_replaced(issue):
    [certificate] = issue(["王喆"])
    storage = certificate.file.storage
    name = f"certificates/{certificate.issuing_office_id}/{certificate.number}.pdf"
    storage.save(name, io.BytesIO(b"half a PDF"))

    tasks.render_certificates([certificate.pk])

    certificate.refresh_from_db()
    assert certificate.file.name == name
    assert certificate.file.read().startswith(b"%PDF-")
    assert stored_names([certificate]) == [f"{certificate.number}.pdf"]


def test_a_pdf_recorded_by_another_run_meanwhile_is_kept(issue):
    [certificate] = issue(["王喆"])
    tasks.render_certificates([certificate.pk])
    certificate.refresh_from_db()
    first = (certificate.file.name, certificate.sha256)

    # A second worker that loaded the row before the first recorded its PDF.
    stale = Certificate.objects.get(pk=certificate.pk)
    stale.file = ""
    recorded = tasks.store_pdf(stale, certificate_pdf.render_certificate(stale))

    assert recorded is False
    certificate.refresh_from_db()
    assert (certificate.file.name, certificate.sha256) == first


def test_issuing_queues_the_certificates_in_chunks_for_the_workers(
    approved_filing, issuer, django_capture_on_commit_callbacks
):
    filing = approved_filing([f"张{n}" for n in range(5)])

    with (
        mock.patch.object(tasks, "CERTIFICATES_PER_TASK", 2),
        mock.patch.object(tasks, "async_task") as async_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        issue_certificates(issuer, filing)

    ids = list(filing.certificates.order_by("pk").values_list("pk", flat=True))
    chunks = [call.args[1] for call in async_task.call_args_list]
    assert chunks == [ids[0:2], ids[2:4], ids[4:5]]
    assert {call.kwargs["group"] for call in async_task.call_args_list} == {
        f"certificates-{filing.pk}"
    }


def test_with_the_task_queue_running_inline_issuing_renders_every_pdf(
    approved_filing, issuer, django_capture_on_commit_callbacks
):
    filing = approved_filing(["王喆", "李堃", "张小明"])

    with django_capture_on_commit_callbacks(execute=True):
        issue_certificates(issuer, filing)

    assert not filing.certificates.filter(file="").exists()
    assert filing.certificates.exclude(sha256="").count() == 3


def test_the_issuing_office_can_queue_the_missing_pdfs_again(
    issue, issuer, django_capture_on_commit_callbacks
):
    certificates = issue(["甲一", "乙二", "丙三"])
    tasks.render_certificates([certificates[0].pk])
    filing = certificates[0].filing

    with (
        mock.patch.object(tasks, "async_task") as async_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert prepare_missing_pdfs(issuer, filing) == 2

    [call] = async_task.call_args_list
    assert call.args[1] == [certificates[1].pk, certificates[2].pk]


def test_only_the_issuing_office_asks_again_and_only_for_what_is_missing(
    issue, issuer, filer, approved_filing
):
    certificates = issue(["甲一"])
    filing = certificates[0].filing

    with pytest.raises(NotPermitted):
        prepare_missing_pdfs(filer, filing)
    with pytest.raises(NotIssued):
        prepare_missing_pdfs(issuer, approved_filing(["乙二"]))
    tasks.render_certificates([certificates[0].pk])
    with pytest.raises(NothingMissing):
        prepare_missing_pdfs(issuer, filing)


def test_numbers_and_dates_beside_uyghur_labels_keep_their_order(issue, tmp_path):
    [certificate] = issue(["王喆"])
    filing = certificate.filing
    form = certificate_pdf.form_context(certificate)

    html = render_to_string(certificate_pdf.TEMPLATE_NAME, {"form": True, **form})
    text = joined(pdf_text(rendered(certificate, tmp_path, artefact="numbers")))

    # Each value sits in a left-to-right isolate (U+2066 ... U+2069), so the
    # Uyghur label beside it cannot pull its digit groups apart.
    assert f"&#x2066;{filing.notice_number}&#x2069;" in html
    assert "&#x2066;2024年12月30日&#x2069;" in html
    assert filing.notice_number in text
    assert "2024年12月30日" in text
