import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from filing.factories import ApplicationFactory
from filing.models import Application, DataSource

from .spreadsheet_files import HEADERS_UG, csv_bytes, good_row, xlsx, xlsx_bytes

UPLOAD_URL = reverse("filing_import:upload")


def mixed_file():
    """Three good rows and one of each common fault, with full-width digits."""
    full_width = "ＹＬ２０２４０００００３"
    return xlsx_bytes(
        xlsx(
            [
                good_row(1),
                good_row(2, id_number="'" + good_row(2)[2]),
                good_row(3, number=full_width),
                good_row(4, id_number="650102198506150019"),
                good_row(5, qualification="宇航员"),
                good_row(1, name="重复的人"),
            ]
        )
    )


def upload(client, unit, data, name="伊犁州2024年评审结果.xlsx", year=2024):
    return client.post(
        UPLOAD_URL,
        {
            "organizing_unit": unit.pk,
            "review_year": year,
            "file": SimpleUploadedFile(name, data),
        },
    )


@pytest.fixture
def logged_in(client, filer, qualification):
    client.force_login(filer)
    return client


def test_the_upload_page_offers_both_templates(logged_in):
    response = logged_in.get(UPLOAD_URL)

    assert response.status_code == 200
    assert reverse("filing_import:template", args=["zh-hans"]) in response.text
    assert reverse("filing_import:template", args=["ug"]) in response.text


@pytest.mark.parametrize(
    ("language", "first_header"), [("zh-hans", "申请书编号"), ("ug", HEADERS_UG[0])]
)
def test_a_template_downloads_with_headers_in_its_language(
    logged_in, language, first_header
):
    response = logged_in.get(reverse("filing_import:template", args=[language]))

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert response["Content-Disposition"].startswith("attachment")
    assert workbook.active["A1"].value == first_header


def test_the_preview_gives_every_rows_verdict_and_saves_nothing(logged_in, unit):
    response = upload(logged_in, unit, mixed_file())

    assert response.status_code == 302
    preview = logged_in.get(response["Location"])
    assert preview.status_code == 200
    counts = preview.context["counts"]
    assert counts == {"create": 2, "update": 0, "unchanged": 0, "refused": 4}
    rows = {row["verdict"].line: row for row in preview.context["rows"]}
    assert rows[4]["verdict"].outcome == "create"  # the apostrophe is dropped
    assert rows[5]["verdict"].values["number"] == "YL2024000003"
    id_cell = next(c for c in rows[6]["cells"] if c["name"] == "id_number")
    assert id_cell["errors"]
    qualification_cell = next(
        c for c in rows[7]["cells"] if c["name"] == "qualification"
    )
    assert "宇航员" in qualification_cell["errors"][0]
    assert rows[3]["verdict"].errors["number"][0].code == "duplicate_number"
    # Beside each verdict, the columns to fix: a wide file's may lie out of sight.
    assert [str(label) for label in rows[7]["faulty"]] == ["申请资格"]
    assert rows[4]["faulty"] == []
    assert "请修改以下列：" in preview.content.decode()
    assert Application.objects.count() == 0


def test_the_preview_masks_id_numbers(logged_in, unit):
    response = logged_in.get(upload(logged_in, unit, mixed_file())["Location"])

    assert good_row(2)[2] not in response.text
    assert good_row(2)[2][:4] + "**********" in response.text


def test_confirming_saves_the_accepted_rows_with_an_audit_entry(logged_in, unit, filer):
    preview_url = upload(logged_in, unit, mixed_file())["Location"]
    confirm_url = logged_in.get(preview_url).context["confirm_url"]

    response = logged_in.post(confirm_url, follow=True)

    assert response.status_code == 200
    assert set(Application.objects.values_list("number", flat=True)) == {
        "YL2024000002",
        "YL2024000003",
    }
    assert {a.data_source for a in Application.objects.all()} == {DataSource.IMPORTED}
    [entry] = ModelLogEntry.objects.filter(action="filing.import_applications")
    assert entry.user_id == filer.pk
    assert entry.data["source"] == "伊犁州2024年评审结果.xlsx"
    assert "伊犁州2024年评审结果.xlsx" in response.text


def test_reimporting_the_same_file_says_unchanged_and_changes_nothing(logged_in, unit):
    first = upload(logged_in, unit, mixed_file())["Location"]
    logged_in.post(logged_in.get(first).context["confirm_url"])
    saved = list(Application.objects.values_list("number", "updated_at"))
    entries = ModelLogEntry.objects.count()

    preview = logged_in.get(upload(logged_in, unit, mixed_file())["Location"])
    logged_in.post(preview.context["confirm_url"])

    assert preview.context["counts"]["unchanged"] == 2
    assert preview.context["counts"]["create"] == 0
    assert "Nothing to save" in preview.text or "无需保存" in preview.text
    assert list(Application.objects.values_list("number", "updated_at")) == saved
    assert ModelLogEntry.objects.count() == entries


def test_a_csv_with_a_byte_order_mark_imports_like_the_workbook(logged_in, unit):
    data = csv_bytes([good_row(1), good_row(2)], encoding="utf-8-sig")

    preview = logged_in.get(upload(logged_in, unit, data, name="名单.csv")["Location"])
    logged_in.post(preview.context["confirm_url"])

    assert Application.objects.count() == 2


def test_an_unreadable_file_is_refused_at_the_file_field(logged_in, unit):
    response = upload(logged_in, unit, b"\xd0\xcf\x11\xe0" + b"\0" * 50, "旧.xls")

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Application.objects.count() == 0


@override_settings(APPLICATION_IMPORT_MAX_BYTES=100)
def test_a_file_over_the_limit_is_refused_with_the_limit(logged_in, unit):
    response = upload(logged_in, unit, csv_bytes([good_row(1)]), "名单.csv")

    assert "100" in response.context["form"].errors["file"][0]


def test_a_filer_cannot_import_for_another_unit(logged_in, other_unit):
    response = upload(logged_in, other_unit, mixed_file())

    assert response.status_code == 200
    assert response.context["form"].errors["organizing_unit"]


def test_a_preview_token_is_bound_to_its_user(logged_in, client, unit, other_filer):
    preview_url = upload(logged_in, unit, mixed_file())["Location"]
    client.force_login(other_filer)

    response = client.get(preview_url)
    confirm = client.post(preview_url.replace("/preview/", "/confirm/"))

    assert response.status_code == 302
    assert confirm.status_code == 302
    assert Application.objects.count() == 0


def test_a_tampered_token_is_refused(logged_in, unit):
    preview_url = upload(logged_in, unit, mixed_file())["Location"]
    tampered = re.sub(
        r"/preview/(.)", lambda m: "/preview/" + chr(ord(m[1]) ^ 1), preview_url
    )

    response = logged_in.post(tampered.replace("/preview/", "/confirm/"))

    assert response.status_code == 302
    assert Application.objects.count() == 0


def test_a_changed_stored_file_is_not_trusted(logged_in, unit, filer, settings):
    from django.core.files.storage import storages

    preview_url = upload(logged_in, unit, mixed_file())["Location"]
    private = storages["private"]
    for stored in private.listdir(f"imports/{filer.pk}")[1]:
        with private.open(f"imports/{filer.pk}/{stored}", "wb") as file:
            file.write(csv_bytes([good_row(9)]))

    response = logged_in.post(preview_url.replace("/preview/", "/confirm/"))

    assert response.status_code == 302
    assert Application.objects.count() == 0


def test_reviewers_and_strangers_find_no_import(client, chain, unit):
    client.force_login(chain["reviewers"]["ili"])

    assert client.get(UPLOAD_URL).status_code == 404
    assert client.get(reverse("filing_import:template", args=["ug"])).status_code == 404


def test_rows_of_another_units_applications_are_refused_without_their_details(
    logged_in, unit, other_unit
):
    ApplicationFactory(
        number="YL2024000001",
        organizing_unit=other_unit,
        data_source=DataSource.IMPORTED,
        applicant_name="别人的申请人",
    )

    preview = logged_in.get(upload(logged_in, unit, mixed_file())["Location"])

    assert "别人的申请人" not in preview.text
    assert other_unit.name not in preview.text


def test_the_preview_shows_refused_rows_alone_when_asked(logged_in, unit):
    preview_url = upload(logged_in, unit, mixed_file())["Location"]

    response = logged_in.get(preview_url + "?show=refused")

    assert {row["verdict"].outcome for row in response.context["rows"]} == {"refused"}


def test_the_menu_offers_the_import_to_filers(logged_in):
    response = logged_in.get(reverse("wagtailadmin_home"))

    assert UPLOAD_URL in response.text


def test_a_file_over_the_row_limit_is_sent_back_from_the_preview(
    logged_in, unit, monkeypatch
):
    monkeypatch.setattr("filing.intake.MAX_ROWS", 3)
    # A workbook's upload reads only its first rows; the preview reads them all.
    data = xlsx_bytes(xlsx([good_row(n) for n in range(1, 30)]))

    preview = logged_in.get(upload(logged_in, unit, data)["Location"], follow=True)

    assert preview.redirect_chain[-1][0] == UPLOAD_URL
    assert "3" in str(list(preview.context["messages"])[0])
    assert Application.objects.count() == 0


def test_a_formula_without_its_result_is_refused_in_the_preview(logged_in, unit):
    data = xlsx_bytes(xlsx([good_row(1, specialty="=B3&C3"), good_row(2)]))

    preview = logged_in.get(upload(logged_in, unit, data)["Location"])

    first, second = preview.context["rows"]
    specialty = next(c for c in first["cells"] if c["name"] == "specialty")
    assert first["verdict"].errors["specialty"][0].code == "formula_without_result"
    assert specialty["errors"]
    assert second["verdict"].outcome == "create"


def test_an_upload_clears_the_users_expired_uploads(logged_in, unit, filer):
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    private = storages["private"]
    old = private.save(f"imports/{filer.pk}/old-upload", ContentFile(b"x"))
    day_and_more = time.time() - 25 * 3600
    os.utime(private.path(old), (day_and_more, day_and_more))

    upload(logged_in, unit, mixed_file())

    assert not private.exists(old)
    assert private.listdir(f"imports/{filer.pk}")[1]
