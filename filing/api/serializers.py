"""What the API says about filings, their timeline, applications and certificates.

ID numbers leave the API masked, always: a portal has no reason to hold them.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from approvals.api import LocalizedNameSerializer
from approvals.models import ReviewStep

from ..models import (
    AttachmentKind,
    DataSource,
    Filing,
    FilingLevel,
    ReviewMeeting,
    localized_name,
)
from ..validators import mask_id_number


def localized(named):
    if named is None:
        return None
    return both_names(named.name, named.name_ug)


def both_names(name, name_ug):
    return {"zh": name, "ug": name_ug or None}


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = LocalizedNameSerializer()


def named(thing):
    if thing is None:
        return None
    return {"id": thing.pk, "name": localized(thing)}


class FilingSerializer(serializers.Serializer):
    """One row of the filings list: what a portal shows about its progress."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Filing.Kind.choices)
    pre_review = serializers.IntegerField(
        source="pre_review_id",
        allow_null=True,
        help_text=_(
            "A post-review filing's approved pre-review filing: the meeting whose "
            "candidates it files."
        ),
    )
    organizing_unit = serializers.SerializerMethodField()
    notice_title = serializers.CharField()
    notice_number = serializers.CharField()
    review_year = serializers.IntegerField()
    data_source = serializers.ChoiceField(choices=DataSource.choices)
    filing_level = serializers.ChoiceField(choices=FilingLevel.choices)
    declared_headcount = serializers.IntegerField()
    conferred_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=Filing.Status.choices)
    status_display = serializers.CharField(
        help_text=_("The status as the filer reads it, with the office in brackets.")
    )
    current_office = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    last_action_at = serializers.DateTimeField()

    @extend_schema_field(NamedSerializer)
    def get_organizing_unit(self, filing):
        return named(filing.organizing_unit)

    @extend_schema_field(NamedSerializer(allow_null=True))
    def get_current_office(self, filing):
        return named(filing.current_office)

    # What a row of the list is made of. The list reads these columns with
    # .values(), so fifty rows cost no model instances; a filing instance
    # (a detail) is turned into the same row, so both read alike.
    ROW_COLUMNS = (
        "id",
        "kind",
        "pre_review_id",
        "organizing_unit_id",
        "organizing_unit__name",
        "organizing_unit__name_ug",
        "notice_title",
        "notice_number",
        "review_year",
        "data_source",
        "filing_level",
        "declared_headcount",
        "conferred_on",
        "status",
        "current_office_id",
        "current_office__name",
        "current_office__name_ug",
        "submitted_at",
        "last_action_at",
    )

    def to_representation(self, filing):
        # Built by hand: DRF's walk over fifteen fields, fifty rows a page,
        # was most of the list's time. The fields above still describe the
        # row for the schema.
        row = filing if isinstance(filing, dict) else row_of(filing)
        return {
            "id": row["id"],
            "kind": row["kind"],
            "pre_review": row["pre_review_id"],
            "organizing_unit": named_in_row(row, "organizing_unit"),
            "notice_title": row["notice_title"],
            "notice_number": row["notice_number"],
            "review_year": row["review_year"],
            "data_source": row["data_source"],
            "filing_level": row["filing_level"],
            "declared_headcount": row["declared_headcount"],
            "conferred_on": DATE.to_representation(row["conferred_on"])
            if row["conferred_on"]
            else None,
            "status": row["status"],
            "status_display": self.worded_status(row),
            "current_office": named_in_row(row, "current_office"),
            "submitted_at": TIME.to_representation(row["submitted_at"])
            if row["submitted_at"]
            else None,
            "last_action_at": TIME.to_representation(row["last_action_at"]),
        }

    def worded_status(self, row):
        """Worded once per status and office for a page, not once per row."""
        cache = self.__dict__.setdefault("_status_displays", {})
        key = (row["status"], row["current_office_id"])
        if key not in cache:
            office = None
            if row["current_office_id"] is not None:
                office = localized_name(
                    row["current_office__name"], row["current_office__name_ug"]
                )
            cache[key] = str(Filing.worded_status(row["status"], office))
        return cache[key]


# Shared by every row: a field's formatting needs no serializer of its own.
DATE = serializers.DateField()
TIME = serializers.DateTimeField()


def row_of(filing):
    """A filing as `.values(*FilingSerializer.ROW_COLUMNS)` reads it."""
    row = {}
    for column in FilingSerializer.ROW_COLUMNS:
        value = filing
        for attribute in column.split("__"):
            value = None if value is None else getattr(value, attribute)
        row[column] = value
    return row


def named_in_row(row, relation):
    """`named()` of a row's related unit or office."""
    pk = row[f"{relation}_id"]
    if pk is None:
        return None
    names = both_names(row[f"{relation}__name"], row[f"{relation}__name_ug"])
    return {"id": pk, "name": names}


class ReviewStepSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ReviewStep.Action.choices)
    summary = serializers.CharField()
    office = serializers.SerializerMethodField()
    to_office = serializers.SerializerMethodField()
    reason = serializers.CharField()
    acted_at = serializers.DateTimeField()

    @extend_schema_field(NamedSerializer(allow_null=True))
    def get_office(self, step):
        return named(step.office)

    @extend_schema_field(NamedSerializer(allow_null=True))
    def get_to_office(self, step):
        return named(step.to_office)


class AttachmentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    original_name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class ApplicationSerializer(serializers.Serializer):
    number = serializers.CharField()
    applicant_name = serializers.CharField()
    id_number = serializers.SerializerMethodField(
        help_text=_("Masked: the first four and last four characters.")
    )
    qualification = serializers.SerializerMethodField()
    level = serializers.CharField(source="qualification.level")
    specialty = serializers.CharField()
    employer = serializers.CharField()

    def get_id_number(self, application) -> str:
        return mask_id_number(application.id_number)

    @extend_schema_field(LocalizedNameSerializer)
    def get_qualification(self, application):
        return localized(application.qualification)


class MeetingSerializer(serializers.Serializer):
    """The review meeting a pre-review filing registers."""

    committee_name = serializers.CharField()
    committee_scope = serializers.ChoiceField(
        choices=ReviewMeeting.CommitteeScope.choices
    )
    series = serializers.SerializerMethodField()
    specialties = serializers.CharField()
    meeting_date = serializers.DateField()
    place = serializers.CharField()
    committee_size = serializers.IntegerField()
    experts_present = serializers.IntegerField()

    @extend_schema_field(NamedSerializer)
    def get_series(self, meeting):
        return named(meeting.series)


class FilingDetailSerializer(FilingSerializer):
    """A filing with its timeline; its people only for its own unit's callers."""

    meeting = MeetingSerializer(
        source="meeting_record",
        allow_null=True,
        help_text=_(
            "For a pre-review filing, the meeting it registers (its notice_title "
            "is the committee's name); null for a post-review filing."
        ),
    )
    timeline = ReviewStepSerializer(many=True, source="timeline_steps")
    attachments = AttachmentSerializer(many=True, source="current_attachments")
    applications = ApplicationSerializer(
        many=True,
        source="selected",
        required=False,
        help_text=_("Left out for a portal's token: a portal reads progress only."),
    )

    def to_representation(self, filing):
        data = super().to_representation(filing)
        meeting = filing.meeting_record
        data["meeting"] = meeting and self.fields["meeting"].to_representation(meeting)
        for name in ("timeline", "attachments", "applications"):
            if name != "applications" or hasattr(filing, "selected"):
                field = self.fields[name]
                data[name] = field.to_representation(field.get_attribute(filing))
        if not hasattr(filing, "selected"):
            data.pop("applications", None)
        return data


class CertificateSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.SerializerMethodField()
    application_number = serializers.CharField(source="application.number")
    holder_name = serializers.CharField(source="application.applicant_name")
    id_number = serializers.SerializerMethodField(
        help_text=_("Masked: the first four and last four characters.")
    )
    qualification = serializers.SerializerMethodField()
    issuing_office = serializers.SerializerMethodField()
    issued_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)

    def get_status(self, certificate) -> str:
        return "revoked" if certificate.revoked_at else "valid"

    def get_id_number(self, certificate) -> str:
        return mask_id_number(certificate.application.id_number)

    @extend_schema_field(LocalizedNameSerializer)
    def get_qualification(self, certificate):
        return localized(certificate.application.qualification)

    @extend_schema_field(NamedSerializer)
    def get_issuing_office(self, certificate):
        return named(certificate.issuing_office)


# Requests of the wizard: described here for the schema; the wizard's own
# forms check them, so the API keeps the admin's rules word for word.


class FilingCreateSerializer(serializers.Serializer):
    organizing_unit = serializers.IntegerField(
        required=False,
        help_text=_("Only for a session; a unit's token files for its unit."),
    )
    notice_title = serializers.CharField(required=False, allow_blank=True)
    review_year = serializers.IntegerField()
    declared_headcount = serializers.IntegerField(min_value=1)
    data_source = serializers.ChoiceField(choices=DataSource.choices)
    filing_level = serializers.ChoiceField(choices=FilingLevel.choices)
    pre_review = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_(
            "The id of the approved pre-review filing of the meeting whose results "
            "this filing files; of the same unit, year, data source and level. "
            "Senior filings cannot be submitted without one."
        ),
    )


class SelectionSerializer(serializers.Serializer):
    add = serializers.ListField(
        child=serializers.CharField(max_length=32),
        required=False,
        max_length=5000,
        help_text=_("Application numbers to select into the filing."),
    )
    remove = serializers.ListField(
        child=serializers.CharField(max_length=32),
        required=False,
        max_length=5000,
        help_text=_("Application numbers to take out of the filing."),
    )

    def validate(self, data):
        if not data.get("add") and not data.get("remove"):
            raise serializers.ValidationError(
                _("Give the application numbers to add or to remove."),
                code="nothing_to_do",
            )
        return data


class SelectionResultSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    unavailable = serializers.ListField(
        child=serializers.CharField(),
        help_text=_(
            "Numbers not selected: unknown, outside the filing's pool or held "
            "by another live filing."
        ),
    )
    selected_count = serializers.IntegerField()


class AttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    file = serializers.FileField(help_text=_("A PDF of at most 8 MiB."))


class NoticeSerializer(serializers.Serializer):
    notice_number = serializers.CharField(max_length=64)
    conferred_on = serializers.DateField()
