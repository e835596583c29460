"""The screenshots of our admin inside the guides, one set per language."""

import pytest
from django.urls import reverse
from PIL import Image

from guides.content import (
    CAPTIONS,
    GUIDES,
    POST_REVIEW_FILING,
    SCREENSHOTS,
    load_guides,
)

from .conftest import speak

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "ug"]
# Cropped and reduced to a palette, a screenshot stays well under this.
MAX_BYTES = 120 * 1024


def named_screenshots(guides=GUIDES):
    return [s[5] for guide in guides for s in guide["sections"] if len(s) > 5]


# The guide the `guide` fixture loads.
FILING_SHOTS = named_screenshots([POST_REVIEW_FILING])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screenshot_a_step_names_is_shipped_small(language):
    names = named_screenshots()

    assert len(names) >= 10
    for name in names:
        path = SCREENSHOTS / language / f"{name}.png"
        assert path.stat().st_size <= MAX_BYTES, path
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.mode == "P", f"{path} is not reduced to a palette"
            assert image.width <= 1280 and image.height <= 600
        assert CAPTIONS[name][0] and CAPTIONS[name][1]


def test_only_steps_carry_screenshots():
    for guide in GUIDES:
        for section in guide["sections"]:
            assert len(section) == 5 or section[0] == "step", section


def test_each_language_gets_its_own_screenshots(guide, uyghur_guide):
    def images(page):
        return {
            block.value["caption"]: block.value["image"]
            for block in page.specific.body
            if block.block_type == "step" and block.value["image"]
        }

    chinese, uyghur = images(guide), images(uyghur_guide)

    assert set(chinese) == {CAPTIONS[name][0] for name in FILING_SHOTS}
    assert set(uyghur) == {CAPTIONS[name][1] for name in FILING_SHOTS}
    assert {i.pk for i in chinese.values()}.isdisjoint(i.pk for i in uyghur.values())
    assert all(
        i.file.name.startswith("original_images/guide-ug-") for i in uyghur.values()
    )


def test_loading_again_makes_no_second_image(guide):
    from wagtail.images import get_image_model

    count = get_image_model().objects.count()

    load_guides()

    assert count == get_image_model().objects.count() > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_shows_its_screenshots_and_serves_them(
    client, filer, guide, uyghur_guide, language
):
    speak(filer, language)
    client.force_login(filer)
    page = guide if language == "zh-hans" else uyghur_guide

    html = client.get(reverse("guides_admin:guide", args=[page.pk])).content.decode()
    sources = [
        part.split('"')[0] for part in html.split('<img src="')[1:]
        if part.startswith("/images/")
    ]  # fmt: skip

    assert len(sources) == len(FILING_SHOTS)
    assert f'alt="{CAPTIONS["notice"][LANGUAGES.index(language)]}"' in html
    response = client.get(sources[0])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_help_panels_leave_the_screenshots_out(client, filer, filing, guide):
    client.force_login(filer)

    html = client.get(reverse("filing_wizard:notice", args=[filing.pk])).content
    assert b"guide-help" in html
    assert b'<img src="/images/' not in html


def test_the_api_gives_each_screenshot_its_address(client, guide):
    body = client.get(
        "/api/v2/pages/",
        {"type": "guides.GuidePage", "slug": "post-review-filing", "locale": "ug",
         "fields": "body"},
    ).json()  # fmt: skip

    steps = [s for s in body["items"][0]["body"] if s["type"] == "step"]
    with_images = [s["value"] for s in steps if s["value"]["image"]]
    assert len(with_images) == len(FILING_SHOTS)
    address = with_images[0]["image_url"]
    assert address.startswith("/images/") and "guide-ug-" in address
    assert client.get(address).status_code == 200
