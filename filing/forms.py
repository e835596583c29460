"""Forms of the filing wizard."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from .actions import APPROVED_STATUSES
from .models import (
    Application,
    AttachmentKind,
    DataSource,
    Filing,
    FilingLevel,
    OrganizingUnit,
    ReviewMeeting,
)
from .permissions import administered_units
from .review_rules import meeting_findings
from .scans import ScanField
from .validators import (
    china_today,
    normalize_notice_number,
    validate_conferred_on,
    validate_notice_number,
    validate_notice_year,
)

FIXED_HELP = _("Cannot be changed after the first save.")
EARLIEST_REVIEW_YEAR = 2015


def review_year_choices():
    this_year = china_today().year
    return [
        (year, str(year)) for year in range(this_year, EARLIEST_REVIEW_YEAR - 1, -1)
    ]


def latest_open_review_year(units):
    """The latest year with applications of these units still to be filed."""
    latest = (
        Application.objects.filter(organizing_unit__in=units, passed_review=True)
        .not_in_live_filing()
        .aggregate(year=Max("review_year"))["year"]
    )
    return latest or china_today().year - 1


class BasicInformationForm(forms.ModelForm):
    """Step 1. Review year, data source and level are fixed after the first save."""

    fixed_fields = ("organizing_unit", "review_year", "data_source", "filing_level")

    review_year = forms.TypedChoiceField(
        label=_("Review year"), coerce=int, choices=review_year_choices
    )
    data_source = forms.ChoiceField(label=_("Data source"), choices=DataSource.choices)
    filing_level = forms.ChoiceField(
        label=_("Filing level"), choices=FilingLevel.choices
    )

    class Meta:
        model = Filing
        fields = [
            "organizing_unit",
            "notice_title",
            "review_year",
            "declared_headcount",
            "data_source",
            "filing_level",
            "pre_review",
        ]
        help_texts = {
            "notice_title": _(
                "As printed on the notice, e.g. 关于王璐等38位同志…的通知. "
                "It may wait until the applications are selected (a title is "
                "then suggested here), but a filing cannot be submitted without it."
            ),
            "declared_headcount": _("How many people the notice confers titles on."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = self.fields["organizing_unit"]
        units.queryset = administered_units(user)
        units.empty_label = None
        self.fields["notice_title"].widget.attrs["dir"] = "auto"
        self.fields["declared_headcount"].widget.attrs["min"] = 1

        if self.instance.pk:
            for name in self.fixed_fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = FIXED_HELP
        else:
            for name in self.fixed_fields:
                self.fields[name].help_text = FIXED_HELP
            self.fields["notice_title"].required = False
            self.fields["review_year"].initial = latest_open_review_year(units.queryset)
        self._limit_pre_review_choices(units.queryset)

    def _limit_pre_review_choices(self, units):
        """Approved pre-review filings of the user's units; clean checks the rest."""
        field = self.fields["pre_review"]
        queryset = Filing.objects.filter(
            kind=Filing.Kind.PRE_REVIEW,
            status__in=APPROVED_STATUSES,
            organizing_unit__in=units,
        ).select_related("meeting")
        if self.instance.pk:
            queryset = queryset.filter(
                organizing_unit_id=self.instance.organizing_unit_id,
                review_year=self.instance.review_year,
                filing_level=self.instance.filing_level,
                data_source=self.instance.data_source,
            )
        field.queryset = queryset.order_by("-review_year", "-meeting__meeting_date")
        field.label_from_instance = pre_review_label
        field.empty_label = _("None")

    def clean_review_year(self):
        return int(self.cleaned_data["review_year"])

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("pre_review")
        if chosen is None:
            return cleaned
        filing = self.instance
        for name in ("organizing_unit", "review_year", "filing_level", "data_source"):
            value = cleaned.get(name, getattr(filing, name, None))
            if name == "organizing_unit":
                value = value.pk if value else None
                mine = chosen.organizing_unit_id
            else:
                mine = getattr(chosen, name)
            if value != mine:
                self.add_error(
                    "pre_review",
                    _(
                        "This meeting was of another unit, review year, data "
                        "source or level; choose one that matches this filing."
                    ),
                )
                break
        return cleaned


def pre_review_label(filing):
    meeting = getattr(filing, "meeting", None)
    if meeting is None:
        return str(filing)
    return _("%(committee)s, %(date)s, %(place)s") % {
        "committee": meeting.committee_name,
        "date": meeting.meeting_date.isoformat(),
        "place": meeting.place,
    }


class MeetingForm(forms.ModelForm):
    """Step 1 of a pre-review filing: the filing's fixed fields and its meeting.

    Rules of reference/standards.md whose setting says "warn" are kept in
    `warnings` (field name to messages) for the page to show beside the field.
    """

    fixed_fields = BasicInformationForm.fixed_fields

    review_year = BasicInformationForm.base_fields["review_year"]
    data_source = BasicInformationForm.base_fields["data_source"]
    filing_level = BasicInformationForm.base_fields["filing_level"]

    class Meta:
        model = ReviewMeeting
        fields = [
            "committee_name",
            "committee_scope",
            "series",
            "specialties",
            "meeting_date",
            "place",
            "committee_size",
            "experts_present",
        ]
        widgets = {"meeting_date": AdminDateInput}
        help_texts = {
            "committee_name": _("As approved when the committee was formed."),
            "specialties": _("The specialties reviewed, separated by 、"),
            "experts_present": _("How many of the committee's experts attend."),
        }

    organizing_unit = BasicInformationForm.base_fields["organizing_unit"]
    declared_headcount = forms.IntegerField(
        label=_("Number of candidates"),
        min_value=1,
        help_text=_("How many applications are put before the meeting."),
    )
    field_order = [
        "organizing_unit",
        "review_year",
        "data_source",
        "filing_level",
        "committee_name",
        "committee_scope",
        "series",
        "specialties",
        "meeting_date",
        "place",
        "committee_size",
        "experts_present",
        "declared_headcount",
    ]

    def __init__(self, *args, user, filing=None, **kwargs):
        self.filing = filing
        if filing is not None:
            kwargs["instance"] = filing.meeting
            kwargs["initial"] = {
                name: getattr(filing, name)
                for name in (*self.fixed_fields, "declared_headcount")
            } | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)
        self.warnings = {}
        units = self.fields["organizing_unit"]
        units.queryset = administered_units(user)
        units.empty_label = None
        for name in ("committee_name", "specialties", "place"):
            self.fields[name].widget.attrs["dir"] = "auto"
        for name in self.fixed_fields:
            self.fields[name].help_text = FIXED_HELP
            self.fields[name].disabled = filing is not None
        if filing is None:
            self.fields["review_year"].initial = china_today().year

    def clean_review_year(self):
        return int(self.cleaned_data["review_year"])

    def clean(self):
        cleaned = super().clean()
        size, present = cleaned.get("committee_size"), cleaned.get("experts_present")
        if size and present and present > size:
            self.add_error(
                "experts_present",
                _("More experts cannot attend than the committee has."),
            )
            return cleaned
        for finding in meeting_findings(
            filing_level=cleaned.get("filing_level"),
            committee_scope=cleaned.get("committee_scope"),
            committee_size=size,
            experts_present=present,
        ):
            if finding.refuses:
                self.add_error(finding.field, finding.message)
            else:
                self.warnings.setdefault(finding.field, []).append(finding.message)
        return cleaned

    def findings_of_saved(self):
        """Warnings about the meeting as saved, for the page before any edit."""
        if self.filing is None or self.is_bound:
            return
        meeting = self.filing.meeting
        for finding in meeting_findings(
            filing_level=self.filing.filing_level,
            committee_scope=meeting.committee_scope,
            committee_size=meeting.committee_size,
            experts_present=meeting.experts_present,
        ):
            self.warnings.setdefault(finding.field, []).append(finding.message)

    def rows(self):
        """Each field but the unit, with the warnings that go beside it."""
        return [
            (field, self.warnings.get(field.name, []))
            for field in self
            if field.name != "organizing_unit"
        ]

    def filing_fields(self):
        return {
            name: self.cleaned_data[name]
            for name in (*self.fixed_fields, "declared_headcount")
            if not self.fields[name].disabled
        }

    def meeting_fields(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class NoticeForm(forms.Form):
    """Step 4. The notice number is shown back in its corrected form before saving."""

    notice_number = forms.CharField(
        label=_("Notice number"),
        max_length=64,
        help_text=_(
            "As printed on the notice: issuing body's code, year in 〔〕, serial "
            "number and 号, e.g. 伊州职改〔2023〕7号."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    conferred_on = forms.DateField(label=_("Conferred on"), widget=AdminDateInput)

    def __init__(self, *args, filing, **kwargs):
        super().__init__(*args, **kwargs)
        self.filing = filing
        self.corrections = []

    def clean_notice_number(self):
        raw = self.cleaned_data["notice_number"]
        normalized = normalize_notice_number(raw)
        problems = []
        if normalized.value != raw:
            # Show the corrected form in the field and say why; the user saves
            # again once they have seen it.
            self.corrections = normalized.changes
            data = self.data.copy()
            data[self.add_prefix("notice_number")] = normalized.value
            self.data = data
            problems.append(
                ValidationError(
                    _(
                        "We corrected the notice number to %(value)s. "
                        "Check it and save again."
                    )
                    % {"value": normalized.value},
                    code="corrected",
                )
            )
        # What normalising cannot decide (第, leading zeros) is said at once,
        # not one round later.
        try:
            validate_notice_number(normalized.value)
            validate_notice_year(normalized.value, self.filing.review_year)
        except ValidationError as error:
            problems.append(error)
        if problems:
            raise ValidationError(problems)
        return normalized.value

    def clean_conferred_on(self):
        conferred_on = self.cleaned_data["conferred_on"]
        validate_conferred_on(conferred_on, self.filing.review_year)
        return conferred_on


class AttachmentUploadForm(forms.Form):
    kind = forms.ChoiceField(choices=AttachmentKind.choices, widget=forms.HiddenInput)
    file = ScanField(label=_("PDF file"))


class IdListField(forms.Field):
    """Several posted ids; whether each may be used is the action's business."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise ValidationError(
                _("The ticked rows could not be read; reload the page."), code="invalid"
            ) from None


class ApplicationIdsForm(forms.Form):
    """The ticked rows of step 2, or every row matching the current filters."""

    application = IdListField(required=False)
    all_matching = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("application") and not cleaned.get("all_matching"):
            raise ValidationError(
                _("Tick at least one application first."), code="nothing_ticked"
            )
        return cleaned


class ApplicationImportForm(forms.Form):
    """A file of applications, and the unit and year its rows belong to."""

    organizing_unit = forms.ModelChoiceField(
        label=_("Organizing unit"), queryset=OrganizingUnit.objects.none()
    )
    review_year = forms.TypedChoiceField(
        label=_("Review year"), coerce=int, choices=review_year_choices
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("An XLSX workbook, or a CSV file in UTF-8 or GB18030."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizing_unit"].queryset = units
        if len(units) == 1:
            self.fields["organizing_unit"].initial = units[0]
        self.fields["review_year"].initial = latest_open_review_year(units)
