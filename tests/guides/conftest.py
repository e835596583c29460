import pytest
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from filing.roles import CONTENT_EDITORS
from guides.content import load_guides


@pytest.fixture
def guide(db):
    """The shipped guide to post-review filing, in Chinese, with its Uyghur copy."""
    page = load_guides(CONTENT_EDITORS)[0]
    return page


@pytest.fixture
def uyghur_guide(guide):
    return guide.get_translation(Locale.objects.get(language_code="ug"))


@pytest.fixture
def untranslated(uyghur_guide):
    """The Uyghur translation taken down: Uyghur readers get the Chinese guide."""
    uyghur_guide.unpublish()
    return uyghur_guide


def speak(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
