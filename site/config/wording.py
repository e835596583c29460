"""Lists worded the way the reader's language writes them."""

from django.utils.translation import pgettext


def listed(items):
    """The items joined as the reader's language lists them: 甲、乙 or ئا، ب."""
    # Translators: the mark between the items of a list, with its spaces:
    # 、 in Chinese, "، " in Uyghur.
    return pgettext("between the items of a list", ", ").join(map(str, items))
