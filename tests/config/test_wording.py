import pytest
from django.utils import translation

from config.wording import listed

SERIES = ["卫生技术", "会计"]


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "卫生技术、会计"), ("ug", "卫生技术، 会计")]
)
def test_a_list_is_joined_as_the_readers_language_writes_it(language, expected):
    with translation.override(language):
        assert listed(SERIES) == expected


def test_a_single_item_stands_alone():
    with translation.override("ug"):
        assert listed(["会计"]) == "会计"
