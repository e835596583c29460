"""The help panel on the review pages: the queue, a filing, the decision forms."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Locale

from approvals import actions as review
from approvals.certificates import issue_certificates
from filing import actions
from guides import blocks
from guides.content import CERTIFICATES, POST_REVIEW_FILING, REVIEWING, load_guides
from tests.approvals.certificate_fixtures import (  # noqa: F401 (fixtures)
    approved_filing_fixture,
    hr_office_fixture,
    issuer_fixture,
)

from .conftest import speak

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "ug"]
COLUMN = {"zh-hans": 3, "ug": 4}


def tied_to(guide, place, language, *, headings=True):
    """The text of each section of a shipped guide tied to `place`."""
    return [
        s[COLUMN[language]]
        for s in guide["sections"]
        if s[1] == place and (headings or s[0] != "heading")
    ]


def excerpt(text):
    """The start of a section's first paragraph, as the page shows it."""
    return strip_tags(text.split("</p>")[0])[:30]


def guide_in(language, slug):
    chinese = load_guides()
    page = next(p for p in chinese if p.slug == slug)
    if language == "zh-hans":
        return page
    return page.get_translation(Locale.objects.get(language_code=language))


def read_as(client, user, language):
    speak(user, language)
    client.force_login(user)
    return client


def assert_panel_shows(html, guide, place, language):
    assert 'class="guide-help"' in html
    sections = tied_to(guide, place, language)
    assert sections, f"no section of {guide['slug']} is tied to {place}"
    for text in sections:
        assert excerpt(text) in html
    page = guide_in(language, guide["slug"])
    assert reverse("guides_admin:guide", args=[page.pk]) in html


@pytest.fixture
def submitted(chain, senior_filing, filer):
    return actions.submit_filing(filer, senior_filing())


def test_every_review_place_has_sections_in_both_languages():
    shipped = [POST_REVIEW_FILING, REVIEWING, CERTIFICATES]
    for place, _label in blocks.REVIEW_PLACES:
        for language in LANGUAGES:
            found = [
                text for guide in shipped for text in tied_to(guide, place, language)
            ]
            assert found, f"nothing tied to {place} in {language}"


def test_the_reviewing_guide_has_no_section_left_untied():
    assert all(section[1] for section in REVIEWING["sections"])
    assert all(section[1] for section in CERTIFICATES["sections"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_queue_offers_the_sections_about_it(client, chain, submitted, language):
    load_guides()
    reviewer = read_as(client, chain["reviewers"]["ili"], language)

    response = reviewer.get(reverse("review_queue:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert_panel_shows(html, REVIEWING, blocks.REVIEW_QUEUE, language)
    # Folded: the list of filings comes first.
    assert '<details class="guide-help">' in html


def test_the_queues_refreshed_results_carry_no_panel(client, chain, submitted):
    load_guides()
    reviewer = read_as(client, chain["reviewers"]["ili"], "zh-hans")

    response = reviewer.get(reverse("review_queue:index_results"))

    assert response.status_code == 200
    assert "guide-help" not in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_deciding_office_reads_how_to_review_on_the_filings_page(
    client, chain, submitted, language
):
    load_guides()
    reviewer = read_as(client, chain["reviewers"]["ili"], language)
    details = reverse("wagtailsnippets_filing_filing:inspect", args=[submitted.pk])

    html = reviewer.get(details).content.decode()

    assert_panel_shows(html, REVIEWING, blocks.DECIDE, language)
    for text in tied_to(POST_REVIEW_FILING, blocks.REVIEW, language, headings=False):
        assert excerpt(text) not in html


def test_the_filer_reads_what_happens_after_submitting_not_how_to_review(
    client, filer, submitted
):
    load_guides()
    reader = read_as(client, filer, "zh-hans")
    details = reverse("wagtailsnippets_filing_filing:inspect", args=[submitted.pk])

    html = reader.get(details).content.decode()

    assert_panel_shows(html, POST_REVIEW_FILING, blocks.REVIEW, "zh-hans")
    for text in tied_to(REVIEWING, blocks.DECIDE, "zh-hans", headings=False):
        assert excerpt(text) not in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("decision", ["return", "refuse_consent"])
def test_the_send_back_forms_explain_the_reason_and_the_ticks(
    client, chain, senior_filing, filer, language, decision
):
    load_guides()
    series, office = (
        ("teachers", "education")
        if decision == "refuse_consent"
        else ("health_series", "ili")
    )
    filing = actions.submit_filing(filer, senior_filing(series))
    if decision == "refuse_consent":
        review.pass_review(chain["reviewers"]["ili"], filing)
        review.forward(chain["reviewers"]["ili"], filing)
    reviewer = read_as(client, chain["reviewers"][office], language)

    response = reviewer.get(reverse(f"review:{decision}", args=[filing.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert_panel_shows(html, REVIEWING, blocks.SEND_BACK, language)
    # Open: the reader is about to write the reason.
    assert '<details class="guide-help" open>' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_withdraw_form_says_what_withdrawing_does(
    client, filer, submitted, language
):
    load_guides()
    reader = read_as(client, filer, language)

    response = reader.get(reverse("review:withdraw", args=[submitted.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert_panel_shows(html, POST_REVIEW_FILING, blocks.WITHDRAW, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_issuer_reads_about_certificates_and_revoking(
    client, approved_filing, issuer, language
):
    load_guides()
    filing = approved_filing(["王喆"])
    reader = read_as(client, issuer, language)
    details = reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])

    before = reader.get(details).content.decode()
    issue_certificates(issuer, filing)
    certificate = filing.certificates.get()
    revoke = reader.get(reverse("certificates:revoke", args=[certificate.pk]))

    assert_panel_shows(before, CERTIFICATES, blocks.CERTIFICATES, language)
    assert revoke.status_code == 200
    assert_panel_shows(revoke.content.decode(), CERTIFICATES, blocks.REVOKE, language)
