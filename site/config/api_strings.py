"""Sentences of Django REST framework and Django that the API answers with.

DRF ships no Uyghur catalogue, and Django falls back to the default
language's catalogue for a missing entry, so a portal asking in Uyghur read
these in Chinese. Listing them here with `gettext_noop` keeps them in our
catalogues, where Django looks first; our Chinese for them replaces DRF's and
Django's own where theirs read badly. Only the sentences the public
certificate verification can give are listed (issue 4's endpoints will add
theirs). Nothing imports this module.
"""

from django.utils.translation import gettext_noop as _

API_STRINGS = [
    _("Invalid input."),
    _("Request was throttled."),
    # DRF translates these before putting the number in, so they are looked
    # up as plain sentences.
    _("Expected available in {wait} second."),
    _("Expected available in {wait} seconds."),
    _('Method "{method}" not allowed.'),
    _("Not found."),
    _("Null characters are not allowed."),
]
