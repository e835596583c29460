"""Issuing the certificates of a filing of 1,000 people, and rendering their PDFs.

Builds a throwaway SQLite database holding an approved filing of 1,000
applications, issues its certificates with the real action (numbering them
in one transaction), and takes the render chunks it queues. Two forked
worker processes then share those chunks the way two django-q2 workers share
the queue: each takes the next chunk and runs `approvals.tasks.
render_certificates` on it, PDFs written to private storage. The render pass
runs three times from scratch; the figures are medians. Each worker reports
its resident memory when it starts, after half its chunks and at the end.

    .venv/bin/python bench/bench_certificates.py

Not a test: timings depend on the machine and on what else runs on it, so the
load average and a plain Python loop are printed beside them.
"""

import datetime
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

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

PEOPLE = 1000
WORKERS = 2
RUNS = 3

TARGETS = {"certificates_per_second": 40, "issue_seconds": 2.0}

# Uyghur names of the series and qualifications, as offices print them.
NAMES_UG = {
    "工程技术": "قۇرۇلۇش تېخنىكىسى",
    "卫生技术": "سەھىيە تېخنىكىسى",
    "中小学教师": "ئوتتۇرا، باشلانغۇچ مەكتەپ ئوقۇتقۇچىلىرى",
    "工程师": "ئىنژېنېر",
    "助理工程师": "ياردەمچى ئىنژېنېر",
    "主治医师": "مۇتەخەسسىس دوختۇر",
    "主管护师": "مەسئۇل سېستىرا",
    "中学一级教师": "ئوتتۇرا مەكتەپ 1-دەرىجىلىك ئوقۇتقۇچىسى",
    "中学二级教师": "ئوتتۇرا مەكتەپ 2-دەرىجىلىك ئوقۇتقۇچىسى",
}


def build_database():
    """Tables, an approving office, a reviewer, and an approved filing of PEOPLE."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from approvals.models import ReviewOffice
    from filing.models import (
        Application,
        DataSource,
        Filing,
        FilingApplication,
        FilingLevel,
        OrganizingUnit,
        Qualification,
        TitleSeries,
    )

    settings.MIGRATION_MODULES = NoMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)

    rng = random.Random(2026)
    reviewer = get_user_model().objects.create(username="bench", is_superuser=True)
    office = ReviewOffice.objects.create(
        kind=ReviewOffice.Kind.REGIONAL_HR,
        code="RST",
        name="新疆维吾尔自治区人力资源和社会保障厅",
        name_ug="شىنجاڭ ئۇيغۇر ئاپتونوم رايونلۇق كىشىلىك بايلىق ۋە ئىجتىمائىي "
        "كاپالەت نازارىتى",
        contact_person="阿孜古丽",
        phone="0991-1234567",
    )
    office.reviewers.add(reviewer)
    unit = OrganizingUnit.objects.create(
        name="伊犁哈萨克自治州人力资源和社会保障局",
        kind=OrganizingUnit.Kind.PREFECTURE,
        prefecture="654000",
    )
    qualifications = []
    for code, series_name, level, name in QUALIFICATIONS:
        series, _ = TitleSeries.objects.get_or_create(
            code=code, name=series_name, defaults={"name_ug": NAMES_UG[series_name]}
        )
        qualifications.append(
            Qualification.objects.create(
                series=series, level=level, name=name, name_ug=NAMES_UG[name]
            )
        )

    applications = Application.objects.bulk_create(
        Application(
            number=f"RSSQ2025{sequence:06d}",
            organizing_unit=unit,
            review_year=2025,
            data_source=DataSource.DECLARED,
            applicant_name=name,
            id_number=id_number(sequence, rng),
            employer=rng.choice(EMPLOYERS),
            recommending_unit="伊犁州人力资源和社会保障局",
            qualification=rng.choice(qualifications),
            specialty=rng.choice(SPECIALTIES),
            passed_review=True,
            reviewed_at=timezone.now(),
        )
        for sequence, name in enumerate(realistic_names(PEOPLE, rng), start=1)
    )
    filing = Filing.objects.create(
        organizing_unit=unit,
        notice_title=f"关于{applications[0].applicant_name}等{PEOPLE}位同志的通知",
        review_year=2025,
        declared_headcount=PEOPLE,
        data_source=DataSource.DECLARED,
        filing_level=FilingLevel.INTERMEDIATE_JUNIOR,
        notice_number="伊州职改〔2025〕88号",
        conferred_on=datetime.date(2025, 12, 1),
        created_by=reviewer,
        status=Filing.Status.APPROVED,
        current_office=office,
    )
    FilingApplication.objects.bulk_create(
        FilingApplication(filing=filing, application=application)
        for application in applications
    )
    return reviewer, filing


def issue(reviewer, filing):
    """Issue the certificates; return the seconds it took and the queued chunks."""
    from django.db import transaction

    from approvals.certificates import issue_certificates

    queued = []
    with (
        mock.patch(
            "approvals.tasks.async_task",
            lambda name, chunk, **kwargs: queued.append(chunk),
        ),
        mock.patch("approvals.certificates.announce"),
    ):
        started = time.perf_counter()
        with transaction.atomic():
            issue_certificates(reviewer, filing)
        seconds = time.perf_counter() - started
    return seconds, queued


def rss_mb():
    """This process's resident memory now and at its peak, in MB."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def worker(chunks, results):
    """A worker process: render chunks until there are none left."""
    from approvals.tasks import render_certificates

    samples = [rss_mb()[0]]
    rendered = 0
    while (chunk := chunks.get()) is not None:
        rendered += render_certificates(chunk)
        samples.append(rss_mb()[0])
    results.put({"rendered": rendered, "rss": samples, "peak": rss_mb()[1]})


def render_pass(queued):
    """Render every queued chunk with WORKERS forked processes; seconds and reports."""
    from django.db import connections

    context = multiprocessing.get_context("fork")
    chunks, results = context.Queue(), context.Queue()
    for chunk in queued:
        chunks.put(chunk)
    for _ in range(WORKERS):
        chunks.put(None)

    # Each worker opens its own database connection.
    connections.close_all()
    started = time.perf_counter()
    processes = [
        context.Process(target=worker, args=(chunks, results)) for _ in range(WORKERS)
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
    return time.perf_counter() - started, reports


def forget_pdfs(filing):
    from approvals.models import Certificate

    storage = Certificate._meta.get_field("file").storage
    for name in filing.certificates.exclude(file="").values_list("file", flat=True):
        storage.delete(name)
    filing.certificates.update(file="", sha256="")


def line(label, value, unit, target=None, higher_is_better=False):
    if target is None:
        verdict = ""
    else:
        met = value >= target if higher_is_better else value < target
        sign = ">=" if higher_is_better else "<"
        verdict = f"target {sign} {target:g} {unit}  " + ("met" if met else "MISSED")
    return f"{label:<58} {value:>9.2f} {unit:<5} {verdict}"


def main():
    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as directory:
        setup_django(Path(directory) / "certificates.sqlite3")

        print(f"Building a database with an approved filing of {PEOPLE:,} people…")
        reviewer, filing = build_database()
        print(
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
            f"a 10-million-step Python loop takes {reference_loop_seconds():.2f} s "
            f"of CPU here; {WORKERS} worker processes"
        )

        issue_seconds, queued = issue(reviewer, filing)
        rates, reports_by_run = [], []
        for _ in range(RUNS):
            forget_pdfs(filing)
            seconds, reports = render_pass(queued)
            assert sum(r["rendered"] for r in reports) == PEOPLE, reports
            rates.append(PEOPLE / seconds)
            reports_by_run.append(reports)

        median_run = reports_by_run[rates.index(statistics.median(rates))]
        storage = filing.certificates.first().file.storage
        sizes = [
            storage.size(name)
            for name in filing.certificates.values_list("file", flat=True)
        ]
        # The PDFs went to the bench settings' private storage.
        forget_pdfs(filing)

        print(
            line(
                f"issue {PEOPLE:,} certificates (numbers, codes)",
                issue_seconds,
                "s",
                TARGETS["issue_seconds"],
            )
        )
        print(
            line(
                f"render {PEOPLE:,} PDFs, {WORKERS} workers, median of {RUNS}",
                statistics.median(rates),
                "/s",
                TARGETS["certificates_per_second"],
                higher_is_better=True,
            )
        )
        print(
            f"  each run: {', '.join(f'{rate:.1f}/s' for rate in rates)}; "
            f"{len(queued)} chunks of up to {len(queued[0])}"
        )
        print(f"  PDF size: median {statistics.median(sizes) / 1024:.0f} KB")
        for number, report in enumerate(median_run, start=1):
            samples = report["rss"]
            print(
                f"  worker {number}: {report['rendered']} PDFs; RSS at start "
                f"{samples[0]:.0f} MB, after the first chunk {samples[1]:.0f} MB, "
                f"middle {samples[len(samples) // 2]:.0f} MB, end {samples[-1]:.0f} "
                f"MB; peak {report['peak']:.0f} MB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
