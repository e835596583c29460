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
    _("Authentication credentials were not provided."),
    _("You do not have permission to perform this action."),
    _("Invalid cursor"),
    _("Invalid page."),
    _('Unsupported media type "{media_type}" in request.'),
    _("Malformed request."),
    _("This field is required."),
    _("This field may not be null."),
    _("This field may not be blank."),
    _("A valid integer is required."),
    _("Not a valid string."),
    _("Must be a valid boolean."),
    _("This list may not be empty."),
    _("Ensure this field has at least {min_length} elements."),
    _("Ensure this field has no more than {max_length} elements."),
    _('Expected a list of items but got type "{input_type}".'),
    _('Expected a dictionary of items but got type "{input_type}".'),
    _('"{input}" is not a valid choice.'),
    _("Ensure this field has no more than {max_length} characters."),
    _("Ensure this value is greater than or equal to {min_value}."),
    _("Date has wrong format. Use one of these formats instead: {format}."),
    _("The submitted data was not a file. Check the encoding type on the form."),
    _("No file was submitted."),
]
