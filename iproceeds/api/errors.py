"""The API's one error format, for every status from 400 to 500."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger("iproceeds.api")

# The machine-readable code of each status; a client switches on these, never on the message.
CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
}


def error_body(*, status_code: int, message: str, request_id: str, fields: Any = None) -> dict[str, Any]:
    """The error envelope: {"error": {"code", "message", "fields", "request_id"}}."""
    return {
        "error": {
            "code": CODES.get(status_code, "error"),
            "message": str(message),
            "fields": fields or {},
            "request_id": request_id,
        }
    }


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _as_list(v)]
    return [str(value)]


def _fields(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(name): _as_list(messages) for name, messages in detail.items()}
    return {"non_field_errors": _as_list(detail)}


def _message(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return _("The request is not valid; see the fields.")
    if isinstance(exc.detail, list | dict):
        return _("The request could not be processed.")
    return str(exc.detail)


def _normalise(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _request_id(context: dict[str, Any]) -> str:
    request = context.get("request")
    return str(
        getattr(request, "request_id", "") or getattr(getattr(request, "_request", None), "request_id", "")
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """Turn any exception raised in an API view into the one error format."""
    exc = _normalise(exc)
    request_id = _request_id(context)
    set_rollback()
    if not isinstance(exc, exceptions.APIException):
        logger.exception("Unhandled API error (request %s)", request_id, exc_info=exc)
        body = error_body(
            status_code=500, message=_("Something went wrong on our side."), request_id=request_id
        )
        return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    fields = _fields(exc.detail) if isinstance(exc, exceptions.ValidationError) else None
    body = error_body(
        status_code=exc.status_code, message=_message(exc), request_id=request_id, fields=fields
    )
    response = Response(body, status=exc.status_code)
    if getattr(exc, "auth_header", None):
        response["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    return response
