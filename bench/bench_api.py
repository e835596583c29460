"""The filings list of the API under gunicorn: requests per second and latency.

Builds (once; later runs reuse it) a SQLite file of its own, var/bench/api.sqlite3,
with the demo data's 100,000 applications and 5,000 filings carrying them,
starts gunicorn with two workers on 127.0.0.1, and walks the list page by
page (50 rows, filtered) from threads on the same machine, each following
the `next` links as a portal would. Prints requests per second, p50/p99 for
the first 20 pages and for the deep ones, and the endpoint's median time
against the same SQL run directly.
"""

import http.client
import importlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
BENCH_DIR = Path(os.environ.get("VAR_DIR", ROOT / "var")) / "bench"
DATABASE_URL = f"sqlite:///{BENCH_DIR / 'api.sqlite3'}"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

importlib.import_module("config.wsgi")

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from scratch import clear_filings  # noqa: E402

from approvals.models import ReviewOffice  # noqa: E402
from filing.factories import api_token  # noqa: E402
from filing.models import (  # noqa: E402
    ApiToken,
    Application,
    Filing,
    FilingApplication,
    FilingLevel,
)

APPLICATIONS = 100_000
FILINGS = 5_000
PER_FILING = 20
CLIENTS = 2
WALKS_PER_CLIENT = 20
FIRST_PAGES = 20
URL = "/api/v1/filings/"
# A portal's view, narrowed the way a progress page is: one level, the
# statuses past submission; about 2,000 rows, 40 pages of 50.
QUERY = (
    "?filing_level=intermediate_junior&status=submitted&status=passed"
    "&status=forwarded&status=awaiting_consent&status=approved"
    "&status=certificates_issued&status=returned&page_size=50"
)
STATUSES = [
    (Filing.Status.DRAFT, 15),
    (Filing.Status.SUBMITTED, 20),
    (Filing.Status.PASSED, 10),
    (Filing.Status.FORWARDED, 10),
    (Filing.Status.AWAITING_CONSENT, 5),
    (Filing.Status.RETURNED, 5),
    (Filing.Status.APPROVED, 15),
    (Filing.Status.CERTIFICATES_ISSUED, 15),
    (Filing.Status.WITHDRAWN, 5),
]


def prepare_database():
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if Application.objects.count() != APPLICATIONS:
        print(f"Loading {APPLICATIONS:,} demo applications (once)…", flush=True)
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_demo_data", applications=APPLICATIONS, verbosity=0)
    if Filing.objects.count() != FILINGS:
        print(f"Making {FILINGS:,} filings (once)…", flush=True)
        make_filings()


def make_filings():
    rng = random.Random(4)
    # The demo's own few filings go: the bench makes its own.
    clear_filings()
    user, _created = get_user_model().objects.get_or_create(username="bench-filer")
    offices = list(ReviewOffice.objects.values_list("pk", flat=True))
    senior = set(FilingLevel.SENIOR.title_levels)

    groups = defaultdict(list)
    rows = Application.objects.values_list(
        "pk", "organizing_unit", "review_year", "data_source", "qualification__level"
    ).order_by("number")
    for pk, unit, year, source, level in rows.iterator(chunk_size=5000):
        groups[(unit, year, source, level in senior)].append(pk)
    chunks = [
        (key, pks[start : start + PER_FILING])
        for key, pks in groups.items()
        for start in range(0, len(pks), PER_FILING)
    ]
    rng.shuffle(chunks)

    statuses, weights = zip(*STATUSES, strict=True)
    start = datetime(2022, 1, 1, tzinfo=UTC)
    moments = rng.sample(range(4 * 365 * 24 * 3600), FILINGS)
    filings, links = [], []
    for index, ((unit, year, source, is_senior), pks) in enumerate(chunks[:FILINGS]):
        status = rng.choices(statuses, weights)[0]
        at_office = status in Filing.STATUSES_AT_OFFICE
        filings.append(
            Filing(
                organizing_unit_id=unit,
                notice_title=f"关于第{index + 1}批专业技术职务任职资格的通知",
                review_year=year,
                declared_headcount=len(pks),
                data_source=source,
                filing_level="senior" if is_senior else "intermediate_junior",
                notice_number=(
                    "" if status == "draft" else f"新职改〔{year}〕{index + 1}号"
                ),
                conferred_on=(
                    None if status == "draft" else date(year, 12, 1 + index % 28)
                ),
                status=status,
                current_office_id=rng.choice(offices) if at_office else None,
                created_by=user,
                submitted_at=None if status == "draft" else start,
                last_action_at=start + timedelta(seconds=moments[index]),
            )
        )
        links.append(pks)
    Filing.objects.bulk_create(filings, batch_size=500)
    FilingApplication.objects.bulk_create(
        (
            FilingApplication(
                filing=filing,
                application_id=pk,
                released_at=start if filing.status == "withdrawn" else None,
            )
            for filing, pks in zip(filings, links, strict=True)
            for pk in pks
        ),
        batch_size=2000,
    )
    connection.cursor().execute("ANALYZE")


def fresh_token():
    ApiToken.objects.filter(name="bench").delete()
    _token, key = api_token(name="bench", portal="bench portal")
    return key


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port):
    environment = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--pythonpath",
            "site",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=environment,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def get(port, path, key):
    # gunicorn's sync workers close the connection after each answer, as
    # they would behind a proxy: a new connection per request.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:200]!r}")
    return elapsed, body


def walk(port, key, samples):
    """Follow the `next` links from page 1 to the last page."""
    path, depth = URL + QUERY, 1
    while path:
        elapsed, body = get(port, path, key)
        samples.append((depth, elapsed))
        following = json.loads(body)["next"]
        path = following and page_path(following)
        depth += 1


def page_at(port, key, depth):
    path = URL + QUERY
    for _ in range(depth - 1):
        _elapsed, body = get(port, path, key)
        path = page_path(json.loads(body)["next"])
    return path


def page_path(link):
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def load(port, key):
    samples = []
    threads = [
        threading.Thread(
            target=lambda: [walk(port, key, samples) for _ in range(WALKS_PER_CLIENT)]
        )
        for _ in range(CLIENTS)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def raw_sql_time(key, page_path):
    """Median time of the endpoint's own SQL, run directly through the driver."""
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    client.get(page_path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page_path).status_code == 200
    statements = [q["sql"] for q in captured.captured_queries]
    cursor = connection.cursor()
    times = []
    for _ in range(300):
        started = time.perf_counter()
        for sql in statements:
            # Captured SQL has its parameters inlined, as the driver saw it.
            cursor.execute(sql)
            cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(statements)


def verdict(ok):
    return "meets target" if ok else "MISSES target"


def main():
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    prepare_database()
    key = fresh_token()
    rows = Filing.objects.filter(filing_level="intermediate_junior").exclude(
        status__in=["draft", "withdrawn"]
    )
    print(
        f"{Application.objects.count():,} applications, {Filing.objects.count():,} "
        f"filings; the walked list holds {rows.count():,} rows "
        f"({-(-rows.count() // 50)} pages of 50)",
        flush=True,
    )

    port = free_port()
    server = start_gunicorn(port)
    try:
        for _ in range(20):
            get(port, URL + QUERY, key)
        samples, seconds = load(port, key)
        deep_path = page_at(port, key, depth=30)
        # The floor on this machine now: the smallest DRF answer we have,
        # one request at a time. Another load on the machine shows here.
        floor = statistics.median(
            get(port, "/api/v1/offices/?page_size=1", None)[0] for _ in range(100)
        )
        alone = statistics.median(get(port, URL + QUERY, key)[0] for _ in range(100))
    finally:
        server.terminate()
        server.wait(timeout=30)

    first = [ms for depth, ms in samples if depth <= FIRST_PAGES]
    deep = [ms for depth, ms in samples if depth > FIRST_PAGES]
    everything = [ms for _depth, ms in samples]
    rps = len(samples) / seconds
    print(
        f"{len(samples):,} requests from {CLIENTS} clients in {seconds:.1f} s: "
        f"{rps:.0f} requests per second (target ≥ 150) {verdict(rps >= 150)}"
    )
    p50, p99 = percentile(first, 0.5), percentile(first, 0.99)
    print(
        f"pages 1–{FIRST_PAGES}: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
        f"(target < 10 ms, < 40 ms) {verdict(p50 < 10 and p99 < 40)}"
    )
    deepest = max(depth for depth, _ms in samples)
    deep_p99 = percentile(deep, 0.99)
    print(
        f"pages {FIRST_PAGES + 1}–{deepest}: p50 {percentile(deep, 0.5):.1f} ms, "
        f"p99 {deep_p99:.1f} ms (target p99 < 50 ms at any depth) "
        f"{verdict(max(deep_p99, p99) < 50)}"
    )

    print(
        f"one request at a time: a page of filings {alone:.1f} ms; the one-row "
        f"public offices list, as a floor for DRF here, {floor:.1f} ms "
        f"(load average now {os.getloadavg()[0]:.1f})"
    )
    sql_ms, statements = raw_sql_time(key, deep_path)
    median = statistics.median(everything)
    ratio = median / sql_ms
    print(
        f"median endpoint time {median:.2f} ms vs its {statements} SQL statements "
        f"run directly {sql_ms:.2f} ms: {ratio:.1f}× (target ≤ 5×) "
        f"{verdict(ratio <= 5)}"
    )


if __name__ == "__main__":
    main()
