"""Steps many tests take to bring a filing to where they start."""

import datetime
import io
import multiprocessing
import os

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections

from filing import actions
from filing.scans import inspect_scan


def one_page_pdf(name="批文扫描件.pdf"):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/pdf")


def upload_all_scans(user, filing):
    for kind in filing.attachment_kinds:
        scan = one_page_pdf(f"{kind.label}.pdf")
        actions.upload_attachment(user, filing, kind, scan, inspect_scan(scan))


def meeting_fields(series, **changes):
    """What step 1 of a pre-review filing asks about its meeting."""
    return {
        "committee_name": "伊犁州卫生系列高级职称评审委员会",
        "committee_scope": "series",
        "series": series,
        "specialties": "临床医学、护理学",
        "meeting_date": datetime.date(2024, 11, 20),
        "place": "伊宁市人力资源和社会保障局三楼会议室",
        "committee_size": 25,
        "experts_present": 21,
        **changes,
    }


def ready_to_submit(filer, filing, pool, office):
    actions.select_applications(filer, filing, [a.pk for a in pool[:2]])
    upload_all_scans(filer, filing)
    actions.set_notice(
        filer,
        filing,
        notice_number="伊州职改〔2024〕7号",
        conferred_on=datetime.date(2024, 12, 30),
    )
    filing.refresh_from_db()
    return filing


def race(attempt, arguments):
    """Run `attempt(*args)` for each args in forked processes at the same moment.

    Each child waits at a barrier, then makes its attempt with its own
    database connection; the outcomes come back as ("ok", value) or
    ("error", repr of the exception), in the order they finished.
    """
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(arguments))
    results = context.Queue()
    # Children must open their own connections, not share the parent's.
    connections.close_all()
    processes = [
        context.Process(target=_attempt, args=(attempt, args, barrier, results))
        for args in arguments
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    return outcomes


def _attempt(attempt, args, barrier, results):
    try:
        barrier.wait(timeout=30)
        results.put(("ok", attempt(*args)))
    except Exception as error:  # reported to the parent, which judges it
        results.put(("error", repr(error)))
    finally:
        connections.close_all()
        # Flush the queue's feeder thread, then leave without running the
        # parent's pytest machinery a second time.
        results.close()
        results.join_thread()
        os._exit(0)
