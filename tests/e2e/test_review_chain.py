"""A senior filing through its chain of offices, in headless Chromium.

The demo filer submits a senior health filing of an Ili unit; the Ili title
office returns it with a reason ticked against the meeting minutes; the filer
replaces that scan and submits again; Ili passes and forwards it, the health
commission does the same, the regional HR department approves it and issues
the certificates; one certificate's QR address verifies through the API; the
filer reads the whole timeline. Once in Chinese and once in Uyghur: each
person works in the run's language.

Screenshots land in tests/artefacts/e2e/chain-<language>/.
"""

import json

import pikepdf
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from approvals.models import Certificate, ReviewOffice, ReviewStep
from filing.demo.data import DEMO_ACCOUNTS
from filing.demo.filings import ready_filing
from filing.models import (
    Application,
    AttachmentKind,
    DataSource,
    Filing,
    FilingLevel,
)

pytestmark = pytest.mark.e2e

DEMO_APPLICATIONS = 600
PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS}
ILI_UNIT = "伊犁哈萨克自治州人力资源和社会保障局"


class Person:
    """One user's browser tab, speaking the run's language."""

    def __init__(self, context, base_url, username, language, shots):
        self.page = context.new_page()
        self.base_url = base_url
        self.username = username
        self.language = language
        self.shots = shots
        user = get_user_model().objects.get(username=username)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()

    def t(self, message, **values):
        with translation.override(self.language):
            text = gettext(message)
        return text % values if values else text

    def log_in(self):
        page = self.page
        page.goto(f"{self.base_url}/")
        page.locator("input[name='username']").fill(self.username)
        page.locator("input[name='password']").fill(PASSWORDS[self.username])
        page.locator("form button[type='submit']").click()
        expect(page.get_by_role("button", name=self.t("Filing work"))).to_be_visible()

    def shoot(self, name):
        html = self.page.locator("html")
        expect(html).to_have_attribute("dir", "rtl" if self.language == "ug" else "ltr")
        viewport = self.page.viewport_size
        height = self.page.locator("main").evaluate("main => main.scrollHeight")
        self.page.set_viewport_size({**viewport, "height": max(height, 600)})
        self.page.screenshot(path=self.shots / f"{self.username}-{name}.png")
        self.page.set_viewport_size(viewport)

    def open_filing(self, filing):
        self.page.goto(f"{self.base_url}/admin/filing/filings/inspect/{filing.pk}/")

    def decide(self, label, confirm=True):
        if confirm:
            self.page.once("dialog", lambda dialog: dialog.accept())
        self.page.get_by_role("button", name=self.t(label)).click()


def senior_health_filing(filer):
    """A senior health filing of the Ili unit, ready for its last step."""
    unit = filer.administered_units.get(name=ILI_UNIT)
    first = (
        Application.objects.filter(
            organizing_unit=unit,
            data_source=DataSource.DECLARED,
            qualification__series__code="health",
            qualification__level__in=FilingLevel.SENIOR.title_levels,
            passed_review=True,
        )
        .order_by("number")
        .first()
    )
    assert first is not None, "the demo data has no senior health applications at Ili"
    return ready_filing(
        filer,
        unit,
        review_year=first.review_year,
        filing_level=FilingLevel.SENIOR,
        series="health",
        headcount=3,
        notice_number=f"伊州职改〔{first.review_year}〕21号",
    )


def replacement_scan(directory):
    path = directory / "评审会议纪要（补签字页）.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path)
    return path


@pytest.mark.parametrize(
    ("language", "browser_locale"),
    [pytest.param("zh-hans", "zh-CN", id="zh-hans"), pytest.param("ug", "ug", id="ug")],
)
def test_a_filing_travels_its_chain_and_its_certificates_verify(
    language,
    browser_locale,
    live_server,
    transactional_db,
    browser_context_for,
    artefacts_dir,
    tmp_path,
    settings,
):
    # Without the demo filings: every application is free for the test's own.
    call_command(
        "load_demo_data", applications=DEMO_APPLICATIONS, filings=False, verbosity=0
    )
    # Tasks run as they are queued, so rendering needs no worker here.
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": True}
    settings.PUBLIC_BASE_URL = live_server.url
    shots = artefacts_dir(f"chain-{language}")
    filer_user = get_user_model().objects.get(username="filer")
    filing = senior_health_filing(filer_user)

    filer = Person(
        browser_context_for(locale=browser_locale), live_server.url, "filer",
        language, shots,
    )  # fmt: skip
    reviewer = Person(
        browser_context_for(locale=browser_locale), live_server.url, "reviewer",
        language, shots,
    )  # fmt: skip

    # The filer submits from the last step of the wizard.
    filer.log_in()
    filer.page.goto(f"{live_server.url}/admin/filing/wizard/{filing.pk}/confirm/")
    filer.page.once("dialog", lambda dialog: dialog.accept())
    filer.page.get_by_role(
        "button", name=filer.t("Everything is correct, submit")
    ).click()
    expect(filer.page.locator(".review-route")).to_be_visible()
    filer.shoot("01-submitted")

    # The Ili office finds it in its queue and returns it, ticking the minutes.
    reviewer.log_in()
    reviewer.shoot("02-dashboard")
    reviewer.page.get_by_role("button", name=reviewer.t("Filing work")).click()
    submenu = reviewer.page.get_by_role("list", name=reviewer.t("Filing work"))
    submenu.get_by_role("link", name=reviewer.t("Waiting for my review")).click()
    row = reviewer.page.locator("tbody tr", has_text=filing.notice_title)
    expect(row).to_have_count(1)
    reviewer.shoot("03-queue")
    row.get_by_role("link").first.click()
    expect(reviewer.page.locator(".review-decisions")).to_be_visible()
    reviewer.shoot("04-details")
    reviewer.page.get_by_role("link", name=reviewer.t("Return for changes")).click()
    reviewer.page.locator("textarea[name='reason']").fill(
        "会议纪要缺少评委签字页，请补齐后重新上传。"
    )
    reviewer.page.get_by_label(reviewer.t(AttachmentKind.MEETING_MINUTES.label)).check()
    reviewer.shoot("05-return")
    reviewer.page.locator("main form button[type='submit']").click()
    expect(reviewer.page.locator(".wizard-status__value")).to_have_text(
        expected_status("returned", "654000", language)
    )

    # The filer sees what to fix, replaces the minutes and submits again.
    filer.open_filing(filing)
    expect(filer.page.locator("main")).to_contain_text("会议纪要缺少评委签字页")
    filer.shoot("06-returned")
    filer.page.get_by_role("link", name=filer.t("Make the changes")).click()
    fix = filer.page.locator(".review-flags").get_by_role(
        "link", name=filer.t(AttachmentKind.MEETING_MINUTES.label)
    )
    fix.click()
    slot = filer.page.locator(f"[data-upload='{AttachmentKind.MEETING_MINUTES}']")
    expect(slot).to_contain_text(filer.t("The office asks you to replace this file."))
    scan = replacement_scan(tmp_path)
    slot.locator("input[type='file']").set_input_files(scan)
    slot.locator("button[type='submit']").click()
    expect(
        filer.page.locator(
            f"[data-upload='{AttachmentKind.MEETING_MINUTES}'] .wizard-upload__current"
        )
    ).to_contain_text(scan.name)
    filer.shoot("07-replaced")
    filer.page.goto(f"{live_server.url}/admin/filing/wizard/{filing.pk}/confirm/")
    filer.page.once("dialog", lambda dialog: dialog.accept())
    filer.page.get_by_role(
        "button", name=filer.t("Everything is fixed, submit again")
    ).click()
    expect(filer.page.locator(".wizard-status__value")).to_have_text(
        expected_status("submitted", "654000", language)
    )
    filing.refresh_from_db()
    assert (filing.status, filing.current_office.code) == ("submitted", "654000")

    # Ili passes and forwards; the health commission does the same; HR approves.
    for here, there in (("654000", "WJW"), ("WJW", "RST")):
        reviewer.open_filing(filing)
        reviewer.decide("Pass formal review", confirm=False)
        expect(reviewer.page.locator(".wizard-status__value")).to_have_text(
            expected_status("passed", here, language)
        )
        reviewer.page.once("dialog", lambda dialog: dialog.accept())
        reviewer.page.locator(".review-decisions button").first.click()
        expect(reviewer.page.locator(".wizard-status__value")).to_have_text(
            expected_status("forwarded", there, language)
        )
    reviewer.shoot("08-at-hr")
    reviewer.decide("Approve")
    expect(reviewer.page.locator(".wizard-status__value")).to_have_text(
        expected_status("approved", "RST", language)
    )

    # HR issues the certificates; the tasks render them.
    reviewer.decide("Issue certificates")
    expect(reviewer.page.locator("main")).to_contain_text(
        Certificate.objects.filter(filing=filing).first().number
    )
    reviewer.page.reload()
    reviewer.shoot("09-certificates")
    certificate = Certificate.objects.filter(filing=filing).order_by("number").first()
    assert certificate.file

    # The address under the QR code answers "valid" through the public API.
    verify_url = address_under_the_qr_code(certificate)
    assert verify_url.startswith(live_server.url)
    answer = json.loads(reviewer.page.request.get(verify_url).text())
    assert answer["status"] == "valid"
    assert certificate.application.applicant_name not in json.dumps(answer)

    # The filer reads the whole timeline.
    filer.open_filing(filing)
    steps = filer.page.locator(".wizard-timeline__step")
    expect(steps).to_have_count(ReviewStep.objects.filter(filing=filing).count())
    with translation.override(language):
        summaries = [step.summary for step in ReviewStep.objects.filter(filing=filing)]
    for index, summary in enumerate(summaries):
        expect(steps.nth(index)).to_contain_text(summary)
    filer.shoot("10-timeline")


def expected_status(status, office_code, language):
    office = ReviewOffice.objects.get(code=office_code)
    with translation.override(language):
        return str(Filing(status=status, current_office=office).status_display)


def address_under_the_qr_code(certificate):
    """The link the certificate's PDF lays over its QR code."""
    with certificate.file.open("rb") as stored, pikepdf.open(stored) as pdf:
        [page] = pdf.pages
        links = [
            str(annotation.A.URI)
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
        ]
    assert len(links) == 1, links
    return links[0]
