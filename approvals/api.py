"""The approvals API: review offices and public verification of certificates."""

import hmac
import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from config.api_errors import ApiErrorSerializer
from config.api_pagination import NumberedPages
from filing.api.auth import ApiTokenAuthentication, token_of
from filing.models import ApiToken

from .certificates import (
    CODE_LENGTH,
    is_well_formed_code,
    mask_name,
    new_verification_code,
    normalize_verification_code,
)
from .models import Certificate, ReviewOffice

NUMBER_FORM = re.compile(r"[A-Za-z0-9_-]{1,20}-[0-9]{4}-[0-9]{6}", re.ASCII)

# Compared against when the number is unknown, so that an unknown number and
# a wrong code take the same path through the comparison.
_UNKNOWN = new_verification_code()


class VerificationThrottle(SimpleRateThrottle):
    """Counts requests per client address, whether or not anyone is logged in.

    A token with the scope to verify certificates is counted on its own, at
    its own (higher) rate: a portal checks for many people from one address.
    """

    scope = "certificate_verification"

    def get_rate(self):
        # Read on every request rather than once at import, so that a changed
        # setting takes effect (and tests can change it).
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        if self.counts_token(request):
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }

    @staticmethod
    def counts_token(request):
        token = token_of(request)
        return token is not None and ApiToken.Scope.VERIFY_CERTIFICATES in token.scopes


class TokenVerificationThrottle(VerificationThrottle):
    scope = "certificate_verification_token"

    def get_rate(self):
        # No rate set means no limit for tokens, not a failure.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if not self.counts_token(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


class VerificationQuerySerializer(serializers.Serializer):
    number = serializers.CharField(
        max_length=40,
        help_text=_("The certificate number, e.g. RST-2026-000123."),
        error_messages={
            "required": _("Give the certificate number printed on the certificate."),
            "blank": _("Give the certificate number printed on the certificate."),
        },
    )
    code = serializers.CharField(
        max_length=60,
        help_text=_(
            "The verification code printed on the certificate; case, spaces "
            "and dashes do not matter."
        ),
        error_messages={
            "required": _("Give the verification code printed on the certificate."),
            "blank": _("Give the verification code printed on the certificate."),
        },
    )

    def validate_number(self, value):
        value = value.strip()
        if not NUMBER_FORM.fullmatch(value):
            raise serializers.ValidationError(
                _(
                    "A certificate number reads like RST-2026-000123: the "
                    "office's code, the year and six digits."
                ),
                code="malformed",
            )
        return value

    def validate_code(self, value):
        value = normalize_verification_code(value)
        if not is_well_formed_code(value):
            raise serializers.ValidationError(
                _(
                    "A verification code has %(length)d letters and digits, "
                    "as printed on the certificate."
                )
                % {"length": CODE_LENGTH},
                code="malformed",
            )
        return value


class LocalizedNameSerializer(serializers.Serializer):
    zh = serializers.CharField(help_text=_("In Chinese."))
    ug = serializers.CharField(
        allow_null=True, help_text=_("In Uyghur, when there is a Uyghur name.")
    )


class VerificationResultSerializer(serializers.Serializer):
    """What the public may learn about a certificate: nothing that identifies more."""

    status = serializers.ChoiceField(choices=["valid", "revoked", "not_found"])
    number = serializers.CharField(required=False)
    holder_name = serializers.CharField(
        required=False, help_text=_("The holder's name, partly starred.")
    )
    qualification = LocalizedNameSerializer(required=False)
    conferred_on = serializers.DateField(required=False, allow_null=True)
    issuing_office = LocalizedNameSerializer(required=False)
    revoked_at = serializers.DateTimeField(
        required=False, help_text=_("Only for a revoked certificate.")
    )


def verification_result(certificate):
    if certificate is None:
        return {"status": "not_found"}

    qualification = certificate.application.qualification
    office = certificate.issuing_office
    result = {
        "status": "revoked" if certificate.revoked_at else "valid",
        "number": certificate.number,
        "holder_name": mask_name(certificate.application.applicant_name),
        "qualification": {
            "zh": qualification.name,
            "ug": qualification.name_ug or None,
        },
        "conferred_on": certificate.filing.conferred_on,
        "issuing_office": {"zh": office.name, "ug": office.name_ug or None},
    }
    if certificate.revoked_at:
        result["revoked_at"] = certificate.revoked_at
    return VerificationResultSerializer(result).data


def find_certificate(number, code):
    """The certificate with this number and code, or None: never which one failed."""
    certificate = (
        Certificate.objects.select_related(
            "filing", "issuing_office", "application__qualification"
        )
        # Typed by hand from the paper, a number may come in small letters.
        .filter(number__iexact=number)
        .first()
    )
    expected = certificate.verification_code if certificate else _UNKNOWN
    if not hmac.compare_digest(expected.encode(), code.encode()):
        return None
    return certificate


class CertificateVerificationView(APIView):
    """Anyone may check a certificate; a wrong code looks like an unknown number."""

    permission_classes = [AllowAny]
    # No session: a browser's cookie must not change what the public sees. A
    # token is optional; an unknown one is refused rather than ignored.
    authentication_classes = [ApiTokenAuthentication]
    throttle_classes = [VerificationThrottle, TokenVerificationThrottle]

    @extend_schema(
        operation_id="certificates_verify",
        summary=_("Verify a certificate"),
        tags=["certificates"],
        auth=[{}, {"apiToken": []}],
        parameters=[VerificationQuerySerializer],
        responses={
            200: VerificationResultSerializer,
            400: ApiErrorSerializer,
            401: ApiErrorSerializer,
            429: ApiErrorSerializer,
        },
        examples=[
            OpenApiExample(
                "valid",
                response_only=True,
                value={
                    "status": "valid",
                    "number": "RST-2026-000123",
                    "holder_name": "阿*古丽",
                    "qualification": {"zh": "工程师", "ug": "ئىنژېنېر"},
                    "conferred_on": "2026-06-30",
                    "issuing_office": {
                        "zh": "新疆维吾尔自治区人力资源和社会保障厅",
                        "ug": None,
                    },
                },
            ),
            OpenApiExample(
                "not found", response_only=True, value={"status": "not_found"}
            ),
        ],
    )
    def get(self, request):
        query = VerificationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)

        certificate = find_certificate(
            query.validated_data["number"], query.validated_data["code"]
        )
        response = Response(verification_result(certificate))
        # A certificate can be revoked at any time: never serve a stale answer.
        response["Cache-Control"] = "no-store"
        return response


# Review offices and their contacts, for anyone.


class ReviewOfficeSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display")

    class Meta:
        model = ReviewOffice
        fields = [
            "id",
            "code",
            "kind",
            "kind_display",
            "prefecture",
            "name",
            "contact_person",
            "phone",
            "address",
            "email",
        ]

    @extend_schema_field(LocalizedNameSerializer)
    def get_name(self, office):
        return {"zh": office.name, "ug": office.name_ug or None}


@extend_schema_view(
    list=extend_schema(
        summary=_("Review offices and their contacts"), tags=["offices"], auth=[]
    ),
    retrieve=extend_schema(
        summary=_("One review office"),
        tags=["offices"],
        auth=[],
        responses={200: ReviewOfficeSerializer, 404: ApiErrorSerializer},
    ),
)
class ReviewOfficeViewSet(viewsets.ReadOnlyModelViewSet):
    """The offices filings go to, with whom to call: public, as on a notice board."""

    queryset = ReviewOffice.objects.order_by("kind", "prefecture", "name", "pk")
    serializer_class = ReviewOfficeSerializer
    pagination_class = NumberedPages
    permission_classes = [AllowAny]
    authentication_classes = []
    filterset_fields = ["kind", "prefecture"]
