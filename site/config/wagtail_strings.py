"""Wagtail admin strings (and a few of Django's) that their catalogues get wrong.

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
    # Django's own: its ug catalogue joins the number to the unit of a file
    # size ("8.0مېگا بايىت") where its kilobytes keep a space; the size limits
    # of the scans and the import show them.
    _("%s MB"),
    _("%s GB"),
    # Account page, where each user picks the admin language.
    _("Use server language: %(language_name)s"),
    _("Theme preferences"),
    _("admin theme"),
    _("contrast"),
    _("More contrast"),
    _("density"),
    _("Snug"),
    _("Enable custom keyboard shortcuts specific to Wagtail."),
    # Guides: the page explorer and the page editor, as a content editor sees
    # them (status side panel, content checks, publishing schedule).
    _("Exploring"),
    _("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    _("Date updated"),
    _("Edited by"),
    _("Has child pages"),
    _("Page type"),
    _("Any"),
    _(
        "There is no site record for this location. Pages created here will not "
        "be accessible at any URL."
    ),
    _("Available in %(translations_total)s locales"),
    _("Locking: "),
    _("Anyone can edit this %(model_name)s"),
    _("Choose who can view the live version of this page"),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times"),
    _("Saved"),
    _("Autosave is paused"),
    _("Autosave is <span>paused</span>"),
    _("Toggle checks"),
    _("Checks"),
    _("Show issue"),
    _("Correct the validation errors to resume preview (saving will highlight errors)"),
    _("Content metrics"),
    _("Words"),
    _("Reading time"),
    _("Readability"),
    _("This data explained"),
    _("How we calculate our metrics"),
    _(
        "We extract the main content from the page preview, remove all "
        "formatting, and calculate the number of words."
    ),
    _(
        "We calculate reading time from word count, using different reading "
        "speeds for different languages."
    ),
    _(
        "We use a readability formula based on length of words and sentences. "
        "Long sentences and words result in a worse readability score."
    ),
    _(
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> '
        "for more information on how content metrics are calculated."
    ),
    _("URL"),
    # Wagtail's zh_Hans wording has "URL" in Latin letters.
    _(
        "The name of the page as it will appear in URLs e.g "
        "http://domain.com/blog/[my-slug]/"
    ),
    _("Choose when this page should go live and/or expire"),
    _(
        "This publishing schedule will only take effect after you select the "
        '"Schedule to publish" option'
    ),
    _("Schedule to publish"),
    _("Anyone with editing permissions can create schedules"),
    _("But only those with publishing permissions can make them effective."),
    # What a content editor reaches from the sidebar: the page explorer, the
    # dashboard's summary, the images (the guides' screenshots), the reports
    # and a page's history.
    _(
        "Pages created here will not be accessible at any URL. To add pages to "
        "an existing site, create them as children of the homepage."
    ),
    _(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add '
        "one</a>?"
    ),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    _("Newest"),
    _("Oldest"),
    _("Title: (A -> Z)"),
    _("Title: (Z -> A)"),
    _("File size: (low to high)"),
    _("File size: (high to low)"),
    _("Usage count: (low to high)"),
    _("Usage count: (high to low)"),
    _("Grid layout"),
    _("List layout"),
    _("URL Generator"),
    _(
        "Please provide an image description to comply with best practices for "
        "accessibility."
    ),
    _(
        "Upload successful. However, your new image seems to be a duplicate of "
        "this existing image. You may delete it if it wasn't required."
    ),
    _("Is commenting action"),
    _("The page could not be saved due to validation errors."),
    _("Compare"),
]
