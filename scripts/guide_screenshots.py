#!/usr/bin/env python
"""Screenshots of our own admin for the shipped guides, in Chinese and in Uyghur.

    make guide-screenshots        (or .venv/bin/python scripts/guide_screenshots.py)

Builds a throw-away database with the demo data (fixed seed and review year,
so the screens come out the same every time), starts the product on it with
scripts/serve, and drives Debian's Chromium through each screen a guide shows,
once as a Chinese reader and once as a Uyghur one. Each screenshot is cropped
to the part of the screen its step talks about, reduced to a palette and
written to site/guides/screenshots/<language>/<name>.png, where
guides.content picks it up when it loads the guides. Run it again after a
change to those screens, look at the pictures, and commit them.

Needs the fonts built (`manage.py build_fonts`) and the `chromium` package.
"""

import io
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "site" / "guides" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LANGUAGES = ["zh-hans", "ug"]
REVIEW_YEAR = 2024
# Tall, so that whatever a guide shows fits in the window unscrolled.
VIEWPORT = {"width": 1280, "height": 2000}
# A palette this size keeps anti-aliased Chinese and Uyghur text crisp.
COLOURS = 96
# No screenshot is taller than this; the guide needs the top of a screen.
MAX_HEIGHT = 560
MARGIN = 12


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_environment(var_dir, port):
    os.environ.update(
        {
            "VAR_DIR": str(var_dir),
            "PDF_FONT_DIR": str(ROOT / "var" / "fonts"),
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "PORT": str(port),
            "BASE_URL": f"http://127.0.0.1:{port}",
            "Q_WORKERS": "1",
            # Playwright's synchronous API runs an event loop in this thread,
            # where this script also reads and writes the database.
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        }
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]


def manage(*arguments):
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments], cwd=ROOT, check=True
    )


def start_server(port):
    """The web server and the worker that renders documents, as `make run` has them.

    Not scripts/serve: its server restarts whenever a source file changes,
    which would drop the pages being photographed while someone edits.
    """
    log = (ROOT / "var" / "guide-screenshots-server.log").open("w")
    print(f"The server writes to {log.name}")
    manage_py = [sys.executable, str(ROOT / "manage.py")]
    commands = [
        [*manage_py, "qcluster"],
        [*manage_py, "runserver", "--noreload", f"127.0.0.1:{port}"],
    ]
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, start_new_session=True, stdout=log, stderr=log
        )
        for command in commands
    ]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=2)
            return processes
        except OSError:
            time.sleep(1)
    stop_server(processes)
    raise SystemExit("The server did not answer within 90 s.")


def stop_server(processes):
    # Each runs in a session of its own, with its children (qcluster's workers).
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # qcluster's guard can wait forever on a worker that is gone.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def draft_in_progress():
    """A draft of 新疆大学 with its people, scans and notice: steps 2 to 5 filled."""
    from django.contrib.auth import get_user_model

    from filing.demo.filings import ready_filing
    from filing.models import FilingLevel, OrganizingUnit

    filer = get_user_model().objects.get(username="filer")
    unit = OrganizingUnit.objects.get(name="新疆大学")
    return ready_filing(
        filer,
        unit,
        review_year=REVIEW_YEAR,
        filing_level=FilingLevel.INTERMEDIATE_JUNIOR,
        series="",
        headcount=2,
        notice_number=f"新大职改〔{REVIEW_YEAR}〕6号",
    )


def documents_ready(filing):
    """Wait for the worker to render the draft notice and the roster.

    The attachments step asks for them when it is first opened.
    """
    from filing.models import GeneratedDocument

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        documents = GeneratedDocument.objects.filter(filing=filing)
        if documents.exists() and not documents.exclude(status="ready").exists():
            return
        time.sleep(1)
    raise SystemExit("The draft's documents were not rendered within 120 s.")


def speak(language):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    for user in get_user_model().objects.filter(username__in=["filer", "reviewer"]):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()


def optimised_png(raw):
    from PIL import Image

    image = Image.open(io.BytesIO(raw)).convert("RGB")
    palette = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=0)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


class Camera:
    """One reader's browser, saving cropped screenshots under one language."""

    def __init__(self, browser, base_url, language, username, password):
        self.base_url = base_url
        self.language = language
        self.context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport=VIEWPORT
        )
        self.page = self.context.new_page()
        self.open("/admin/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit], input[type=submit]")
        self.page.wait_for_url("**/admin/")

    def open(self, path):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        # Help panels fold away: a guide's picture shows the screen, not itself.
        self.page.add_style_tag(content=".guide-help { display: none !important; }")

    def shoot(self, name, *selectors):
        """Save the smallest rectangle holding every selector's first match."""
        # At the top, where the sticky header covers nothing, boxes measured
        # in the window are also where they sit on the page.
        self.page.evaluate("window.scrollTo(0, 0)")
        boxes = [
            self.page.locator(s).first.bounding_box(timeout=5000) for s in selectors
        ]
        top = max(min(b["y"] for b in boxes) - MARGIN, 0)
        left = max(min(b["x"] for b in boxes) - MARGIN, 0)
        bottom = max(b["y"] + b["height"] for b in boxes) + MARGIN
        right = max(b["x"] + b["width"] for b in boxes) + MARGIN
        clip = {
            "x": left,
            "y": top,
            "width": min(right, VIEWPORT["width"]) - left,
            "height": min(bottom - top, MAX_HEIGHT),
        }
        raw = self.page.screenshot(clip=clip)
        target = OUTPUT / self.language / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(optimised_png(raw))
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")

    def close(self):
        self.context.close()


def shoot_filing_screens(camera, draft):
    from django.urls import reverse

    def step(name):
        return reverse(f"filing_wizard:{name}", args=[draft.pk])

    camera.open(reverse("wagtailsnippets_filing_filing:list"))
    camera.shoot(
        "my-filings", "header.w-slim-header", "#listing-results tbody tr:nth-child(3)"
    )
    camera.open(reverse("filing_wizard:new"))
    camera.shoot("basic", ".wizard-form")
    camera.open(step("applications"))
    camera.shoot("applications", ".wizard-counters", "#listing-results")
    camera.open(step("applications") + "?tab=selected")
    camera.shoot("selected", ".wizard-tabs", "#listing-results table")
    camera.open(step("attachments"))
    documents_ready(draft)
    camera.open(step("attachments"))
    camera.shoot("attachments", ".wizard-section")
    camera.open(step("notice"))
    camera.shoot("notice", ".wizard-form")
    camera.open(step("confirm"))
    camera.shoot(
        "confirm", "section[aria-labelledby=attachments-heading]", "form.wizard-actions"
    )


def shoot_review_screens(camera):
    from django.urls import reverse

    from filing.models import Filing

    camera.open(reverse("review_queue:index"))
    camera.shoot("review-queue", "header.w-slim-header", "#listing-results table")
    waiting = Filing.objects.filter(status=Filing.Status.SUBMITTED).order_by("pk")
    filing = waiting.first()
    details = reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])
    camera.open(details)
    camera.shoot("decisions", ".wizard-status", ".review-decisions")
    camera.open(reverse("review:return", args=[filing.pk]))
    camera.shoot("return", ".wizard-form")
    certified = Filing.objects.filter(status=Filing.Status.CERTIFICATES_ISSUED).first()
    camera.open(reverse("wagtailsnippets_filing_filing:inspect", args=[certified.pk]))
    camera.shoot("certificates", ".certificates")


def main():
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="guide-screenshots-") as var_dir:
        prepare_environment(var_dir, port)
        manage("migrate", "--noinput", "--verbosity", "0")
        manage("createcachetable")
        manage(
            "load_demo_data",
            "--applications", "600",
            "--last-review-year", str(REVIEW_YEAR),
        )  # fmt: skip

        import django

        django.setup()
        from playwright.sync_api import sync_playwright

        from filing.demo.data import DEMO_ACCOUNTS

        passwords = {account.username: account.password for account in DEMO_ACCOUNTS}

        draft = draft_in_progress()
        base_url = f"http://127.0.0.1:{port}"
        server = start_server(port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                for language in LANGUAGES:
                    speak(language)
                    filer = Camera(
                        browser, base_url, language, "filer", passwords["filer"]
                    )
                    shoot_filing_screens(filer, draft)
                    filer.close()
                    reviewer = Camera(
                        browser, base_url, language, "reviewer", passwords["reviewer"]
                    )
                    shoot_review_screens(reviewer)
                    reviewer.close()
                browser.close()
        finally:
            stop_server(server)


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    main()
