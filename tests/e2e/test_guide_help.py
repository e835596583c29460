"""The help panel beside the wizard, as headless Chromium shows it, in both languages.

Screenshots go to tests/artefacts/e2e/guides-<language>/ (the wizard) and
review-guides-<language>/ (the reviewer's pages and the whole guide).
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from filing.factories import FilingFactory, OrganizingUnitFactory, UserFactory
from filing.models import Filing
from filing.roles import CONTENT_EDITORS, FILING_ADMINISTRATORS, ensure_roles
from guides.content import load_guides

pytestmark = pytest.mark.e2e

# A sentence of each language's section on the notice number (step 4).
NOTICE_SECTION = {
    "zh-hans": "照红头文件上的写法填写批文文号",
    "ug": "تەستىق ھۆججىتى نومۇرىنى قىزىل باشلىق ھۆججەتتە",
}


def filer_speaking(language):
    """A filing administrator of a new unit, with a draft filing."""
    ensure_roles()  # browser tests empty the database between tests
    unit = OrganizingUnitFactory()
    user = UserFactory(username=f"guide_reader_{language}")
    user.groups.add(Group.objects.get(name=FILING_ADMINISTRATORS))
    unit.administrators.add(user)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user, FilingFactory(organizing_unit=unit, created_by=user)


def logged_in_page(context, user, base_url):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
    )
    return context.new_page()


@pytest.mark.parametrize(("language", "direction"), [("zh-hans", "ltr"), ("ug", "rtl")])
def test_each_step_shows_its_guide_sections_in_the_readers_language(
    language,
    direction,
    live_server,
    transactional_db,
    browser_context_for,
    artefacts_dir,
):
    load_guides(CONTENT_EDITORS)
    user, filing = filer_speaking(language)
    shots = artefacts_dir(f"guides-{language}")
    page = logged_in_page(browser_context_for(locale="zh-CN"), user, live_server.url)

    def open_step(name):
        page.goto(live_server.url + reverse(f"filing_wizard:{name}", args=[filing.pk]))

    for number, name in enumerate(
        ["basic", "applications", "attachments", "notice", "confirm"], start=1
    ):
        open_step(name)
        expect(page.locator("html")).to_have_attribute("dir", direction)
        panel = page.locator(".guide-help")
        expect(panel).to_be_visible()
        expect(panel.locator(".guide-section").first).to_be_visible()
        page.screenshot(path=shots / f"{number:02d}-{name}.png", full_page=True)

    open_step("notice")
    section = page.locator(".guide-help__guide")
    expect(section).to_contain_text(NOTICE_SECTION[language])
    assert section.evaluate("el => getComputedStyle(el).direction") == direction


@pytest.mark.parametrize(("language", "direction"), [("zh-hans", "ltr"), ("ug", "rtl")])
def test_the_review_pages_help_and_lead_to_the_whole_guide_with_its_pictures(
    language,
    direction,
    live_server,
    transactional_db,
    browser_context_for,
    artefacts_dir,
):
    call_command("load_demo_data", applications=300, verbosity=0)
    reviewer = get_user_model().objects.get(username="reviewer")
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = language
    profile.save()
    # A post-review filing: the guides have no help for a meeting's page.
    filing = Filing.objects.filter(
        kind=Filing.Kind.POST_REVIEW, status=Filing.Status.SUBMITTED
    ).first()
    shots = artefacts_dir(f"review-guides-{language}")
    page = logged_in_page(
        browser_context_for(locale="zh-CN"), reviewer, live_server.url
    )

    def open_with_help(name, url):
        page.goto(live_server.url + url)
        expect(page.locator("html")).to_have_attribute("dir", direction)
        panel = page.locator(".guide-help")
        if panel.get_attribute("open") is None:
            panel.locator("summary").click()
        expect(panel.locator(".guide-section").first).to_be_visible()
        assert panel.evaluate("el => getComputedStyle(el).direction") == direction
        page.screenshot(path=shots / f"{name}.png", full_page=True)
        return panel

    open_with_help("01-queue", reverse("review_queue:index"))
    open_with_help(
        "02-filing", reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])
    )
    panel = open_with_help("03-return", reverse("review:return", args=[filing.pk]))

    # The panel's link opens the whole guide, in the reader's language, with
    # its screenshots served and drawn.
    with page.context.expect_page() as opened:
        panel.locator(".guide-help__more a").first.click()
    guide = opened.value
    guide.wait_for_load_state("networkidle")
    expect(guide.locator("html")).to_have_attribute("dir", direction)
    expect(guide.locator(".guide")).to_have_attribute("lang", language)
    pictures = guide.locator(".guide-step-figure img")
    expect(pictures.first).to_be_visible()
    widths = pictures.evaluate_all("images => images.map(i => i.naturalWidth)")
    assert widths and all(width > 0 for width in widths), widths
    guide.screenshot(path=shots / "04-guide.png", full_page=True)
