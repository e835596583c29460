"""The help panel beside each wizard step, in the filer's admin language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

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


def test_finding_the_help_takes_two_queries(guide):
    with translation.override("ug"), CaptureQueriesContext(connection) as queries:
        found = help_for("attachments")

    # The guides, then the screenshots of the one guide with sections there.
    assert len(queries.captured_queries) == 2
    assert [g.page.locale.language_code for g in found] == ["ug"]
    assert len(found[0].sections) == 4


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
