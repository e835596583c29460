"""The guide sections tied to a place in the admin, in the reader's language."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

from .models import GuidePage


@dataclass
class GuideHelp:
    """A guide as one reader sees it: its page, and whether it is a fallback."""

    page: GuidePage
    sections: list
    # The page is the Chinese original because the reader's language has no
    # translation of it yet.
    fallback: bool


def default_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def reader_language():
    return get_supported_content_language_variant(translation.get_language())


def guides_for_reader(language=None):
    """Each live guide once: in `language` when translated, else in Chinese."""
    language = language or reader_language()
    default = default_language()
    pages = (
        GuidePage.objects.live()
        .filter(locale__language_code__in={language, default})
        .select_related("locale")
        .order_by("path")
    )
    originals, translations = [], {}
    for page in pages:
        if page.locale.language_code == default:
            originals.append(page)
        if page.locale.language_code == language:
            translations[page.translation_key] = page

    guides = []
    for original in originals:
        page = translations.pop(original.translation_key, None)
        guides.append(GuideHelp(page or original, [], fallback=page is None))
    # Guides written in the reader's language with no Chinese original.
    guides += [GuideHelp(page, [], fallback=False) for page in translations.values()]
    return guides


def help_for(*places, language=None):
    """The guides with sections tied to any of `places` (see blocks.place_choices)."""
    found = []
    for guide in guides_for_reader(language):
        guide.sections = guide.page.sections_for(*places)
        if guide.sections:
            found.append(guide)
    return found
