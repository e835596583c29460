"""Step 2 of the wizard on 100,000 applications: the candidate page and its counters.

Loads the demo data with 100,000 applications into the bench database (once;
later runs reuse it), opens a filing on the largest pool, and requests the
candidate page through Django's test client the way a browser would: logged
in, filtered, sorted, paginated. Prints one line per figure with its target.
"""

import importlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

# The WSGI entry point sets Django up the way a deployment runs it.
importlib.import_module("config.wsgi")

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from scratch import clear_filings  # noqa: E402

from filing import actions  # noqa: E402
from filing.models import Application, FilingLevel, OrganizingUnit  # noqa: E402
from filing.roles import FILING_ADMINISTRATORS  # noqa: E402
from filing.views import wizard  # noqa: E402

APPLICATIONS = 100_000
RUNS = 100


def prepare_database():
    settings.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if Application.objects.count() != APPLICATIONS:
        print(f"Loading {APPLICATIONS:,} demo applications (once)…", flush=True)
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_demo_data", applications=APPLICATIONS, verbosity=0)
    clear_filings()


def bench_user():
    user, _created = get_user_model().objects.get_or_create(username="bench-filer")
    user.groups.add(Group.objects.get(name=FILING_ADMINISTRATORS))
    for unit in OrganizingUnit.objects.all():
        unit.administrators.add(user)
    return user


def filing_on_pool(user, largest=True):
    """A draft over the largest pool of the demo data, or the smallest that
    still fills a page, so that both pages run the same queries."""
    pools = (
        Application.objects.filter(passed_review=True)
        .values("organizing_unit", "review_year", "data_source", "qualification__level")
        .annotate(size=Count("pk"))
        .filter(size__gte=150)
        .order_by("-size" if largest else "size")
    )
    pool = pools[0]
    level = (
        FilingLevel.SENIOR
        if pool["qualification__level"] in FilingLevel.SENIOR.title_levels
        else FilingLevel.INTERMEDIATE_JUNIOR
    )
    filing = actions.create_filing(
        user,
        organizing_unit=OrganizingUnit.objects.get(pk=pool["organizing_unit"]),
        notice_title="",
        review_year=pool["review_year"],
        declared_headcount=40,
        data_source=pool["data_source"],
        filing_level=level,
    )
    some = filing.eligible_pool().order_by("number").values_list("pk", flat=True)[:40]
    actions.select_applications(user, filing, list(some))
    return filing


def timings(client, url, runs=RUNS):
    for _ in range(3):
        client.get(url)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(0.99 * (len(samples) - 1))]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def verdict(ok):
    return "meets target" if ok else "MISSES target"


def main():
    prepare_database()
    user = bench_user()
    client = Client()
    client.force_login(user)
    big = filing_on_pool(user)
    small = filing_on_pool(user, largest=False)
    base = reverse("filing_wizard:applications", args=[big.pk])
    pool_size = big.eligible_pool().count()
    print(
        f"pool of the benchmarked filing: {pool_size:,} applications "
        f"of {Application.objects.count():,}"
    )

    pages = {
        "candidate page 1, sorted by number": base,
        "candidate page, keyword + level filter, sorted by employer": (
            f"{base}?keyword=医院&level=intermediate&ordering=employer"
        ),
        "candidate page 10, sorted by qualification": (
            f"{base}?ordering=qualification__name&p=10"
        ),
        "selected tab": f"{base}?tab=selected",
    }
    for label, url in pages.items():
        median, p99 = timings(client, url)
        ok = median < 60 and p99 < 100
        print(
            f"{label}: median {median:.1f} ms, p99 {p99:.1f} ms "
            f"(target < 60 ms median, < 100 ms p99) {verdict(ok)}"
        )

    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        wizard.counters(big)
        samples.append((time.perf_counter() - started) * 1000)
    print(f"the three counters alone: median {statistics.median(samples):.1f} ms")

    by_page_size = {}
    for size in (20, 50, 100):
        wizard.ApplicationsView.paginate_by = size
        by_page_size[size] = queries(client, base)
    wizard.ApplicationsView.paginate_by = 50
    small_url = reverse("filing_wizard:applications", args=[small.pk])
    by_pool = (queries(client, small_url), queries(client, base))
    flat = len(set(by_page_size.values())) == 1 and by_pool[0] == by_pool[1]
    print(
        "SQL queries per candidate page: "
        + ", ".join(f"{n} at {size} rows" for size, n in by_page_size.items())
        + f"; {by_pool[0]} on a pool of {small.eligible_pool().count():,}, "
        f"{by_pool[1]} on {pool_size:,} (target: constant) {verdict(flat)}"
    )


if __name__ == "__main__":
    main()
