"""Filings over the API: their progress, and the wizard's steps for a unit's token.

Who sees which filings:
- a unit's token: the filings of its unit, drafts included;
- a portal's token: every filing from its submission on (drafts are the
  unit's own business), without the people in it;
- an admin session: what the admin shows the user (their units' filings,
  and those routed through their offices).
Anything else answers 404, so an id tells a caller nothing.

Every change goes through `filing.actions`, the functions the admin calls,
in the name of the user the token acts as.
"""

import django_filters
from django import forms
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from approvals.models import Certificate
from config.api_errors import ApiErrorSerializer, form_refused
from config.api_pagination import KeysetPages, NumberedPages

from .. import actions
from ..filters import filings_matching
from ..forms import AttachmentUploadForm, BasicInformationForm, NoticeForm
from ..models import Application, Filing, FilingLevel, ReviewMeeting
from ..permissions import visible_filings
from . import serializers
from .auth import Files, ReadsProgress, token_of


def filings_for(request):
    """The filings the caller may read (see the module's docstring)."""
    token = token_of(request)
    if token is None:
        return visible_filings(request.user)
    if token.organizing_unit_id:
        return Filing.objects.filter(organizing_unit_id=token.organizing_unit_id)
    return Filing.objects.exclude(status=Filing.Status.DRAFT)


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number the database can hold: 1e300 is a refusal, not a crash."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class FilingFilters(django_filters.FilterSet):
    review_year = WholeNumberFilter(max_value=9999)
    kind = django_filters.ChoiceFilter(choices=Filing.Kind.choices)
    filing_level = django_filters.ChoiceFilter(choices=FilingLevel.choices)
    # One status column: no join, so no DISTINCT (which cost the index its order).
    status = django_filters.MultipleChoiceFilter(
        choices=Filing.Status.choices, distinct=False
    )
    organizing_unit = WholeNumberFilter(field_name="organizing_unit_id")
    # Dates compared as dates: the time zone of the server or of the request
    # cannot move a filing across a day boundary.
    conferred_after = django_filters.DateFilter(
        field_name="conferred_on",
        lookup_expr="gte",
        label=_("Conferred on or after (YYYY-MM-DD)"),
    )
    conferred_before = django_filters.DateFilter(
        field_name="conferred_on",
        lookup_expr="lte",
        label=_("Conferred on or before (YYYY-MM-DD)"),
    )
    keyword = django_filters.CharFilter(
        method="filter_keyword",
        label=_("Part of the notice title or notice number."),
    )

    class Meta:
        model = Filing
        fields = []

    def filter_keyword(self, queryset, name, value):
        return filings_matching(queryset, value)


class FilingPages(KeysetPages):
    # Latest activity first, as in the admin's listing.
    ordering = ("-last_action_at", "-pk")


ERRORS = {
    400: ApiErrorSerializer,
    403: ApiErrorSerializer,
    404: ApiErrorSerializer,
    409: ApiErrorSerializer,
}


def refusals(*codes):
    return {code: ERRORS[code] for code in codes}


@extend_schema_view(
    list=extend_schema(
        summary=_("Filings the caller may see"),
        tags=["filings"],
        responses={200: serializers.FilingSerializer, **refusals(400, 403, 404)},
    ),
    retrieve=extend_schema(
        summary=_("One filing with its status timeline"),
        tags=["filings"],
        responses={200: serializers.FilingDetailSerializer, **refusals(403, 404)},
    ),
    create=extend_schema(
        summary=_("Create a draft filing (wizard step 1)"),
        description=_(
            "Creates a post-review filing. A pre-review filing, which registers "
            "a review meeting, is filed in the admin."
        ),
        tags=["filing wizard"],
        request=serializers.FilingCreateSerializer,
        responses={
            201: serializers.FilingDetailSerializer,
            **refusals(400, 403),
        },
    ),
)
class FilingViewSet(viewsets.GenericViewSet):
    pagination_class = FilingPages
    filterset_class = FilingFilters
    lookup_value_regex = "[0-9]+"

    def get_permissions(self):
        if self.action in ("list", "retrieve", "certificates"):
            return [ReadsProgress()]
        return [Files()]

    def get_queryset(self):
        return filings_for(self.request).select_related(
            "organizing_unit", "current_office"
        )

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.FilingSerializer
        return serializers.FilingDetailSerializer

    def list(self, request):
        rows = self.filter_queryset(self.get_queryset()).values(
            *serializers.FilingSerializer.ROW_COLUMNS
        )
        page = self.paginate_queryset(rows)
        serializer = serializers.FilingSerializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, pk=None):
        return Response(self.detail_data(self.get_object()))

    def detail_data(self, filing):
        filing = Filing.objects.select_related("organizing_unit", "current_office").get(
            pk=filing.pk
        )
        filing.timeline_steps = filing.review_steps.select_related(
            "office", "to_office", "filing__organizing_unit"
        )
        filing.meeting_record = (
            ReviewMeeting.objects.filter(filing=filing).select_related("series").first()
        )
        filing.current_attachments = filing.attachments.filter(
            replaced_at__isnull=True
        ).in_kind_order()
        token = token_of(self.request)
        if token is None or token.organizing_unit_id:
            filing.selected = (
                filing.selected_applications()
                .select_related("qualification")
                .order_by("number")
            )
        return serializers.FilingDetailSerializer(filing).data

    # The wizard's steps

    def create(self, request):
        token = token_of(request)
        data = _as_dict(request.data)
        if token is not None:
            data["organizing_unit"] = token.organizing_unit_id
        form = BasicInformationForm(data, user=request.user)
        if not form.is_valid():
            raise form_refused(form)

        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        filing = actions.create_filing(request.user, **fields)
        return Response(self.detail_data(filing), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Select or remove applications (wizard step 2)"),
        tags=["filing wizard"],
        request=serializers.SelectionSerializer,
        responses={
            200: serializers.SelectionResultSerializer,
            **refusals(400, 403, 404, 409),
        },
    )
    @action(detail=True, methods=["post"])
    def applications(self, request, pk=None):
        filing = self.get_object()
        selection = serializers.SelectionSerializer(data=_as_dict(request.data))
        selection.is_valid(raise_exception=True)
        add = set(selection.validated_data.get("add", []))
        remove = set(selection.validated_data.get("remove", []))

        ids = dict(
            Application.objects.filter(
                organizing_unit_id=filing.organizing_unit_id, number__in=add | remove
            ).values_list("number", "pk")
        )
        removed = 0
        if remove:
            removed = actions.deselect_applications(
                request.user, filing, [ids[n] for n in remove if n in ids]
            )
        if add:
            actions.select_applications(
                request.user, filing, [ids[n] for n in add if n in ids]
            )
        selected = set(filing.selected_applications().values_list("number", flat=True))
        return Response(
            {
                "added": len(add & selected),
                "removed": removed,
                "unavailable": sorted(add - selected),
                "selected_count": len(selected),
            }
        )

    @extend_schema(
        summary=_("Upload a scan (wizard step 3)"),
        tags=["filing wizard"],
        request={"multipart/form-data": serializers.AttachmentUploadSerializer},
        responses={
            201: serializers.AttachmentSerializer,
            **refusals(400, 403, 404, 409),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        filing = self.get_object()
        form = AttachmentUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            raise form_refused(form)

        upload = form.cleaned_data["file"]
        attachment = actions.upload_attachment(
            request.user,
            filing,
            form.cleaned_data["kind"],
            upload,
            upload.scan_report,
        )
        return Response(
            serializers.AttachmentSerializer(attachment).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary=_("Set the notice number and conferred date (wizard step 4)"),
        description=_(
            "A notice number written another way (full-width brackets, 第) is "
            "refused with code `corrected` and the corrected form in the "
            "message; send that form."
        ),
        tags=["filing wizard"],
        request=serializers.NoticeSerializer,
        responses={
            200: serializers.FilingDetailSerializer,
            **refusals(400, 403, 404, 409),
        },
    )
    @action(detail=True, methods=["put"])
    def notice(self, request, pk=None):
        filing = self.get_object()
        form = NoticeForm(_as_dict(request.data), filing=filing)
        if not form.is_valid():
            raise form_refused(form)

        filing = actions.set_notice(request.user, filing, **form.cleaned_data)
        return Response(self.detail_data(filing))

    @extend_schema(
        summary=_("Submit the filing (wizard step 5)"),
        description=_(
            "Every rule is checked once more; what is missing comes back as "
            "code `incomplete` with one entry per field."
        ),
        tags=["filing wizard"],
        request=None,
        responses={
            200: serializers.FilingDetailSerializer,
            **refusals(400, 403, 404, 409),
        },
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        filing = actions.submit_filing(request.user, self.get_object())
        return Response(self.detail_data(filing))

    @extend_schema(
        summary=_("The certificates issued for a filing"),
        tags=["certificates"],
        responses={
            200: OpenApiResponse(serializers.CertificateSerializer(many=True)),
            **refusals(403, 404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=NumberedPages,
        serializer_class=serializers.CertificateSerializer,
        filterset_class=None,
    )
    def certificates(self, request, pk=None):
        token = token_of(request)
        if token is not None and not token.organizing_unit_id:
            raise PortalRefused
        filing = self.get_object()
        queryset = Certificate.objects.filter(filing=filing).select_related(
            "application__qualification", "issuing_office"
        )
        page = self.paginate_queryset(queryset.order_by("number"))
        data = serializers.CertificateSerializer(page, many=True).data
        return self.get_paginated_response(data)

    def get_object(self):
        queryset = self.get_queryset()
        return get_object_or_404(queryset, pk=self.kwargs["pk"])


class PortalRefused(exceptions.PermissionDenied):
    default_detail = _(
        "A portal's token reads the progress of filings, not the people in them."
    )
    default_code = "not_for_portals"


def _as_dict(data):
    """The request body as a plain dict, or a refusal when it is not an object."""
    if hasattr(data, "dict"):
        return data.dict()
    if not isinstance(data, dict):
        raise exceptions.ValidationError(_("Send a JSON object."), code="not_an_object")
    return dict(data)
