"""POST /api/v1/applications/: the declaration platform pushes applications in batches.

Every row is judged and saved by `filing.intake`, the checker the
spreadsheet import uses, so both refuse the same rows with the same codes.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import ApiErrorSerializer, FieldErrorSerializer

from .. import actions
from ..intake import Outcome
from .auth import PushesApplications

MAX_ROWS = 2000


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}]})
class NameOrId(serializers.Field):
    """Described for the schema only; `intake` reads the value."""


class ApplicationRowSerializer(serializers.Serializer):
    number = serializers.CharField(help_text=_("The application number."))
    applicant_name = serializers.CharField()
    id_number = serializers.CharField(help_text=_("18 characters, checked in full."))
    employer = serializers.CharField()
    recommending_unit = serializers.CharField()
    qualification = NameOrId(help_text=_("Its name (as in the admin) or its id."))
    title_series = serializers.CharField(
        required=False,
        help_text=_("Needed only when several series have the qualification's name."),
    )
    specialty = serializers.CharField()
    passed_review = serializers.BooleanField()
    reviewed_at = serializers.DateTimeField(required=False, allow_null=True)
    review_year = serializers.IntegerField()
    organizing_unit = NameOrId(
        required=False,
        help_text=_(
            "Its name or id; a unit's token may leave it out, a portal's must give it."
        ),
    )


class PushSerializer(serializers.Serializer):
    applications = serializers.ListField(
        child=serializers.DictField(), min_length=1, max_length=MAX_ROWS
    )

    def validate_applications(self, rows):
        for row in rows:
            if any(isinstance(value, (list, dict)) for value in row.values()):
                raise serializers.ValidationError(
                    _("Each value of a row is text, a number, true or false, or null."),
                    code="nested_value",
                )
        return rows


class PushRequestSerializer(serializers.Serializer):
    """The schema's view of the body: rows with their fields."""

    applications = ApplicationRowSerializer(many=True)


class RowResultSerializer(serializers.Serializer):
    line = serializers.IntegerField(
        help_text=_("The row's place in the batch, from 1.")
    )
    number = serializers.CharField()
    result = serializers.ChoiceField(choices=["accepted", "refused"])
    outcome = serializers.ChoiceField(
        choices=list(Outcome.LABELS),
        help_text=_("create, update or unchanged when accepted; refused otherwise."),
    )
    errors = serializers.DictField(
        child=FieldErrorSerializer(many=True),
        help_text=_("For a refused row: the fields at fault, each with codes."),
    )


class PushResultSerializer(serializers.Serializer):
    accepted = serializers.IntegerField()
    refused = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    results = RowResultSerializer(many=True)


def row_result(verdict):
    return {
        "line": verdict.line,
        "number": verdict.number,
        "result": "accepted" if verdict.accepted else "refused",
        "outcome": verdict.outcome,
        "errors": {
            name: [{"code": e.code, "detail": e.message} for e in errors]
            for name, errors in verdict.errors.items()
        },
    }


class ApplicationPushView(APIView):
    permission_classes = [PushesApplications]

    @extend_schema(
        operation_id="applications_push",
        summary=_("Push a batch of applications"),
        description=_(
            "Creates or updates applications by their number; a row that is "
            "already stored as sent changes nothing. Each row is accepted or "
            "refused on its own, with codes per field (invalid_id_number… see "
            "the README). An application in a live filing cannot be changed."
        ),
        tags=["applications"],
        request=PushRequestSerializer,
        responses={
            200: PushResultSerializer,
            400: ApiErrorSerializer,
            401: ApiErrorSerializer,
            403: ApiErrorSerializer,
        },
        examples=[
            OpenApiExample(
                "one row refused",
                response_only=True,
                value={
                    "accepted": 1,
                    "refused": 1,
                    "created": 1,
                    "updated": 0,
                    "unchanged": 0,
                    "results": [
                        {
                            "line": 1,
                            "number": "RSSQ2024000001",
                            "result": "accepted",
                            "outcome": "create",
                            "errors": {},
                        },
                        {
                            "line": 2,
                            "number": "RSSQ2024000002",
                            "result": "refused",
                            "outcome": "refused",
                            "errors": {
                                "id_number": [
                                    {
                                        "code": "check_character",
                                        "detail": "身份证号最后一位与前面各位不符，"
                                        "请对照证件逐位核对。",
                                    }
                                ]
                            },
                        },
                    ],
                },
            )
        ],
    )
    def post(self, request):
        body = PushSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        batch = actions.push_applications(
            request.auth, body.validated_data["applications"]
        )
        counts = batch.counts
        return Response(
            {
                "accepted": sum(counts[o] for o in Outcome.ACCEPTED),
                "refused": counts[Outcome.REFUSED],
                "created": counts[Outcome.CREATE],
                "updated": counts[Outcome.UPDATE],
                "unchanged": counts[Outcome.UNCHANGED],
                "results": [row_result(verdict) for verdict in batch.verdicts],
            }
        )
