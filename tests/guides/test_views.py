"""The guides as every admin user reads them, beside the page editor."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from filing.factories import UserFactory
from filing.roles import CONTENT_EDITORS

from .conftest import speak

pytestmark = pytest.mark.django_db

FALLBACK_NOTE = "بۇ قوللانما تېخى تىلىڭىزغا تەرجىمە قىلىنمىدى"


@pytest.fixture
def reader(client, filer):
    client.force_login(filer)
    return client


def guide_url(page):
    return reverse("guides_admin:guide", args=[page.pk])


def test_the_list_shows_each_guide_once_in_the_readers_language(
    reader, filer, guide, uyghur_guide
):
    speak(filer, "ug")

    response = reader.get(reverse("guides_admin:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert guide_url(uyghur_guide) in html
    assert guide_url(guide) not in html


def test_a_guide_shows_every_section_and_no_edit_button_to_a_filer(reader, guide):
    response = reader.get(guide_url(guide))

    html = response.content.decode()
    assert response.status_code == 200
    assert "开始之前" in html and "提交以后" in html
    assert reverse("wagtailadmin_pages:edit", args=[guide.pk]) not in html


def test_a_uyghur_reader_of_a_chinese_guide_is_taken_to_its_translation(
    reader, filer, guide, uyghur_guide
):
    speak(filer, "ug")

    response = reader.get(guide_url(guide))

    assert response.status_code == 302
    assert response["Location"] == guide_url(uyghur_guide)


def test_an_untranslated_guide_is_shown_in_chinese_with_a_note(
    reader, filer, guide, untranslated
):
    speak(filer, "ug")

    list_page = reader.get(reverse("guides_admin:list")).content.decode()
    response = reader.get(guide_url(guide))

    html = response.content.decode()
    assert response.status_code == 200
    assert guide_url(guide) in list_page
    assert FALLBACK_NOTE in html
    assert "开始之前" in html


def test_an_unpublished_or_unknown_guide_is_not_found(reader, untranslated):
    assert reader.get(guide_url(untranslated)).status_code == 404
    assert reader.get("/admin/guides/999999/").status_code == 404


def test_content_editors_get_a_link_to_the_editor(client, guide):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    client.force_login(editor)

    response = client.get(guide_url(guide))

    assert reverse("wagtailadmin_pages:edit", args=[guide.pk]) in (
        response.content.decode()
    )


def test_the_sidebar_leads_to_the_guides(reader, guide):
    response = reader.get(reverse("wagtailadmin_home"))

    assert reverse("guides_admin:list") in response.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_editors_preview_the_guide_and_its_index_in_their_language(
    client, guide, uyghur_guide, language
):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    client.force_login(editor)
    page = guide if language == "zh-hans" else uyghur_guide
    direction = "rtl" if language == "ug" else "ltr"

    for shown in (page, page.get_parent()):
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=[shown.pk]))

        html = response.content.decode()
        assert response.status_code == 200
        assert f'<html lang="{language}" dir="{direction}">' in html
        assert shown.title in html
