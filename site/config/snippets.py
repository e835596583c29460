"""The base of our snippet viewsets: Wagtail's, its breadcrumbs worded per user."""

from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views import snippets


class SnippetViewSet(snippets.SnippetViewSet):
    """Wagtail's snippet viewset, its breadcrumbs in the reader's language.

    Wagtail 8 words a snippet viewset's first breadcrumbs with an eager
    gettext while the URLs are built at start-up, so every user read them in
    the server's language: 首页 on an otherwise Uyghur screen. The same items
    with lazy strings are worded each time a page is drawn.
    """

    @property
    def breadcrumbs_items(self):
        items = [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]
        if (
            getattr(settings, "WAGTAILSNIPPETS_MENU_SHOW_ALL", False)
            or not self.get_menu_item_is_registered()
        ):
            items.append(
                {"url": reverse_lazy("wagtailsnippets:index"), "label": _("Snippets")}
            )
        return items
