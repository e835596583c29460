"""Wagtail admin strings (and two of Django's) that their catalogues leave untranslated.

Wagtail 8 ships a zh_Hans catalogue that lacks about a quarter of the admin's
strings, and its ug catalogue lacks a few, so a filing administrator would
read English on screens that are otherwise Chinese or Uyghur. Django looks up
the catalogues under LOCALE_PATHS (our `locale/`) before the apps' own, so
we translate those strings there. `makemessages` keeps only msgids it finds in
our source: listing them here with `gettext_noop` keeps them in our catalogues.
Nothing imports this module.

Only the strings of the screens a filing administrator reaches are listed
(login, dashboard, the "备案工作" menu, "我的备案", the wizard, the filing
details, the review-office snippets, the account page and the messages after
actions), each copied exactly from Wagtail's catalogue. When Wagtail's own
catalogue gains one of them, its line can go. Wagtail also writes a few
English words straight into its templates, outside any catalogue; those are
listed in tests/config/test_admin_language.py.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy

WAGTAIL_STRINGS = [
    # Every page: the skeleton, the sidebar and the keyboard-shortcuts dialog.
    _(
        "JavaScript is required to use Wagtail, but it is currently disabled.<br /> "
        'Here are the <a href="https://www.enable-javascript.com/" '
        'target="_blank" rel="noreferrer">instructions how to enable JavaScript '
        "in your web browser</a>."
    ),
    _("Go to the first error"),
    _("Shortcuts"),
    _("Show keyboard shortcuts"),
    _("account"),
    _(
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s "
        "to disable them."
    ),
    _(
        "Keyboard shortcuts are currently disabled; manage your %(account_link)s "
        "to enable them."
    ),
    _("Section"),
    # Translators: heading of the keyboard shortcuts that work on every admin
    # page; not an application (申请书).
    _("Application"),
    _("Toggle minimap"),
    _("Close modal dialogs (like this one)"),
    _("Save changes"),
    _("Add or show comments"),
    _("Text editing"),
    _("Cut"),
    _("Paste"),
    _("Paste and match style"),
    _("Paste without formatting"),
    _("Text formatting"),
    _("Insert or edit a link"),
    _("Monospace (code)"),
    _("Strike-through"),
    # The sidebar's reports menu, as a system administrator sees it.
    _("Page types usage"),
    # Dashboard.
    _("Edit account avatar"),
    # Listings: "我的备案", step 2 of the wizard, the review offices.
    _("Sort by '%(label)s' in ascending order."),
    _("Sort by '%(label)s' in descending order."),
    _("%(field_label)s:"),
    _("No %(model_name)s match your query."),
    # Wagtail's zh_Hans wording ("共有 12 个符合") leaves the sentence unfinished.
    ngettext_lazy("There is %(counter)s match", "There are %(counter)s matches"),
    # Review-office create and edit forms.
    _("New: %(model_name)s"),
    _("To be created by %(user)s"),
    _("Actions (footer)"),
    _("Save your changes before leaving"),
    _("A network error occurred"),
    _(
        "Troubleshoot your connection to the site before proceeding. Open the "
        "editor in a separate tab to view the last saved version."
    ),
    _("View latest version"),
    # When an office was last changed, and by whom (status side panel).
    _("at %(time)s by %(user_display_name)s"),
    _("at %(time)s"),
    _("%(time)s by %(user_display_name)s"),
    _("%(time_period)s ago by %(user_display_name)s"),
    # Django's own: Django has no Uyghur date-time format, so Wagtail's date
    # tooltips in ug use the default one, whose a.m. and p.m. Django's ug
    # catalogue leaves in English.
    _("a.m."),
    _("p.m."),
    # Account page, where each user picks the admin language.
    _("Use server language: %(language_name)s"),
    _("Theme preferences"),
    _("admin theme"),
    _("contrast"),
    _("More contrast"),
    _("density"),
    _("Snug"),
    _("Enable custom keyboard shortcuts specific to Wagtail."),
]
