"""Guides as every admin user reads them, whether or not they may edit pages."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .help import guides_for_reader, reader_language
from .models import GuidePage


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
