"""The generated documents: the notice roster for 1,000 people and the draft notice.

Builds a throwaway SQLite database holding a filing of 1,000 selected
applications (and one of 40), then measures each figure in a fresh process,
the way a django-q2 worker meets it: reading the filing, building the
context, rendering the PDF. Prints one line per figure with its target.

    .venv/bin/python bench/bench_documents.py            # the figures
    .venv/bin/python bench/bench_documents.py --levers   # and what each speed-up gives

Not a test: timings depend on the machine and on what else runs on it, so the
load average and a plain Python loop are printed beside them for reference.
"""

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ROSTER_SIZE = 1000
NOTICE_SIZE = 40
ROSTER_RUNS = 5
NOTICE_RUNS = 10

TARGETS = {
    "roster_seconds": 3.0,
    "roster_rss_mb": 200,
    "notice_seconds": 0.25,
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯鹏"
    "晨婷雪琳欣怡佳颖子涵思雨梓萱博文俊杰宏志嘉瑞晓东海燕春兰凤霞玲梅莉"
)
# Characters outside GB2312 that real name lists hold; the common cut lacks
# them, so they come from the extension cut `manage.py build_fonts` makes.
RARE = "喆堃玥祎赟䶮𠇔犇淼昇鑫㛃堯彧琤璟"
UYGHUR_GIVEN = ["阿依古丽", "买买提", "热依拉", "艾尔肯", "古丽娜尔", "阿不都", "努尔"]
UYGHUR_FAMILY = ["吐尔逊", "艾买提", "玉素甫", "阿布拉", "热合曼", "买合木提"]
UYGHUR_SCRIPT = ["ئايگۈل مەمەت", "ئەركىن تۇرسۇن", "گۈلنار ئابدۇللا"]
EMPLOYERS = [
    "伊宁市第三中学",
    "伊犁哈萨克自治州友谊医院",
    "新疆维吾尔自治区伊犁哈萨克自治州奎屯医院",
    "伊宁县人民医院",
    "伊犁州水利电力勘测设计研究院有限责任公司",
    "霍城县清水河镇中心学校",
    "新疆维吾尔自治区伊犁哈萨克自治州奎屯医院附属第一分院（东院区）",
    "察布查尔锡伯自治县第一中学",
    "伊犁职业技术学院",
    "特克斯县农业农村局农业技术推广站",
]
SPECIALTIES = [
    "土木工程",
    "给排水科学与工程",
    "临床医学",
    "汉语言文学",
    "数学",
    "电气工程及其自动化",
    "农学（植物保护方向）",
    "护理学",
]
QUALIFICATIONS = [
    ("engineering", "工程技术", "intermediate", "工程师"),
    ("engineering", "工程技术", "junior", "助理工程师"),
    ("health", "卫生技术", "intermediate", "主治医师"),
    ("health", "卫生技术", "intermediate", "主管护师"),
    ("secondary", "中小学教师", "intermediate", "中学一级教师"),
    ("secondary", "中小学教师", "junior", "中学二级教师"),
]


def setup_django(database):
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()


class NoMigrations(dict):
    """Every app without migrations: `migrate --run-syncdb` builds the tables."""

    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


def realistic_names(count, rng):
    names = []
    while len(names) < count:
        draw = rng.random()
        if draw < 0.06:
            name = rng.choice(SURNAMES) + rng.choice(RARE)
        elif draw < 0.16:
            name = f"{rng.choice(UYGHUR_GIVEN)}·{rng.choice(UYGHUR_FAMILY)}"
        elif draw < 0.17:
            name = rng.choice(UYGHUR_SCRIPT)
        else:
            name = rng.choice(SURNAMES) + "".join(
                rng.choices(GIVEN, k=rng.choice((1, 2)))
            )
        names.append(name)
    return names


def id_number(sequence, rng):
    from stdnum.cn import ric

    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(12000))
    body = f"{rng.choice(['654002', '654021', '652100', '650102'])}{born:%Y%m%d}"
    body += f"{sequence % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def build_database():
    """Tables and two filings: ROSTER_SIZE and NOTICE_SIZE selected applications."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

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

    rng = random.Random(2024)
    user = get_user_model().objects.create(username="bench")
    unit = OrganizingUnit.objects.create(
        name="伊犁哈萨克自治州职称改革工作领导小组办公室",
        kind=OrganizingUnit.Kind.PREFECTURE,
        prefecture="654000",
    )
    qualifications = []
    for code, series_name, level, name in QUALIFICATIONS:
        series, _ = TitleSeries.objects.get_or_create(code=code, name=series_name)
        qualifications.append(
            Qualification.objects.create(series=series, level=level, name=name)
        )

    names = realistic_names(ROSTER_SIZE + NOTICE_SIZE, rng)
    applications = Application.objects.bulk_create(
        Application(
            number=f"RSSQ2024{sequence:06d}",
            organizing_unit=unit,
            review_year=2024,
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
        for sequence, name in enumerate(names, start=1)
    )

    for size in (ROSTER_SIZE, NOTICE_SIZE):
        chosen, applications = applications[:size], applications[size:]
        first = chosen[0].applicant_name
        filing = Filing.objects.create(
            organizing_unit=unit,
            notice_title=f"关于{first}等{size}位同志取得专业技术职务任职资格的通知",
            review_year=2024,
            declared_headcount=size,
            data_source=DataSource.DECLARED,
            filing_level=FilingLevel.INTERMEDIATE_JUNIOR,
            notice_number=f"伊州职改〔2024〕{size}号",
            conferred_on=datetime.date(2024, 12, 1),
            created_by=user,
        )
        FilingApplication.objects.bulk_create(
            FilingApplication(filing=filing, application=application)
            for application in chosen
        )


# Levers from DESIGN.md, each added to the ones above it.
LEVERS = [
    ("as found: fontTools subsetter, full font, automatic layout, gc on", {}),
    ("+ HarfBuzz subsetter", {"harfbuzz": True}),
    (
        "+ pre-subset fonts (common and extension cuts)",
        {"harfbuzz": True, "subset_font": True},
    ),
    (
        "+ fixed table layout, <colgroup> widths",
        {"harfbuzz": True, "subset_font": True, "fixed_layout": True},
    ),
    (
        "+ gc paused during render and write",
        {"harfbuzz": True, "subset_font": True, "fixed_layout": True, "gc_pause": True},
    ),
    (
        "+ equal parts cut at page ends, one process at a time",
        {
            "harfbuzz": True,
            "subset_font": True,
            "fixed_layout": True,
            "gc_pause": True,
            "parts": 1,
        },
    ),
    (
        "+ two processes",
        {
            "harfbuzz": True,
            "subset_font": True,
            "fixed_layout": True,
            "gc_pause": True,
            "parts": 2,
        },
    ),
]

PRODUCT = {
    "harfbuzz": True,
    "subset_font": True,
    "fixed_layout": True,
    "gc_pause": True,
    "parts": None,
}


def apply_levers(levers):
    """Undo, in this fresh process, the speed-ups a lever measurement leaves out."""
    import gc
    import types

    from django.conf import settings
    from weasyprint import CSS
    from weasyprint.pdf import fonts as pdf_fonts
    from weasyprint.text import ffi

    from filing import pdf

    if not levers.get("harfbuzz"):
        ffi.harfbuzz_subset = pdf_fonts.harfbuzz_subset = None
    if not levers.get("subset_font"):
        settings.PDF_FONT_DIR = Path(tempfile.mkdtemp()) / "no-fonts"
    if not levers.get("gc_pause"):
        pdf.gc = types.SimpleNamespace(
            isenabled=gc.isenabled, disable=lambda: None, enable=gc.enable
        )
    if not levers.get("fixed_layout"):
        automatic = "table { table-layout: auto } col { width: auto !important }"
        original = pdf._stylesheets_for

        def with_automatic_layout(template_name):
            sheet = CSS(string=automatic, font_config=pdf._font_config())
            return [*original(template_name), sheet]

        pdf._stylesheets_for = with_automatic_layout


def measure(size, kind, runs, levers):
    """Run in a child process: time `runs` renders and report them as JSON."""
    from filing import documents
    from filing.models import Filing
    from filing.pdf import render_pdf

    apply_levers(levers)
    filing = Filing.objects.get(declared_headcount=size)

    walls, cpus = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        context = documents.build_context(filing, kind)
        if levers.get("parts") is None:
            spec = documents.DOCUMENTS[kind]
            rendered = render_pdf(spec.template_name, context)
        else:
            rendered = documents.render_document_pdf(kind, context, levers["parts"])
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu_seconds() - cpu_started)

    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return {
        "walls": walls,
        "cpus": cpus,
        "rss_mb": peak / 1024,
        "pages": rendered.page_count,
        "bytes": len(rendered.content),
    }


def _cpu_seconds():
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def in_child(database, size, kind, runs, levers):
    """Measure in a fresh process, so that cold starts and memory are its own."""
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            json.dumps([str(database), size, kind, runs, levers]),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"measurement failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def line(label, value, unit, target=None):
    if target is None:
        verdict = ""
    else:
        verdict = f"target < {target:g} {unit}  " + (
            "met" if value < target else "MISSED"
        )
    return f"{label:<58} {value:>9.3f} {unit:<3} {verdict}"


def reference_loop_seconds():
    started = time.process_time()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.process_time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levers", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()

    if arguments.child:
        database, size, kind, runs, levers = json.loads(arguments.child)
        setup_django(database)
        print(json.dumps(measure(size, kind, runs, levers)))
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-documents-") as directory:
        database = Path(directory) / "documents.sqlite3"
        setup_django(database)
        print(f"Building a database with {ROSTER_SIZE:,} + {NOTICE_SIZE} applications…")
        build_database()

        from django.conf import settings

        processes = settings.PDF_RENDER_PROCESSES
        print(
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
            f"a 10-million-step Python loop takes {reference_loop_seconds():.2f} s "
            f"of CPU here; PDF_RENDER_PROCESSES={processes}"
        )

        product = {**PRODUCT, "parts": processes}
        roster = in_child(database, ROSTER_SIZE, "notice_roster", ROSTER_RUNS, product)
        memory = in_child(database, ROSTER_SIZE, "notice_roster", 1, product)
        notice = in_child(
            database, NOTICE_SIZE, "draft_notice", NOTICE_RUNS + 1, product
        )

        print(
            line(
                f"roster, {ROSTER_SIZE:,} people, median of {ROSTER_RUNS}",
                statistics.median(roster["walls"]),
                "s",
                TARGETS["roster_seconds"],
            )
        )
        print(
            line(
                f"  CPU time of the same ({roster['pages']} pages)",
                statistics.median(roster["cpus"]),
                "s",
            )
        )
        print("  each run: " + ", ".join(f"{wall:.2f} s" for wall in roster["walls"]))
        print(
            line(
                f"roster, {ROSTER_SIZE:,} people, peak RSS of one render",
                memory["rss_mb"],
                "MB",
                TARGETS["roster_rss_mb"],
            )
        )
        print(
            line(
                f"draft notice, {NOTICE_SIZE} people, median of {NOTICE_RUNS} warm",
                statistics.median(notice["walls"][1:]),
                "s",
                TARGETS["notice_seconds"],
            )
        )
        print(
            line(
                "  CPU time of the same",
                statistics.median(notice["cpus"][1:]),
                "s",
            )
        )
        print(
            line(
                f"draft notice, {NOTICE_SIZE} people, cold first render",
                notice["walls"][0],
                "s",
            )
        )

        if arguments.levers:
            print("What each lever gives the roster (one run each, fresh process):")
            for label, levers in LEVERS:
                result = in_child(database, ROSTER_SIZE, "notice_roster", 1, levers)
                print(
                    f"  {label:<64} {result['walls'][0]:6.2f} s wall "
                    f"{result['cpus'][0]:6.2f} s CPU {result['rss_mb']:5.0f} MB"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
