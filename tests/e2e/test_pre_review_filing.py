"""A meeting registered before it is held, then the filing of its results.

The demo filer registers a senior review meeting of an Ili unit with the
pre-review wizard: the meeting's figures (a quorum short of two thirds is
refused beside its field), four candidates ticked, the review plan uploaded,
the submission confirmed. The reviewer takes it through the Ili title office
to the regional HR department, which approves it. The meeting is held: one
candidate fails. The filer then starts the post-review filing, names the
meeting, and finds exactly its three passed candidates to choose from. Once
in Chinese and once in Uyghur.

Screenshots land in tests/artefacts/e2e/pre-review-<language>/.
"""

import re

import pikepdf
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from approvals.models import ReviewOffice
from filing.models import (
    Application,
    AttachmentKind,
    DataSource,
    Filing,
    FilingLevel,
    OrganizingUnit,
)
from tests.e2e.test_review_chain import ILI_UNIT, Person, expected_status

pytestmark = pytest.mark.e2e

DEMO_APPLICATIONS = 1500
CANDIDATES = 4


def senior_pool(unit):
    """A year of the unit with enough senior applications of one series, and
    the first of them: a committee reviews one series."""
    years = (
        Application.objects.filter(organizing_unit=unit)
        .values_list("review_year", flat=True)
        .distinct()
        .order_by("-review_year")
    )
    for year in years:
        probe = Filing(
            kind=Filing.Kind.PRE_REVIEW,
            organizing_unit=unit,
            review_year=year,
            data_source=DataSource.DECLARED,
            filing_level=FilingLevel.SENIOR,
        )
        pool = probe.eligible_pool().order_by("number")
        series = pool.values_list("qualification__series", flat=True).distinct()
        for one in series:
            candidates = list(pool.filter(qualification__series=one)[:CANDIDATES])
            if len(candidates) == CANDIDATES:
                return year, candidates
    raise AssertionError("the demo data has too few senior candidates")


def review_plan(directory):
    path = directory / "职称评审工作方案.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path)
    return path


def committee_name(series):
    return f"伊犁州{series.name}系列高级职称评审委员会"


def fill_meeting(filer, unit, year, series):
    page = filer.page
    page.locator("select[name='organizing_unit']").select_option(str(unit.pk))
    page.locator("select[name='review_year']").select_option(str(year))
    page.locator("select[name='data_source']").select_option(DataSource.DECLARED)
    page.locator("select[name='filing_level']").select_option(FilingLevel.SENIOR)
    page.locator("input[name='committee_name']").fill(committee_name(series))
    page.locator("select[name='series']").select_option(str(series.pk))
    page.locator("input[name='specialties']").fill("临床医学、护理学")
    date = page.locator("input[name='meeting_date']")
    picker = page.locator(".xdsoft_datetimepicker:visible")
    date.fill(f"{year}-11-20")
    # Typed, not picked: leaving the field closes the date picker, which would
    # otherwise lie over the fields below it. The picker opens a moment after
    # the field takes focus; a Tab before then would leave it to open later.
    expect(picker).to_have_count(1)
    date.press("Tab")
    expect(picker).to_have_count(0)
    page.locator("input[name='place']").fill("伊宁市人力资源和社会保障局三楼会议室")
    page.locator("input[name='committee_size']").fill("25")
    page.locator("input[name='declared_headcount']").fill(str(CANDIDATES))


@pytest.mark.parametrize(
    ("language", "browser_locale"),
    [pytest.param("zh-hans", "zh-CN", id="zh-hans"), pytest.param("ug", "ug", id="ug")],
)
def test_a_meeting_is_registered_approved_and_its_passed_candidates_are_filed(
    language,
    browser_locale,
    live_server,
    transactional_db,
    browser_context_for,
    artefacts_dir,
    tmp_path,
    settings,
):
    call_command(
        "load_demo_data", applications=DEMO_APPLICATIONS, filings=False, verbosity=0
    )
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": True}
    shots = artefacts_dir(f"pre-review-{language}")
    unit = OrganizingUnit.objects.get(name=ILI_UNIT)
    year, candidates = senior_pool(unit)
    series = candidates[0].qualification.series

    filer = Person(
        browser_context_for(locale=browser_locale), live_server.url, "filer",
        language, shots,
    )  # fmt: skip
    reviewer = Person(
        browser_context_for(locale=browser_locale), live_server.url, "reviewer",
        language, shots,
    )  # fmt: skip

    # Step 1: the meeting; 16 of 25 experts is short of two thirds.
    filer.log_in()
    page = filer.page
    page.goto(f"{live_server.url}/admin/filing/filings/")
    filer.shoot("00-my-filings")
    page.get_by_role("link", name=filer.t("New pre-review filing")).click()
    fill_meeting(filer, unit, year, series)
    page.locator("input[name='experts_present']").fill("16")
    page.get_by_role("button", name=filer.t("Save and go to the next step")).click()
    quorum = filer.t(
        "At least %(share)s of the committee must attend: "
        "%(needed)d of %(size)d experts, not %(present)d.",
        share="2/3", needed=17, size=25, present=16,
    )  # fmt: skip
    expect(page.locator("main")).to_contain_text(quorum)
    filer.shoot("01-meeting-refused")
    page.locator("input[name='experts_present']").fill("21")
    page.get_by_role("button", name=filer.t("Save and go to the next step")).click()
    expect(page).to_have_url(re.compile(r"/filing/wizard/\d+/applications/"))
    meeting = Filing.objects.get(pk=re.search(r"/wizard/(\d+)/", page.url)[1])
    assert (meeting.kind, meeting.meeting.experts_present) == ("pre_review", 21)

    # Step 2: the candidates, passed or not: the meeting has not been held.
    for candidate in candidates:
        page.locator(f"tr:has-text('{candidate.number}') [data-tick]").check()
    page.get_by_role(
        "button", name=filer.t("Add the ticked applications to the candidates")
    ).click()
    expect(page.locator("[data-counter='selected']")).to_have_text(str(CANDIDATES))
    expect(page.locator("[data-headcount-warning]")).to_be_hidden()
    filer.shoot("02-candidates")
    page.get_by_role("link", name=filer.t("Done, go to the next step")).click()

    # Step 3: the review plan, the one scan a meeting needs.
    slots = page.locator("[data-upload]")
    expect(slots).to_have_count(1)
    plan = review_plan(tmp_path)
    slot = page.locator(f"[data-upload='{AttachmentKind.REVIEW_PLAN}']")
    slot.locator("input[type='file']").set_input_files(plan)
    slot.locator("button[type='submit']").click()
    expect(
        page.locator(
            f"[data-upload='{AttachmentKind.REVIEW_PLAN}'] .wizard-upload__current"
        )
    ).to_contain_text(plan.name)
    filer.shoot("03-review-plan")
    page.get_by_role("link", name=filer.t("Uploads done, go to the next step")).click()

    # Step 4: confirm and submit.
    expect(page.locator("main")).to_contain_text("伊宁市人力资源和社会保障局三楼会议室")
    filer.shoot("04-confirm")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=filer.t("Everything is correct, submit")).click()
    expect(page.locator(".wizard-status__value")).to_have_text(
        expected_status("submitted", "654000", language)
    )
    filer.shoot("05-submitted")

    # The Ili office finds it in its queue, passes and forwards it; HR approves.
    reviewer.log_in()
    reviewer.page.goto(f"{live_server.url}/admin/approvals/queue/")
    row = reviewer.page.locator("tbody tr", has_text=meeting.notice_title)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(reviewer.t("Pre-review filing"))
    reviewer.shoot("06-queue")
    reviewer.open_filing(meeting)
    reviewer.decide("Pass formal review", confirm=False)
    reviewer.page.once("dialog", lambda dialog: dialog.accept())
    reviewer.page.locator(".review-decisions button").first.click()
    expect(reviewer.page.locator(".wizard-status__value")).to_have_text(
        expected_status("forwarded", "RST", language)
    )
    reviewer.decide("Approve")
    expect(reviewer.page.locator(".wizard-status__value")).to_have_text(
        expected_status("approved", "RST", language)
    )
    reviewer.shoot("07-approved")

    # The meeting is held: every candidate passes but the last.
    Application.objects.filter(pk__in=[c.pk for c in candidates]).update(
        passed_review=True
    )
    Application.objects.filter(pk=candidates[-1].pk).update(passed_review=False)
    passed = sorted(c.number for c in candidates[:-1])

    # The post-review filing names the meeting; its pool is who passed there.
    page.goto(f"{live_server.url}/admin/filing/filings/?kind=pre_review")
    row = page.locator("tbody tr", has_text=meeting.notice_title)
    expect(row).to_contain_text(filer.t("Pre-review filing"))
    # The title keeps room beside the other columns' long Uyghur labels.
    title_width_in_em = row.locator("td.title").evaluate(
        "cell => cell.getBoundingClientRect().width"
        " / parseFloat(getComputedStyle(cell).fontSize)"
    )
    assert title_width_in_em >= 12
    filer.shoot("08-my-meetings")
    page.get_by_role("link", name=filer.t("New filing"), exact=True).first.click()
    page.locator("select[name='organizing_unit']").select_option(str(unit.pk))
    page.locator("select[name='review_year']").select_option(str(year))
    page.locator("input[name='declared_headcount']").fill(str(len(passed)))
    page.locator("select[name='data_source']").select_option(DataSource.DECLARED)
    page.locator("select[name='filing_level']").select_option(FilingLevel.SENIOR)
    page.locator("select[name='pre_review']").select_option(str(meeting.pk))
    filer.shoot("09-follows-the-meeting")
    page.get_by_role("button", name=filer.t("Save and go to the next step")).click()

    expect(page).to_have_url(re.compile(r"/filing/wizard/\d+/applications/"))
    expect(page.locator("[data-meeting]")).to_contain_text(committee_name(series))
    expect(page.locator("[data-counter='total']")).to_have_text(str(len(passed)))
    cells = page.locator("#listing-results tbody tr td:nth-child(3)")
    expect(cells).to_have_count(len(passed))
    assert sorted(t.strip() for t in cells.all_inner_texts()) == passed
    filer.shoot("10-pool-of-the-meeting")

    follower = Filing.objects.get(pk=re.search(r"/wizard/(\d+)/", page.url)[1])
    assert follower.pre_review == meeting
    meeting.refresh_from_db()
    assert meeting.status == Filing.Status.APPROVED
    assert meeting.current_office == ReviewOffice.objects.get(code="RST")
