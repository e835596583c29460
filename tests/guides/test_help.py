"""The help panel beside each wizard step, in the filer's admin language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from filing import actions
from filing.views.wizard import STEPS
from guides.help import help_for

from .conftest import speak

pytestmark = pytest.mark.django_db

FALLBACK_NOTE = {
    "ug": "بۇ قوللانما تېخى تىلىڭىزغا تەرجىمە قىلىنمىدى",
}


def step(filing, name):
    return reverse(f"filing_wizard:{name}", args=[filing.pk])


@pytest.fixture
def client_of(client, filer):
    client.force_login(filer)
    return client


@pytest.mark.parametrize("name", [name for _n, name, _label in STEPS])
def test_each_step_shows_the_chinese_sections_tied_to_it(
    client_of, filer, filing, guide, name
):
    speak(filer, "zh-hans")
    tied = guide.sections_for(name)

    response = client_of.get(step(filing, name))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="guide-help"' in html
    for section in tied:
        value = section.block.value
        text = str(value.get("text") or value.get("body"))
        assert text.removeprefix("<p>")[:10] in html
    assert reverse("guides_admin:guide", args=[guide.pk]) in html


def test_a_uyghur_reader_gets_the_uyghur_sections(client_of, filer, filing, guide):
    speak(filer, "ug")
    uyghur = guide.get_translations().get().specific

    response = client_of.get(step(filing, "notice"))

    html = response.content.decode()
    assert "تەستىق ھۆججىتى نومۇرىنى قىزىل باشلىق" in html
    assert "照红头文件上的写法" not in html
    assert FALLBACK_NOTE["ug"] not in html
    assert reverse("guides_admin:guide", args=[uyghur.pk]) in html


def test_without_a_uyghur_translation_the_chinese_shows_with_a_note(
    client_of, filer, filing, guide, untranslated
):
    speak(filer, "ug")

    response = client_of.get(step(filing, "notice"))

    html = response.content.decode()
    assert "照红头文件上的写法" in html
    assert FALLBACK_NOTE["ug"] in html
    assert 'lang="zh-hans"' in html


def test_a_chinese_reader_sees_no_fallback_note(client_of, filer, filing, guide):
    speak(filer, "zh-hans")

    response = client_of.get(step(filing, "notice"))

    assert "guide-fallback" not in response.content.decode()


def test_without_guides_the_step_shows_no_panel(client_of, filing):
    response = client_of.get(step(filing, "basic"))

    assert response.status_code == 200
    assert 'class="guide-help"' not in response.content.decode()


def test_finding_the_help_takes_three_queries_then_one(guide):
    with translation.override("ug"), CaptureQueriesContext(connection) as first:
        found = help_for("attachments")
    with translation.override("ug"), CaptureQueriesContext(connection) as again:
        found_again = help_for("attachments")

    # Whether the guides changed, the guides, then the screenshots of the one
    # guide with sections there; asked again, only whether they changed.
    assert len(first.captured_queries) == 3
    assert len(again.captured_queries) == 1
    assert [g.page.locale.language_code for g in found] == ["ug"]
    assert len(found[0].sections) == 4
    assert found_again == found


def test_an_editors_change_shows_in_the_help_at_once(guide, uyghur_guide):
    def attachment_sections():
        return [
            (g.page.locale.language_code, len(g.sections))
            for g in help_for("attachments", language="ug")
        ]

    before = attachment_sections()
    # The editor ties one more section to the attachments step and publishes.
    raw = [dict(item, value=dict(item["value"])) for item in uyghur_guide.body.raw_data]
    moved = next(
        item
        for item in raw
        if item["value"].get("wizard_step") not in ("", "attachments")
    )
    moved["value"]["wizard_step"] = "attachments"
    uyghur_guide.body = raw
    uyghur_guide.save_revision().publish()
    after_publishing = attachment_sections()
    uyghur_guide.unpublish()
    after_unpublishing = attachment_sections()

    assert before == [("ug", 4)]
    assert after_publishing == [("ug", 5)]
    assert after_unpublishing == [("zh-hans", 4)]


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-hans", "提交以后"), ("ug", "تاپشۇرغاندىن كېيىن")]
)
def test_a_filings_page_offers_the_sections_about_its_review(
    client_of, filer, filing, guide, language, heading
):
    speak(filer, language)
    details = reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])

    response = client_of.get(details)

    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    # Folded: the filing itself comes first on this page.
    assert '<details class="guide-help">' in html


def test_a_meetings_page_shows_no_help_written_for_post_review_filings(
    client_of, filer, guide, senior_meeting
):
    meeting = actions.submit_filing(filer, senior_meeting())

    response = client_of.get(
        reverse("wagtailsnippets_filing_filing:inspect", args=[meeting.pk])
    )

    assert response.status_code == 200
    assert 'class="guide-help"' not in response.content.decode()
