"""Filters of the filing listings, with django-filter."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from .forms import review_year_choices
from .models import (
    Application,
    Filing,
    FilingLevel,
    OrganizingUnit,
    Qualification,
    TitleLevel,
)
from .permissions import administered_units, visible_filings
from .validators import CHINA_TIME


class FilingFilterSet(WagtailFilterSet):
    keyword = django_filters.CharFilter(
        label=_("Keyword"),
        method="filter_keyword",
        help_text=_("Part of the notice title or notice number."),
    )
    review_year = django_filters.ChoiceFilter(
        label=_("Review year"), choices=review_year_choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Filing.Kind.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    filing_level = django_filters.ChoiceFilter(
        label=_("Filing level"),
        choices=FilingLevel.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Filing.Status.choices, empty_label=_("All")
    )
    organizing_unit = django_filters.ModelChoiceFilter(
        label=_("Organizing unit"),
        queryset=lambda request: OrganizingUnit.objects.filter(
            Q(pk__in=administered_units(request.user).values("pk"))
            | Q(pk__in=visible_filings(request.user).values("organizing_unit"))
        ),
    )

    class Meta:
        model = Filing
        fields = [
            "keyword",
            "kind",
            "review_year",
            "filing_level",
            "status",
            "organizing_unit",
        ]

    def filter_keyword(self, queryset, name, value):
        return filings_matching(queryset, value)


def filings_matching(queryset, keyword):
    """Filings whose notice title or notice number holds the keyword."""
    keyword = keyword.strip()
    if not keyword:
        return queryset
    return queryset.filter(
        Q(notice_title__icontains=keyword) | Q(notice_number__icontains=keyword)
    )


class QuickSelect(forms.Select):
    """A select box rendered in Python rather than one template per option.

    Django's template per option costs about a tenth of a millisecond each;
    the qualification picker has dozens, on a page asked for at every click.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, " selected" if str(choice) in selected else "", label)
                for choice, label in self.choices
            ),
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, options)


class CandidateFilterSet(WagtailFilterSet):
    """Narrows the applications of step 2; built for one filing."""

    level = django_filters.ChoiceFilter(
        label=_("Level"),
        field_name="qualification__level",
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    reviewed_since = django_filters.DateFilter(
        label=_("Reviewed since"), method="filter_reviewed_since", widget=AdminDateInput
    )
    qualification = django_filters.ModelChoiceFilter(
        label=_("Qualification"),
        queryset=Qualification.objects.none(),
        widget=QuickSelect,
    )
    keyword = django_filters.CharFilter(
        label=_("Keyword"),
        method="filter_keyword",
        help_text=_(
            "Application number, applicant, employer, recommending unit, specialty "
            "or the whole ID number."
        ),
    )

    class Meta:
        model = Application
        fields = ["level", "reviewed_since", "qualification", "keyword"]

    def __init__(self, *args, filing, **kwargs):
        super().__init__(*args, **kwargs)
        levels = set(filing.title_levels)
        self.filters["level"].extra["choices"] = [
            (value, label) for value, label in TitleLevel.choices if value in levels
        ]
        in_pool = filing.eligible_pool().values("qualification_id")
        self.filters["qualification"].queryset = (
            Qualification.objects.filter(pk__in=in_pool)
            .select_related("series")
            .order_by("series__code", "level", "name")
        )

    def filter_reviewed_since(self, queryset, name, value):
        # The day starts at midnight in China, whatever zone the server runs in.
        start = datetime.datetime.combine(value, datetime.time.min, tzinfo=CHINA_TIME)
        return queryset.filter(reviewed_at__gte=timezone.localtime(start))

    def filter_keyword(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(applicant_name__icontains=value)
            | Q(employer__icontains=value)
            | Q(recommending_unit__icontains=value)
            | Q(specialty__icontains=value)
            | Q(id_number=value.upper())
        )
