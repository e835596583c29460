"""Guides as every admin user reads them, whether or not they may edit pages."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .help import guides_for_reader, help_for, reader_language
from .models import GuidePage


class GuideHelpMixin:
    """Gives a view's template the help panel: the sections tied to its places.

    templates/guides/includes/help_panel.html shows them, in the reader's
    language, with a link to each whole guide.
    """

    # Where the view is, among guides.blocks.place_choices().
    help_places = []
    # The panel's summary line; None reads "How to do this step".
    help_title = None
    # Folded, for pages where the work itself should come first.
    help_closed = False

    def get_help_places(self):
        return self.help_places

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A listing's results refreshed alone have no room for the panel.
        if getattr(self, "results_only", False):
            return context
        context["guide_help"] = help_for(*self.get_help_places())
        context["help_title"] = self.help_title
        context["help_closed"] = self.help_closed
        return context


class GuideListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "guides/admin/guide_list.html"
    page_title = gettext_lazy("Procedure guides")
    header_icon = "help"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["guides"] = guides_for_reader()
        return context


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "guides/admin/guide.html"
    header_icon = "help"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(
            GuidePage.objects.live().select_related("locale"), pk=kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        language = reader_language()
        if self.page.locale.language_code != language:
            translated = (
                self.page.get_translations()
                .live()
                .filter(locale__language_code=language)
                .first()
            )
            if translated is not None:
                return redirect("guides_admin:guide", translated.pk)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("guides_admin:list"), "label": _("Procedure guides")},
            {"url": "", "label": self.page.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["sections"] = self.page.sections()
        # get() has already moved the reader to their language where it exists.
        context["fallback"] = self.page.locale.language_code != reader_language()
        permissions = self.page.permissions_for_user(self.request.user)
        context["can_edit"] = permissions.can_edit()
        return context
