"""The guide sections tied to a place in the admin, in the reader's language."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max
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


# help_for's answers in this process, by language, places and guides_version().
# Every wizard step and review page asks; reading the guides' bodies again
# each time cost a fifth of the candidate page (bench/bench_candidates.py).
_answers = {}
_MOST_ANSWERS = 256


def guides_version():
    """Changes whenever a guide is published, unpublished, translated or deleted.

    One small query, so that every process sees an editor's change at once.
    Moving a guide without publishing it keeps the old order until then.
    """
    return tuple(
        GuidePage.objects.live()
        .aggregate(
            count=Count("pk"),
            published=Max("last_published_at"),
            revision=Max("live_revision_id"),
        )
        .values()
    )


def help_for(*places, language=None):
    """The guides with sections tied to any of `places` (see blocks.place_choices)."""
    language = language or reader_language()
    key = (language, places, guides_version())
    if key not in _answers:
        if len(_answers) >= _MOST_ANSWERS:
            _answers.clear()
        _answers[key] = _find_help(places, language)
    return _answers[key]


def _find_help(places, language):
    found = []
    for guide in guides_for_reader(language):
        guide.sections = guide.page.sections_for(*places)
        if guide.sections:
            found.append(guide)
    return found
