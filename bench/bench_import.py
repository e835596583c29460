"""Importing a spreadsheet of 20,000 applications: preview, then save.

Builds a throwaway SQLite database with a unit, its filing administrator and
the qualifications, writes an XLSX file of 20,000 rows the way an office
fills the template (a merged title row, Uyghur and Chinese names, dates as
Excel dates, a few dozen refused rows), and goes through the admin pages
with Django's test client as the filer would: upload, preview, confirm. Then
the same file once more, which must change nothing. Prints one line per
figure with its target.

    .venv/bin/python bench/bench_import.py
"""

import datetime
import io
import os
import random
import tempfile
import time
from pathlib import Path

from bench_documents import (
    EMPLOYERS,
    QUALIFICATIONS,
    SPECIALTIES,
    NoMigrations,
    id_number,
    realistic_names,
    reference_loop_seconds,
    setup_django,
)

ROWS = 20_000
# Rows with a fault each, so that the preview has refusals to list.
FAULTY = 50
TARGET_SECONDS = 30


def build_database():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from filing.models import OrganizingUnit, Qualification, TitleSeries
    from filing.roles import FILING_ADMINISTRATORS

    settings.MIGRATION_MODULES = NoMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)

    unit = OrganizingUnit.objects.create(
        name="伊犁哈萨克自治州人力资源和社会保障局",
        kind=OrganizingUnit.Kind.PREFECTURE,
        prefecture="654000",
    )
    filer = get_user_model().objects.create(username="bench-filer")
    filer.groups.add(Group.objects.get(name=FILING_ADMINISTRATORS))
    unit.administrators.add(filer)
    for code, series_name, level, name in QUALIFICATIONS:
        series, _ = TitleSeries.objects.get_or_create(code=code, name=series_name)
        Qualification.objects.create(series=series, level=level, name=name)
    return unit, filer


def workbook_bytes():
    import openpyxl

    from filing import spreadsheets

    rng = random.Random(2026)
    # A normal workbook, not a write-only one: like Excel's, its sheet
    # starts with its dimension and keeps text in the shared strings.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "申请书"
    sheet.append(["伊犁州2024年度职称评审通过人员名单"])
    sheet.merge_cells("A1:J1")
    sheet.append([str(f.label) for f in spreadsheets.TEMPLATE_COLUMNS])
    names = realistic_names(ROWS, rng)
    faulty = set(rng.sample(range(ROWS), FAULTY))
    for sequence, name in enumerate(names, start=1):
        sheet.append(
            [
                f"YL2024{sequence:06d}",
                name,
                "650102198513150011"
                if sequence - 1 in faulty
                else id_number(sequence, rng),
                rng.choice(EMPLOYERS),
                "伊犁州人力资源和社会保障局",
                rng.choice(QUALIFICATIONS)[3],
                "",
                rng.choice(SPECIALTIES),
                "是",
                datetime.datetime(2024, 6, 1) + datetime.timedelta(minutes=sequence),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def one_import(client, unit, data):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload, upload_seconds = timed(
        lambda: client.post(
            reverse("filing_import:upload"),
            {
                "organizing_unit": unit.pk,
                "review_year": 2024,
                "file": SimpleUploadedFile("伊犁州2024年评审结果.xlsx", data),
            },
        )
    )
    assert upload.status_code == 302, upload.status_code
    preview, preview_seconds = timed(lambda: client.get(upload["Location"]))
    assert preview.status_code == 200, preview.status_code
    counts = preview.context["counts"]
    confirm, confirm_seconds = timed(
        lambda: client.post(preview.context["confirm_url"])
    )
    assert confirm.status_code == 302, confirm.status_code
    return counts, upload_seconds, preview_seconds, confirm_seconds


def verdict(ok):
    return "meets target" if ok else "MISSES target"


def main():
    with tempfile.TemporaryDirectory(prefix="bench-import-") as directory:
        setup_django(Path(directory) / "import.sqlite3")
        from django.test import Client
        from django.test.utils import setup_test_environment

        from filing.models import Application

        # So that responses carry their template context, as in the tests.
        setup_test_environment()
        unit, filer = build_database()
        data, write_seconds = timed(workbook_bytes)
        print(
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
            f"a 10-million-step Python loop takes {reference_loop_seconds():.2f} s "
            f"of CPU here; the file: {ROWS:,} rows, {len(data) / 2**20:.1f} MiB "
            f"(written in {write_seconds:.1f} s)"
        )
        client = Client()
        client.force_login(filer)

        for label in ("first import", "same file again"):
            counts, upload, preview, confirm = one_import(client, unit, data)
            total = upload + preview + confirm
            print(
                f"{label}: upload {upload:.1f} s, preview {preview:.1f} s, "
                f"confirm {confirm:.1f} s, total {total:.1f} s "
                f"(target < {TARGET_SECONDS} s) {verdict(total < TARGET_SECONDS)}; "
                + ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
            )
        saved = Application.objects.count()
        expected = ROWS - FAULTY
        print(
            f"applications saved: {saved:,} (expected {expected:,}) "
            f"{verdict(saved == expected)}"
        )


if __name__ == "__main__":
    main()
