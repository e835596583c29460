"""One body for every API error: a stable machine `code` beside a sentence.

    {"code": "invalid", "detail": "…", "fields": {"number": [{"code": …, "detail": …}]}}

`fields` appears only when particular parameters or fields are at fault.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    # DRF turns these two Django exceptions into its own; do it first, so
    # that the body below is built from the same exception.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        # Not an API exception: Django answers with its own 500 page.
        return None

    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "detail": str(exceptions.ValidationError.default_detail),
            "fields": _field_errors(exc.detail),
        }
    else:
        response.data = {
            "code": getattr(exc.detail, "code", None) or exc.default_code,
            "detail": str(exc.detail),
        }
    return response


def _field_errors(detail):
    if isinstance(detail, dict):
        return {
            name: [_error(item) for item in _as_list(errors)]
            for name, errors in detail.items()
        }
    return {"non_field_errors": [_error(item) for item in _as_list(detail)]}


def _as_list(errors):
    return errors if isinstance(errors, list) else [errors]


def _error(item):
    return {"code": getattr(item, "code", "invalid"), "detail": str(item)}


class FieldErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class ApiErrorSerializer(serializers.Serializer):
    """The body of every error answer, for the API schema."""

    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(
        child=FieldErrorSerializer(many=True), required=False
    )
