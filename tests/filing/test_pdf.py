import datetime
import gc
import io
import re
import subprocess

import pikepdf
import pytest
import weasyprint

from filing import pdf
from filing.documents import build_context
from filing.factories import QualificationFactory
from filing.models import DocumentKind, TitleLevel
from filing.pdf import (
    SUBSET_FONT_FAMILY,
    AssetFetcher,
    built_font_paths,
    render_pdf,
)

RARE_NAMES = ["王喆", "李堃", "张玥", "刘祎", "陈赟", "龚䶮", "黄𠇔"]
UYGHUR_NAME = "ئايگۈل مەمەت"
NAMES = [*RARE_NAMES, "阿依古丽·买买提", UYGHUR_NAME, "欧阳娜娜"]

# Fonts the project installs: the two cuts `manage.py build_fonts` makes of
# Noto Serif CJK SC (fonts-noto-cjk), the full face, and UKIJ Tuz
# (fonts-ukij-uyghur).
OUR_FONTS = {
    "Filing-Serif-SC",
    "Filing-Serif-SC-Bold",
    "Filing-Serif-SC-Extension",
    "Filing-Serif-SC-Extension-Bold",
    "Noto-Serif-CJK-SC",
    "Noto-Serif-CJK-SC-Bold",
    "UKIJ-Tuz",
    "UKIJ-Tuz-Bold",
}

# pdftotext wraps right-to-left runs in bidi embedding marks.
BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def pdf_text(path, page=None, layout=False):
    options = ["-f", str(page), "-l", str(page)] if page else []
    if layout:
        options.append("-layout")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return BIDI_MARKS.sub("", result.stdout)


def joined(text):
    """The text without line breaks, so a name wrapped in its cell reads whole."""
    return text.replace("\n", "")


def embedded_fonts(path):
    result = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    )
    rows = result.stdout.splitlines()[2:]
    return {row.split()[0].partition("+")[2] for row in rows}


def render_document(filing, kind, tmp_path):
    context = build_context(filing, kind)
    rendered = render_pdf(f"pdf/{kind}.html", context)
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(rendered.content)
    return path, rendered


@pytest.fixture
def two_hundred_names():
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
    given = "伟芳娜敏静丽强磊军洋"
    return [f"{surname}{first}明" for surname in surnames for first in given]


def test_roster_lists_every_selected_applicant_exactly_once(
    filing_with_applicants, tmp_path
):
    filing = filing_with_applicants(NAMES)

    path, _ = render_document(filing, DocumentKind.NOTICE_ROSTER, tmp_path)

    text = joined(pdf_text(path))
    for name in NAMES:
        assert text.count(name) == 1, name


def test_roster_lists_rows_in_application_number_order(
    filing_with_applicants, tmp_path
):
    names = ["甲一", "乙二", "丙三", "丁四"]
    filing = filing_with_applicants(names)

    path, _ = render_document(filing, DocumentKind.NOTICE_ROSTER, tmp_path)

    text = pdf_text(path)
    assert [text.index(name) for name in names] == sorted(
        text.index(name) for name in names
    )


def test_roster_masks_id_numbers_and_derives_gender(filing_with_applicants, tmp_path):
    filing = filing_with_applicants(["王喆", "李堃"])
    woman, man = filing.selected_applications().order_by("number")
    woman.id_number = "11010519491231002X"  # the 17th digit, 2, is even
    woman.save()
    man.id_number = "440524188001010014"  # 1 is odd
    man.save()

    path, _ = render_document(filing, DocumentKind.NOTICE_ROSTER, tmp_path)

    lines = pdf_text(path).splitlines()
    assert "1101**********002X" in lines
    assert "4405**********0014" in lines
    assert not any("11010519491231002X" in line for line in lines)
    assert lines.index("王喆") < lines.index("女") < lines.index("李堃")
    assert lines.index("李堃") < lines.index("男")


def test_long_roster_repeats_its_header_and_numbers_every_page(
    filing_with_applicants, two_hundred_names, tmp_path
):
    filing = filing_with_applicants(two_hundred_names)

    path, rendered = render_document(filing, DocumentKind.NOTICE_ROSTER, tmp_path)

    pages = rendered.page_count
    assert pages > 3
    for page in range(1, pages + 1):
        text = pdf_text(path, page)
        for heading in [
            "序号",
            "姓名",
            "性别",
            "工作单位",
            "申请资格",
            "申请专业",
            "身份证号",
        ]:
            assert heading in text, (page, heading)
        # pdftotext drops the narrow spaces around the numbers.
        assert f"第{page}页共{pages}页" in re.sub(r"\s", "", text)
    everything = joined(pdf_text(path))
    assert all(everything.count(name) == 1 for name in two_hundred_names)


def test_roster_ends_with_space_for_the_seal(filing_with_applicants, tmp_path):
    filing = filing_with_applicants(["王喆"])

    path, _ = render_document(filing, DocumentKind.NOTICE_ROSTER, tmp_path)

    text = pdf_text(path)
    assert "组建单位（盖章）" in text
    assert text.index("组建单位（盖章）") > text.index("王喆")


def test_draft_notice_shows_number_title_addressee_and_every_name(
    filing_with_applicants, tmp_path
):
    filing = filing_with_applicants(
        NAMES,
        notice_number="伊州职改〔2024〕7号",
        notice_title="关于王喆等10位同志取得中级专业技术职务任职资格的通知",
        conferred_on=datetime.date(2024, 1, 1),
    )

    path, _ = render_document(filing, DocumentKind.DRAFT_NOTICE, tmp_path)

    text = pdf_text(path)
    flat = joined(text)
    assert "伊州职改〔2024〕7号" in text
    assert "关于王喆等10位同志取得中级专业技术职务任职资格的通知" in flat
    assert "各有关单位：" in text
    assert "伊宁市人力资源和社会保障局文件" in text
    assert "2024年1月1日" in text
    for name in NAMES:
        assert name in text, name


def test_draft_notice_without_number_or_date_leaves_blanks_for_the_issuer(
    filing_with_applicants, tmp_path, monkeypatch
):
    monkeypatch.setattr(
        "filing.documents.china_today", lambda: datetime.date(2025, 3, 1)
    )
    filing = filing_with_applicants(["王喆"], notice_number="", conferred_on=None)

    path, _ = render_document(filing, DocumentKind.DRAFT_NOTICE, tmp_path)

    text = pdf_text(path, layout=True)
    assert re.search(r"\s〔2025〕\s+号", text)
    assert re.search(r"\s年\s+月\s+日", text)


def test_draft_notice_groups_people_by_qualification_with_counts(
    filing_with_applicants, tmp_path
):
    senior = QualificationFactory(level=TitleLevel.ASSOCIATE_SENIOR)
    filing = filing_with_applicants(
        ["王喆", "李堃", "张玥"], qualifications={"张玥": senior}
    )

    path, _ = render_document(filing, DocumentKind.DRAFT_NOTICE, tmp_path)

    text = pdf_text(path)
    assert "高级工程师（1人）" in text
    assert "工程师（2人）" in text
    assert text.index("高级工程师（1人）") < text.index("张玥") < text.index("王喆")


def test_draft_notice_numbers_pages_between_dashes(filing_with_applicants, tmp_path):
    filing = filing_with_applicants([f"王{n}" for n in "一二三四五六七八九十"])

    path, rendered = render_document(filing, DocumentKind.DRAFT_NOTICE, tmp_path)

    for page in range(1, rendered.page_count + 1):
        # pdftotext drops the narrow spaces around the number.
        assert f"—{page}—" in re.sub(r"\s", "", pdf_text(path, page))


def test_every_embedded_font_is_one_the_project_installs(
    filing_with_applicants, tmp_path
):
    filing = filing_with_applicants(NAMES)

    roster, _ = render_document(filing, DocumentKind.NOTICE_ROSTER, tmp_path)
    notice, _ = render_document(filing, DocumentKind.DRAFT_NOTICE, tmp_path)

    for path in (roster, notice):
        fonts = embedded_fonts(path)
        assert fonts <= OUR_FONTS, fonts - OUR_FONTS
        # The rare characters and the Uyghur name did reach their fonts.
        assert "Filing-Serif-SC-Extension" in fonts
        assert "UKIJ-Tuz" in fonts


def test_what_neither_cut_holds_comes_from_the_full_face(
    filing_with_applicants, tmp_path
):
    # Hangul: Noto Serif CJK SC draws it, but it is no ideograph.
    filing = filing_with_applicants(["김민준"])

    path, _ = render_document(filing, DocumentKind.NOTICE_ROSTER, tmp_path)

    assert "Noto-Serif-CJK-SC" in embedded_fonts(path)
    assert "김민준" in joined(pdf_text(path))


def test_common_characters_come_from_the_subset_font(filing_with_applicants, tmp_path):
    missing = [path for path in built_font_paths().values() if not path.is_file()]
    assert not missing, "run `manage.py build_fonts` first"
    filing = filing_with_applicants(["王伟"])

    path, _ = render_document(filing, DocumentKind.NOTICE_ROSTER, tmp_path)

    assert embedded_fonts(path) == {"Filing-Serif-SC", "Filing-Serif-SC-Bold"}


ATTACHMENT_TEMPLATE = """<!DOCTYPE html>
<html><head><link rel="attachment" href="{{ href }}"></head>
<body><p>附件</p><img src="{{ href }}"></body></html>"""


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("not for any PDF")
    return path


@pytest.fixture
def attachment_template(settings, tmp_path):
    template_dir = tmp_path / "templates"
    (template_dir / "pdf").mkdir(parents=True)
    (template_dir / "pdf" / "attaching.html").write_text(ATTACHMENT_TEMPLATE)
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]],
        }
    ]
    return "pdf/attaching.html"


def attachments_of(content):
    with pikepdf.open(io.BytesIO(content)) as document:
        return {
            name: spec.get_file().read_bytes()
            for name, spec in document.attachments.items()
        }


def test_default_fetcher_would_embed_a_local_file(secret_file):
    html = ATTACHMENT_TEMPLATE.replace("{{ href }}", secret_file.as_uri())

    content = weasyprint.HTML(string=html).write_pdf()

    assert list(attachments_of(content).values()) == [b"not for any PDF"]


def test_render_pdf_does_not_embed_a_local_file_named_by_the_document(
    attachment_template, secret_file
):
    rendered = render_pdf(attachment_template, {"href": secret_file.as_uri()})

    assert attachments_of(rendered.content) == {}


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/../etc/passwd",
        "http://127.0.0.1:8000/admin/",
        "https://example.com/font.otf",
        "data:text/plain,hello",
        "ftp://example.com/file",
        "pdf-font:../../etc/passwd",
        "pdf-font:NotoSerifCJK-Regular.ttc",
    ],
)
def test_fetcher_refuses_anything_but_our_assets(url):
    fetcher = AssetFetcher()

    with pytest.raises(ValueError):
        fetcher.fetch(url)


@pytest.mark.parametrize("dots", ["..", "%2e%2e"])
def test_fetcher_refuses_a_path_climbing_out_of_the_asset_directory(dots):
    url = f"{pdf.asset_dir().as_uri()}/{dots}/{dots}/pyproject.toml"

    with pytest.raises(ValueError):
        AssetFetcher().fetch(url)


def test_fetcher_refuses_a_link_out_of_the_asset_directory(
    settings, tmp_path, secret_file
):
    settings.BASE_DIR = tmp_path / "project"
    (settings.BASE_DIR / "templates" / "pdf").mkdir(parents=True)
    link = settings.BASE_DIR / "templates" / "pdf" / "innocent.css"
    link.symlink_to(secret_file)

    with pytest.raises(ValueError):
        AssetFetcher().fetch(link.as_uri())


def test_fetcher_serves_our_stylesheets_and_built_fonts():
    fetcher = AssetFetcher()
    font = built_font_paths()[SUBSET_FONT_FAMILY, "regular"]

    stylesheet = fetcher.fetch((pdf.asset_dir() / "base.css").as_uri())
    font_response = fetcher.fetch(f"pdf-font:{font.name}") if font.is_file() else None

    assert stylesheet.content_type == "text/css"
    assert b"@font-face" in stylesheet.read()
    if font_response is not None:
        assert font_response.read()[:4] == b"OTTO"


def test_render_pdf_restores_the_garbage_collector_after_a_failure(monkeypatch):
    def explode(*args, **kwargs):
        assert not gc.isenabled()
        raise RuntimeError("layout failed")

    monkeypatch.setattr(weasyprint.HTML, "render", explode)

    with pytest.raises(RuntimeError):
        render_pdf("pdf/notice_roster.html", {"rows": []})

    assert gc.isenabled()


def test_renders_share_one_font_configuration_and_parsed_stylesheets(
    filing_with_applicants,
):
    filing = filing_with_applicants(["王喆"])
    context = build_context(filing, DocumentKind.NOTICE_ROSTER)

    render_pdf("pdf/notice_roster.html", context)
    first = dict(pdf._shared)
    render_pdf("pdf/notice_roster.html", context)

    assert pdf._shared == first
    assert first["font_config"] is pdf._shared["font_config"]


def test_fetcher_reports_a_font_not_built_yet_as_missing(settings, tmp_path):
    settings.PDF_FONT_DIR = tmp_path

    with pytest.raises(FileNotFoundError):
        AssetFetcher().fetch("pdf-font:FilingSerifSC-Regular.otf")
