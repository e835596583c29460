"""Content editors keep the guides: drafts, previews, revisions, translations."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from filing.factories import UserFactory
from filing.roles import CONTENT_EDITORS
from guides.models import GuidePage

from .conftest import speak

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(guide):
    user = UserFactory(username="editor_chen")
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    speak(user, "zh-hans")
    return user


@pytest.fixture
def editing(client, editor):
    client.force_login(editor)
    return client


def guide_form(title, heading, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": "appointments",
            "summary": "",
            "body": streamfield(
                [("heading", {"text": heading, "wizard_step": "", "field": ""})]
            ),
            "comments": inline_formset([]),
            **extra,
        }
    )


def test_the_editors_group_may_translate_and_use_images(editor):
    assert editor.has_perm("simple_translation.submit_translation")
    image_permissions = policy_registry.get_by_type(get_image_model())
    for action in ("add", "change", "choose"):
        assert image_permissions.user_has_permission(editor, action), action


def test_an_editor_drafts_previews_revises_and_publishes_a_guide(editing, guide):
    index = guide.get_parent()
    add = reverse("wagtailadmin_pages:add", args=["guides", "guidepage", index.pk])

    # A draft: saved, not live, one revision.
    response = editing.post(add, guide_form("预约办理指南", "预约"))
    page = GuidePage.objects.get(slug="appointments")
    assert response.status_code == 302
    assert not page.live
    assert page.revisions.count() == 1

    # Preview of unsaved changes, in the editor's language.
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    checked = editing.post(preview, guide_form("预约办理指南", "预约以后"))
    shown = editing.get(preview)
    assert checked.json()["is_valid"] is True
    assert shown.status_code == 200
    assert "预约以后" in shown.content.decode()
    assert '<html lang="zh-hans" dir="ltr">' in shown.content.decode()

    # A second revision, then publishing it.
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    editing.post(edit, guide_form("预约办理指南", "预约以后"))
    editing.post(
        edit, guide_form("预约办理指南", "预约以后", **{"action-publish": "1"})
    )
    page.refresh_from_db()
    assert page.revisions.count() == 3
    assert page.live
    assert page.specific.body[0].value["text"] == "预约以后"

    # Earlier revisions stay readable and comparable.
    first, second = page.revisions.order_by("pk")[:2]
    history = editing.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    compare = editing.get(
        reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[page.pk, first.pk, second.pk],
        )
    )
    assert history.status_code == 200
    assert compare.status_code == 200


def test_an_editor_starts_the_uyghur_translation_of_a_guide(editing, guide):
    uyghur = Locale.objects.get(language_code="ug")
    guide.get_translation(uyghur).delete()
    submit = reverse("simple_translation:submit_page_translation", args=[guide.pk])

    form = editing.get(submit)
    response = editing.post(submit, {"locales": [uyghur.pk]})

    assert form.status_code == 200
    assert response.status_code == 302
    copy = guide.get_translation(uyghur)
    # A draft copy for the editor to translate, with the same sections.
    assert not copy.live
    assert len(copy.specific.body) == len(guide.body)


def test_an_editor_can_pick_a_screenshot_for_a_step(editing, guide):
    response = editing.get(reverse("wagtailimages_chooser:choose"))

    assert response.status_code == 200
