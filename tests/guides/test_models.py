"""Guide pages, their sections, and the guides the product ships."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from filing.factories import UserFactory
from filing.roles import CONTENT_EDITORS
from filing.views.wizard import STEPS
from guides.blocks import REVIEW, REVIEW_PLACES, GuideBodyBlock, place_names
from guides.content import GUIDES, POST_REVIEW_FILING_SECTIONS, load_guides
from guides.models import GuideIndexPage, GuidePage

pytestmark = pytest.mark.django_db


def test_both_content_languages_have_a_locale():
    codes = set(Locale.objects.values_list("language_code", flat=True))

    assert codes == {"zh-hans", "ug"}


def test_a_section_can_be_tied_to_each_wizard_step_and_each_review_page():
    names = place_names()

    assert names == [name for _n, name, _label in STEPS] + [
        name for name, _label in REVIEW_PLACES
    ]


def test_steps_are_numbered_among_themselves():
    page = GuidePage(
        title="指南",
        body=[
            {"type": "heading", "value": {"text": "开始", "wizard_step": ""}},
            {"type": "step", "value": {"text": "<p>一</p>", "wizard_step": "basic"}},
            {"type": "note", "value": {"body": "<p>注</p>", "wizard_step": "basic"}},
            {"type": "step", "value": {"text": "<p>二</p>", "wizard_step": "notice"}},
        ],
    )

    sections = page.sections()

    assert [s.number for s in sections] == [None, 1, None, 2]
    assert [s.number for s in page.sections_for("notice")] == [2]
    assert [s.block.block_type for s in page.sections_for("basic")] == [
        "step",
        "note",
    ]


def test_a_step_needs_its_text_and_a_known_wizard_step():
    body = GuideBodyBlock()
    value = body.to_python(
        [{"type": "step", "value": {"text": "", "wizard_step": "nowhere"}}]
    )

    with pytest.raises(ValidationError) as refused:
        body.clean(value)

    errors = refused.value.block_errors[0].block_errors
    assert set(errors) == {"text", "wizard_step"}


def test_the_image_caption_and_field_of_a_step_are_optional():
    body = GuideBodyBlock()
    value = body.to_python([{"type": "step", "value": {"text": "<p>填写</p>"}}])

    body.clean(value)


def test_the_shipped_guide_is_in_chinese_with_a_uyghur_translation(guide):
    uyghur = guide.get_translation(Locale.objects.get(language_code="ug"))

    assert guide.locale.language_code == "zh-hans"
    assert guide.live and uyghur.live
    assert guide.get_parent().specific_class is GuideIndexPage
    assert uyghur.get_parent().locale.language_code == "ug"
    assert len(uyghur.body) == len(guide.body) == len(POST_REVIEW_FILING_SECTIONS)
    assert "تەستىق" in uyghur.specific.body.render_as_block()


def test_the_shipped_guide_covers_every_wizard_step_and_the_review(guide):
    places = {section.wizard_step for section in guide.sections()}

    assert places >= {name for _n, name, _label in STEPS} | {REVIEW}


def test_loading_the_guides_again_changes_nothing(guide):
    revisions = guide.revisions.count()

    load_guides(CONTENT_EDITORS)

    assert GuidePage.objects.count() == 2 * len(GUIDES)
    assert GuideIndexPage.objects.count() == 2
    assert guide.revisions.count() == revisions


def test_content_editors_may_edit_and_publish_the_guides(guide):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=CONTENT_EDITORS))

    permissions = guide.permissions_for_user(editor)

    assert permissions.can_edit()
    assert permissions.can_publish()


def test_every_shipped_guide_has_both_languages_section_by_section():
    for guide in GUIDES:
        for section in guide["sections"]:
            kind, _step, _field, chinese, uyghur, *_screenshot = section
            assert chinese and uyghur, (guide["slug"], kind)
            # Paragraphs stay paragraphs in the translation.
            assert chinese.count("<p>") == uyghur.count("<p>"), chinese
