"""Table columns the filing listings share."""

from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column


class ApplicationPaginator(WagtailPaginator):
    """Wagtail's paginator writes "88 申请书"; Chinese wants "88 份申请书"."""

    @property
    def items_count_label(self):
        return ngettext(
            "%(count)s application", "%(count)s applications", self.count
        ) % {"count": self.count}


class FilingPaginator(WagtailPaginator):
    @property
    def items_count_label(self):
        return ngettext("%(count)s filing", "%(count)s filings", self.count) % {
            "count": self.count
        }


class NumberedPageMixin:
    """Gives each row of a listing page its row number (序号) as `row_number`."""

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        object_list = list(object_list)
        for number, item in enumerate(object_list, start=page.start_index()):
            item.row_number = number
        page.object_list = object_list
        return paginator, page, object_list, is_paginated


class RowNumberColumn(Column):
    """The row number (序号) `NumberedPageMixin` gives each row."""

    def __init__(self, name="row_number", **kwargs):
        kwargs.setdefault("label", _("No."))
        kwargs.setdefault("width", "4%")
        super().__init__(name, **kwargs)


def title_with_headcount(filing):
    return gettext("%(title)s (%(count)d people)") % {
        "title": filing,
        "count": filing.declared_headcount,
    }


class DetailsLinkColumn(Column):
    """A "Details" link to the page `get_url` gives for the row's filing."""

    cell_template_name = "filing/tables/details_cell.html"

    def __init__(self, name, get_url, **kwargs):
        super().__init__(name, **kwargs)
        self.get_url = get_url

    def get_value(self, instance):
        return self.get_url(instance)


class LocalDateTimeColumn(Column):
    """A timestamp as the users read it: China time, to the second."""

    cell_template_name = "filing/tables/ltr_cell.html"

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return ""
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


class IsoDateColumn(Column):
    """A date as 2024-12-30, the way every other page of the filing shows it."""

    cell_template_name = "filing/tables/ltr_cell.html"

    def get_value(self, instance):
        value = super().get_value(instance)
        return value.isoformat() if value else ""
