"""One body for every API error: a stable machine `code` beside a sentence.

    {"code": "invalid", "detail": "…", "fields": {"number": [{"code": …, "detail": …}]}}

`fields` appears only when particular parameters or fields are at fault. The
sentences are in the language the request's Accept-Language picks (zh-hans or
ug); the codes never change with it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from filing.actions import FilingError, SubmissionRefused

# Refusals of an action that are about the filing's state, not the request:
# the same request may succeed once the state changes.
STATE_CONFLICTS = {
    "not_editable",
    "not_withdrawable",
    "no_receiving_office",
    "already_acted",
}


def exception_handler(exc, context):
    if isinstance(exc, FilingError):
        return _action_refused(exc)

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


def _action_refused(error):
    """A refusal of `filing.actions` or `approvals.actions`, as the admin words it."""
    body = {"code": error.code, "detail": str(error.message)}
    if isinstance(error, SubmissionRefused):
        fields = {}
        for problem in error.problems:
            fields.setdefault(problem.field, []).append(
                {"code": error.code, "detail": str(problem.message)}
            )
        body["fields"] = fields
    elif error.field:
        body["fields"] = {
            error.field: [{"code": error.code, "detail": str(error.message)}]
        }

    if isinstance(error, PermissionDenied):
        code = status.HTTP_403_FORBIDDEN
    elif error.code in STATE_CONFLICTS:
        code = status.HTTP_409_CONFLICT
    else:
        code = status.HTTP_400_BAD_REQUEST
    return Response(body, status=code)


def form_refused(form):
    """A Django form's errors as the API's validation error, codes kept."""
    detail = {}
    for name, errors in form.errors.as_data().items():
        key = "non_field_errors" if name == "__all__" else name
        detail[key] = [
            exceptions.ErrorDetail(message, code=error.code or "invalid")
            for error in errors
            for message in error.messages
        ]
    return exceptions.ValidationError(detail)


def _field_errors(detail):
    if isinstance(detail, dict):
        return {
            name: [_error(item) for item in _flatten(errors)]
            for name, errors in detail.items()
        }
    return {"non_field_errors": [_error(item) for item in _flatten(detail)]}


def _flatten(errors):
    """A field's errors as one list, however deep a list or nested object put them."""
    if isinstance(errors, dict):
        return [item for value in errors.values() for item in _flatten(value)]
    if isinstance(errors, list):
        return [item for value in errors for item in _flatten(value)]
    return [errors]


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
