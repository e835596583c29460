"""One post-review filing through all five wizard steps, in headless Chromium.

A demo filing administrator logs in through the login form and files like a
person would: the basic information, a selection made with the filters and
the tick boxes, the two generated documents downloaded, four scans uploaded
(and one bad file refused), the notice number corrected, the date picked, and
the submission confirmed. Once in Chinese and once in Uyghur, right to left.

Every step leaves a screenshot in tests/artefacts/e2e/<language>/ to look at.
"""

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image
from playwright.sync_api import expect

from approvals.models import ReviewOffice
from filing.demo.data import DEMO_ACCOUNTS
from filing.models import (
    Application,
    AttachmentKind,
    DocumentKind,
    Filing,
    FilingLevel,
    OrganizingUnit,
    TitleLevel,
)
from filing.scans import inspect_scan
from filing.validators import china_today

pytestmark = pytest.mark.e2e

# Enough for every demo unit to have a few candidates per year, few enough to
# load in well under a second.
DEMO_APPLICATIONS = 600
PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS}
# A pool this size fits on one page of step 2 and still leaves room to choose.
POOL_SIZES = range(6, 40)

# Words in Latin letters that are not English: file types and sizes.
NOT_ENGLISH = re.compile(r"^(PDF|PNG|KB|MB)$", re.IGNORECASE)


@dataclass
class Pool:
    """A unit, year, data source and level whose candidates the test files."""

    unit: OrganizingUnit
    review_year: int
    data_source: str
    filing_level: str
    numbers: list


@dataclass
class Run:
    """Everything one language's run carries from step to step."""

    page: object
    base_url: str
    language: str
    shots: Path
    pool: Pool
    english: dict = field(default_factory=dict)
    shot_count: int = 0

    def t(self, message, **values):
        """`message` as the admin shows it in this run's language."""
        with translation.override(self.language):
            text = gettext(message)
        return text % values if values else text

    def shoot(self, name):
        """Check the page's language and direction, screenshot it, note any English."""
        html = self.page.locator("html")
        expect(html).to_have_attribute("lang", self.language)
        expect(html).to_have_attribute("dir", "rtl" if self.language == "ug" else "ltr")
        self.shot_count += 1
        # The admin scrolls inside <main>, not the window: make the window as
        # tall as the content for the picture, then put it back.
        viewport = self.page.viewport_size
        height = self.page.locator("main").evaluate("main => main.scrollHeight")
        self.page.set_viewport_size({**viewport, "height": max(height, 600)})
        self.page.screenshot(path=self.shots / f"{self.shot_count:02d}-{name}.png")
        self.page.set_viewport_size(viewport)
        words = english_words(self.page.locator("body").inner_text())
        if words:
            self.english[f"{self.shot_count:02d}-{name}"] = words


def english_words(text):
    words = re.findall(
        r"(?<![\w-])[A-Za-z][A-Za-z'’-]+(?: [A-Za-z][A-Za-z'’-]+)*(?![\w-])", text
    )
    return sorted({w for w in words if not NOT_ENGLISH.match(w)})


# Data


def choose_pool(user):
    """The first of the user's pools that is neither tiny nor longer than a page.

    Only units inside a prefecture qualify: their filings go to that
    prefecture's title office, whose contact the last page shows.
    """
    units = OrganizingUnit.objects.filter(administrators=user).exclude(prefecture="")
    for unit in units.order_by("name"):
        for review_year, data_source in (
            Application.objects.filter(organizing_unit=unit)
            .values_list("review_year", "data_source")
            .distinct()
            .order_by("-review_year", "data_source")
        ):
            for filing_level in FilingLevel.values:
                filing = Filing(
                    organizing_unit=unit,
                    review_year=review_year,
                    data_source=data_source,
                    filing_level=filing_level,
                )
                numbers = list(
                    filing.eligible_pool()
                    .order_by("number")
                    .values_list("number", flat=True)
                )
                if len(numbers) in POOL_SIZES and largest_level(numbers)[1] >= 3:
                    return Pool(unit, review_year, data_source, filing_level, numbers)
    raise AssertionError("The demo data holds no pool of a useful size.")


SCAN_NAMES = {
    AttachmentKind.SIGNED_NOTICE_SCAN: "批文（红头）.pdf",
    AttachmentKind.STAMPED_ROSTER_SCAN: "领取证书花名册（盖章）.pdf",
    AttachmentKind.MEETING_MINUTES: "评审会议纪要.pdf",
    AttachmentKind.PUBLICITY_EVIDENCE: "公示情况说明.pdf",
}


def scan_files(directory):
    """Four one-page PDFs under Chinese names, and a PNG that claims to be a PDF."""
    scans = {}
    for kind, name in SCAN_NAMES.items():
        path = directory / name
        pdf = pikepdf.new()
        pdf.add_blank_page(page_size=(595, 842))
        pdf.save(path)
        scans[kind.value] = path
    fake = directory / "会议纪要（拍照）.pdf"
    Image.new("RGB", (40, 40), "white").save(fake, format="PNG")
    return scans, fake


def refusal_of(path, language):
    """The message the upload check gives for `path`, in `language`."""
    upload = SimpleUploadedFile(path.name, path.read_bytes(), "application/pdf")
    with translation.override(language):
        with pytest.raises(ValidationError) as refusal:
            inspect_scan(upload)
        return [str(message) for message in refusal.value.messages]


# Browser steps


def counters(page):
    return {
        name: int(page.locator(f"[data-counter='{name}']").inner_text())
        for name in ("selected", "available", "total", "declared")
    }


def headcount_warning(page):
    return page.locator("[data-headcount-warning]")


def log_in(run, username):
    page = run.page
    page.goto(f"{run.base_url}/")
    page.locator("input[name='username']").fill(username)
    page.locator("input[name='password']").fill(PASSWORDS[username])
    run.shoot("login")
    page.locator("form button[type='submit']").click()
    expect(page.get_by_role("button", name=run.t("Filing work"))).to_be_visible()


def open_my_filings(run):
    page = run.page
    page.get_by_role("button", name=run.t("Filing work")).click()
    submenu = page.get_by_role("list", name=run.t("Filing work"))
    submenu.get_by_role("link", name=run.t("My filings")).click()
    expect(page.get_by_role("link", name=run.t("New filing")).first).to_be_visible()
    run.shoot("my-filings")


def fill_basic_information(run, headcount):
    page, pool = run.page, run.pool
    page.get_by_role("link", name=run.t("New filing")).first.click()
    expect(page.locator("input[name='declared_headcount']")).to_be_visible()

    # The unit is a choice only for someone who administers several.
    unit = page.locator("select[name='organizing_unit']")
    if unit.count():
        unit.select_option(str(pool.unit.pk))
    page.locator("select[name='review_year']").select_option(str(pool.review_year))
    page.locator("input[name='declared_headcount']").fill(str(headcount))
    page.locator("select[name='data_source']").select_option(pool.data_source)
    page.locator("select[name='filing_level']").select_option(pool.filing_level)
    run.shoot("basic-information")
    page.get_by_role("button", name=run.t("Save and go to the next step")).click()

    expect(page).to_have_url(re.compile(r"/filing/wizard/\d+/applications/"))
    filing = Filing.objects.get(pk=re.search(r"/wizard/(\d+)/", page.url)[1])
    assert filing.organizing_unit == pool.unit
    return filing


def open_filter(run, field_name):
    """Open the listing's filter drawer at one filter and return that filter."""
    drawer = run.page.locator("#filters-drilldown")
    submenu = drawer.locator(f"#drilldown-id_{field_name}")
    if not submenu.is_visible():
        drawer.locator("[data-w-dropdown-target='toggle']").first.click()
        drawer.locator(f"[aria-controls='drilldown-id_{field_name}']").click()
    expect(submenu).to_be_visible()
    return submenu


def close_filters(run):
    drawer = run.page.locator("#filters-drilldown")
    drawer.locator("[data-w-dropdown-target='toggle']").first.click()
    expect(drawer.locator("[data-w-dropdown-target='content']")).to_be_hidden()


def listed_numbers(page):
    cells = page.locator("#listing-results tbody tr td:nth-child(3)")
    return [text.strip() for text in cells.all_inner_texts()]


def wait_for_results(page, action):
    """Run `action` (which changes a filter) and wait until the new rows are in."""
    page.evaluate(
        """() => {
            window.listingSwapped = new Promise((resolve) =>
                document.addEventListener("w-swap:success", resolve, { once: true })
            );
        }"""
    )
    action()
    page.evaluate("() => window.listingSwapped.then(() => true)")


def select_applications(run, filing):
    page, pool = run.page, run.pool
    total = len(pool.numbers)
    figures = counters(page)
    assert figures == {
        "selected": 0,
        "available": total,
        "total": total,
        "declared": filing.declared_headcount,
    }
    expect(headcount_warning(page)).to_be_visible()
    run.shoot("applications")

    # Narrow by level, tick two rows and add them.
    level, _count = largest_level(pool.numbers)
    level_filter = open_filter(run, "level")
    wait_for_results(
        page, lambda: level_filter.get_by_label(run.t(TitleLevel(level).label)).check()
    )
    in_level = listed_numbers(page)
    assert in_level == sorted(
        Application.objects.filter(
            number__in=pool.numbers, qualification__level=level
        ).values_list("number", flat=True)
    )
    close_filters(run)
    ticked = in_level[:2]
    for number in ticked:
        page.locator(f"tr:has-text('{number}') [data-tick]").check()
    expect(page.locator("[data-ticked-count]")).to_have_text(
        run.t("%(count)s ticked", count=2)
    )
    run.shoot("applications-ticked")
    page.get_by_role("button", name=run.t("Add the ticked applications")).click()

    expect(page.locator("[data-counter='selected']")).to_have_text("2")
    assert counters(page)["available"] == total - 2
    assert counters(page)["total"] == total
    expect(headcount_warning(page)).to_be_hidden()
    assert set(selected_numbers(filing)) == set(ticked)

    # Every candidate of the level matching a narrow keyword, in one go.
    remaining = [n for n in in_level if n not in ticked]
    keyword = narrow_keyword(remaining)
    keyword_filter = open_filter(run, "keyword")
    wait_for_results(page, lambda: keyword_filter.locator("input").fill(keyword))
    matching = listed_numbers(page)
    assert matching == [n for n in remaining if keyword in n]
    close_filters(run)
    run.shoot("applications-keyword")
    page.locator("button[name='all_matching']").click()

    selected = 2 + len(matching)
    expect(page.locator("[data-counter='selected']")).to_have_text(str(selected))
    assert counters(page)["available"] == total - selected
    assert counters(page)["total"] == total
    expect(headcount_warning(page)).to_be_visible()
    assert set(selected_numbers(filing)) == set(ticked) | set(matching)

    tabs = page.get_by_role("navigation", name=run.t("Applications"))
    selected_tab = tabs.get_by_role("link", name=run.t("Selected applications"))
    selected_tab.click()
    expect(selected_tab).to_have_attribute("aria-current", "page")
    assert sorted(listed_numbers(page)) == sorted(selected_numbers(filing))
    run.shoot("applications-selected")

    # A filter on this tab narrows the selection, not the candidates.
    keyword_filter = open_filter(run, "keyword")
    wait_for_results(page, lambda: keyword_filter.locator("input").fill(ticked[0]))
    close_filters(run)
    assert listed_numbers(page) == [ticked[0]]
    expect(page.locator("input[name='operation']")).to_have_value("remove")
    expect(selected_tab).to_have_attribute("aria-current", "page")
    return selected


def largest_level(numbers):
    """The title level most of these applications are at, and how many are."""
    levels = list(
        Application.objects.filter(number__in=numbers).values_list(
            "qualification__level", flat=True
        )
    )
    level = max(sorted(set(levels)), key=levels.count)
    return level, levels.count(level)


def narrow_keyword(numbers):
    """The longest start of an application number that some, not all, share.

    Falls back to one whole number when no two numbers share more than the
    start they all have.
    """
    for length in range(len(numbers[0]) - 1, 0, -1):
        for number in numbers:
            matches = [n for n in numbers if number[:length] in n]
            if 2 <= len(matches) < len(numbers):
                return number[:length]
    return numbers[-1]


def selected_numbers(filing):
    return list(filing.selected_applications().values_list("number", flat=True))


def fix_headcount(run, selected):
    page = run.page
    steps = page.get_by_role("navigation", name=run.t("Steps of the filing"))
    steps.get_by_role("link", name=run.t("Basic information")).click()
    expect(headcount_warning(page)).to_be_visible()

    headcount = page.locator("input[name='declared_headcount']")
    headcount.fill(str(selected))
    # The warning follows the field as the user types, before any save.
    expect(headcount_warning(page)).to_be_hidden()
    page.locator("[data-use-suggested-title]").click()
    assert page.locator("input[name='notice_title']").input_value()
    page.get_by_role("button", name=run.t("Save"), exact=True).click()

    expect(page.locator("[data-counter='declared']")).to_have_text(str(selected))
    expect(headcount_warning(page)).to_be_hidden()
    run.shoot("basic-information-fixed")
    page.get_by_role("button", name=run.t("Save and go to the next step")).click()
    page.get_by_role("link", name=run.t("Done, go to the next step")).click()


def download_documents(run):
    page = run.page
    for kind in DocumentKind:
        card = page.locator(f"[data-document='{kind.value}']")
        # The render runs in a task; the link appears once the file is ready.
        download_link = card.locator("[data-document-download]")
        expect(download_link).to_be_visible()
        with page.expect_download() as download:
            download_link.click()
        content = Path(download.value.path()).read_bytes()
        assert content.startswith(b"%PDF-"), kind
    run.shoot("attachments-documents")


def upload_scans(run, scans, fake):
    page = run.page
    progress = []
    page.expose_function("reportUploadProgress", lambda value: progress.append(value))

    # A photo saved under a .pdf name is refused beside its slot.
    slot = page.locator(f"[data-upload='{AttachmentKind.MEETING_MINUTES}']")
    slot.locator("input[type='file']").set_input_files(fake)
    slot.locator("button[type='submit']").click()
    errors = slot.locator("[data-upload-errors]")
    for message in refusal_of(fake, run.language):
        expect(errors).to_contain_text(message)
    run.shoot("attachments-refused")

    # Files are chosen in every slot first: uploading one must not drop the
    # others, as a reload of the page would.
    for kind, path in scans.items():
        page.locator(f"[data-upload='{kind}'] input[type='file']").set_input_files(path)
    for kind, path in scans.items():
        slot = page.locator(f"[data-upload='{kind}']")
        expect(slot.locator("[data-upload-filename]")).to_have_text(path.name)
        progress.clear()
        slot.evaluate(WATCH_PROGRESS)
        slot.locator("button[type='submit']").click()
        # The slot is redrawn once the upload is stored and shows the file.
        expect(
            page.locator(f"[data-upload='{kind}'] .wizard-upload__current")
        ).to_contain_text(path.name)
        assert 100 in progress, kind
    expect(page.locator("[data-upload-errors] li")).to_have_count(0)
    run.shoot("attachments-uploaded")
    page.get_by_role("link", name=run.t("Uploads done, go to the next step")).click()


WATCH_PROGRESS = """slot => {
    const bar = slot.querySelector("[data-upload-progress]");
    new MutationObserver(() => window.reportUploadProgress(Number(bar.value)))
        .observe(bar, { attributes: true, attributeFilter: ["value"] });
}"""


def enter_notice(run, code):
    page = run.page
    year = run.pool.review_year
    wrong = f"{code}[{year}]7号"
    right = f"{code}〔{year}〕7号"
    number = page.locator("input[name='notice_number']")
    number.fill(wrong)
    page.get_by_role("button", name=run.t("Save"), exact=True).click()

    expect(number).to_have_value(right)
    expect(page.locator("main")).to_contain_text(
        run.t(
            "We corrected the notice number to %(value)s. Check it and save again.",
            value=right,
        )
    )
    expect(page.locator("main")).to_contain_text(
        run.t("The year is written in tortoise-shell brackets 〔〕.")
    )
    run.shoot("notice-corrected")

    conferred_on = pick_first_of_this_month(run)
    run.shoot("notice-date")
    page.get_by_role("button", name=run.t("Save and go to the next step")).click()
    return right, conferred_on


def pick_first_of_this_month(run):
    """Pick the first day of the current month with the date picker."""
    page = run.page
    today = china_today()
    page.locator("input[name='conferred_on']").click()
    day = page.locator(
        ".xdsoft_datetimepicker:visible td.xdsoft_date"
        f"[data-date='1'][data-month='{today.month - 1}'][data-year='{today.year}']"
    )
    day.click()
    first = today.replace(day=1)
    expect(page.locator("input[name='conferred_on']")).to_have_value(first.isoformat())
    return first


def confirm_and_submit(run, filing, notice_number, scans):
    page = run.page
    main = page.locator("main")
    expect(main).to_contain_text(notice_number)
    for name in filing.selected_applications().values_list("applicant_name", flat=True):
        expect(main).to_contain_text(name)
    attachments = page.locator(".wizard-attachments li")
    expect(attachments).to_have_count(len(scans))
    for path in scans.values():
        expect(attachments.filter(has_text=path.name)).to_have_count(1)
    run.shoot("confirm")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=run.t("Everything is correct, submit")).click()
    expect(page.locator(".wizard-status")).to_be_visible()


def check_details(run, filing):
    page = run.page
    filing.refresh_from_db()
    office = ReviewOffice.objects.get(
        kind=ReviewOffice.Kind.PREFECTURE, prefecture=run.pool.unit.prefecture
    )
    assert filing.status == Filing.Status.SUBMITTED
    assert filing.current_office == office

    with translation.override(run.language):
        status, office_name = filing.status_display, office.localized_name
    expect(page.locator(".wizard-status__value")).to_have_text(status)
    card = page.locator(".wizard-office")
    expect(card.locator(".wizard-office__name")).to_have_text(office_name)
    expect(card).to_contain_text(office.contact_person)
    expect(card).to_contain_text(office.phone)
    run.shoot("submitted")


def check_my_filings(run, filing):
    open_my_filings(run)
    with translation.override(run.language):
        status = filing.status_display
    row = run.page.locator("tbody tr", has_text=filing.notice_title)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(filing.notice_number)
    expect(row).to_contain_text(status)


# The test


@pytest.mark.parametrize(
    ("language", "username", "browser_locale", "notice_code"),
    [
        pytest.param("zh-hans", "filer", "zh-CN", "伊州职改", id="zh-hans"),
        pytest.param("ug", "filer_ug", "ug", "喀地职改", id="ug"),
    ],
)
def test_a_filer_completes_a_filing_in_five_steps(
    language,
    username,
    browser_locale,
    notice_code,
    live_server,
    transactional_db,
    browser_context_for,
    artefacts_dir,
    tmp_path,
):
    # Without the demo filings: every application is free for the test's own.
    call_command(
        "load_demo_data", applications=DEMO_APPLICATIONS, filings=False, verbosity=0
    )
    user = get_user_model().objects.get(username=username)
    pool = choose_pool(user)
    scans, fake = scan_files(tmp_path)
    page = browser_context_for(locale=browser_locale).new_page()
    run = Run(page, live_server.url, language, artefacts_dir(language), pool)

    log_in(run, username)
    open_my_filings(run)
    filing = fill_basic_information(run, headcount=2)
    selected = select_applications(run, filing)
    fix_headcount(run, selected)
    download_documents(run)
    upload_scans(run, scans, fake)
    notice_number, conferred_on = enter_notice(run, notice_code)
    confirm_and_submit(run, filing, notice_number, scans)
    check_details(run, filing)
    check_my_filings(run, filing)

    filing.refresh_from_db()
    assert filing.declared_headcount == selected
    assert filing.notice_number == notice_number
    assert filing.conferred_on == conferred_on
    report_english(run)


def report_english(run):
    """List English seen on the screens, beside the screenshots, and warn.

    Not an assertion: tests/config/test_admin_language.py owns the rule that
    no English shows, screen by screen. This run sees what that test cannot
    (text written by scripts, states reached only by clicking) and points at
    it without failing the walk through the steps.
    """
    lines = [f"{shot}: {', '.join(words)}" for shot, words in run.english.items()]
    (run.shots / "english.txt").write_text("".join(f"{line}\n" for line in lines))
    if lines:
        warnings.warn(
            f"English on the {run.language} screens: " + "; ".join(lines),
            stacklevel=2,
        )
