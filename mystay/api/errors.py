"""One error format for the whole API: `{"code": "snake_case", "message": "human text"}`.

Services raise `ApiError` subclasses (or DRF's own exceptions); this module turns every one of them,
and anything unexpected, into that shape. Field validation errors add a `fields` object.
"""

import logging

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger("mystay.api")


class ApiError(exceptions.APIException):
    """A business error with a stable code. Subclass it or pass code/message/status."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_request"
    default_detail = "The request could not be processed."

    def __init__(self, message=None, *, code=None, status_code=None, extra=None, headers=None):
        super().__init__(detail=message or self.default_detail, code=code or self.default_code)
        if status_code is not None:
            self.status_code = status_code
        self.error_code = code or self.default_code
        self.extra = extra or {}
        self.headers = headers or {}


class NotFound(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    default_code = "not_found"
    default_detail = "Not found."


class Conflict(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The request conflicts with the current state."


# DRF's built-in exceptions get codes that read well in a client.
_DRF_CODES = {
    exceptions.NotAuthenticated: ("not_authenticated", "Authentication credentials were not provided."),
    exceptions.AuthenticationFailed: ("authentication_failed", None),
    exceptions.PermissionDenied: ("permission_denied", None),
    exceptions.NotFound: ("not_found", None),
    exceptions.MethodNotAllowed: ("method_not_allowed", None),
    exceptions.NotAcceptable: ("not_acceptable", None),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", None),
    exceptions.ParseError: ("malformed_request", None),
    exceptions.Throttled: ("rate_limited", None),
    exceptions.ValidationError: ("validation_error", "The request is invalid."),
}


def error_body(code, message, **extra):
    body = {"code": code, "message": str(message)}
    body.update(extra)
    return body


def _first_message(detail):
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        inner = _first_message(value)
        return inner if key == "non_field_errors" else f"{key}: {inner}"
    return str(detail)


# Marks an answer given because the database connection died: a read-only request is retried once.
DB_UNAVAILABLE_ATTR = "mystay_db_unavailable"


def client_error(exc) -> tuple[int, str, str] | None:
    """(status, code, message) for an exception caused by the request itself, or None.

    Oversized or malformed input, hostile query strings and values the database refuses are the
    client's problem: a 4xx with a stable code and a warning in the log, never a 500.
    """
    if isinstance(exc, RequestDataTooBig):
        return 413, "request_too_large", "The request body is too large."
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return 400, "too_many_parameters", "The request has too many parameters."
    if isinstance(exc, SuspiciousOperation):
        return 400, "bad_request", "The request was refused."
    if isinstance(exc, RecursionError | UnicodeError):
        return 400, "malformed_request", "The request could not be read."
    if isinstance(exc, DataError):
        return 400, "invalid_input", "The request contains a value that cannot be stored."
    if isinstance(exc, DjangoValidationError):
        return 400, "validation_error", "; ".join(exc.messages) or "The request is invalid."
    return None


def is_db_connection_error(exc) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def db_unavailable_body():
    return error_body("database_unavailable", "The service is briefly unavailable; please retry.")


def api_exception_handler(exc, context):
    client = client_error(exc)
    if client is not None:
        status_code, code, message = client
        logger.warning("Refused %s: %s (%s)", _path(context), code, exc.__class__.__name__)
        return Response(error_body(code, message), status=status_code)
    if is_db_connection_error(exc):
        logger.warning("Database connection lost in %s: %s", _path(context), exc)
        response = Response(db_unavailable_body(), status=status.HTTP_503_SERVICE_UNAVAILABLE)
        response["Retry-After"] = "1"
        setattr(response, DB_UNAVAILABLE_ATTR, True)
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, ApiError):
        response = Response(
            error_body(exc.error_code, exc.detail, **exc.extra),
            status=exc.status_code,
            headers=getattr(exc, "headers", None),
        )
    elif isinstance(exc, exceptions.APIException):
        code, message = next(
            ((c, m) for cls, (c, m) in _DRF_CODES.items() if isinstance(exc, cls)),
            (exc.default_code if isinstance(exc.default_code, str) else "error", None),
        )
        extra = {}
        if isinstance(exc, exceptions.ValidationError):
            extra["fields"] = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
            message = _first_message(exc.detail) or message
        response = Response(error_body(code, message or _first_message(exc.detail), **extra), status=exc.status_code)
        # Keep DRF's headers: WWW-Authenticate on 401, Retry-After on 429, Allow on 405.
        default = exception_handler(exc, context)
        if default is not None:
            for header, value in default.items():
                response[header] = value
    else:
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__)
        response = Response(
            error_body("internal_error", "Something went wrong on our side; it has been logged."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    return response


def _path(context):
    request = context.get("request")
    return getattr(request, "path", None) or context.get("view").__class__.__name__


# Django-level handlers: requests that never reach a DRF view (unknown URL, crash in middleware).
def _is_api(request):
    return request.path.startswith("/api/")


def json_400(request, exception=None):
    if _is_api(request):
        status_code, code, message = client_error(exception) or (400, "bad_request", "The request was refused.")
        return JsonResponse(error_body(code, message), status=status_code)
    from django.views.defaults import bad_request

    return bad_request(request, exception)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: JSON under /api/ (the API itself uses tokens, not cookies), HTML elsewhere."""
    if _is_api(request):
        return JsonResponse(error_body("csrf_failed", "CSRF verification failed."), status=403)
    from django.views.csrf import csrf_failure as default

    return default(request, reason=reason)


@csrf_exempt
def json_404(request, exception=None):
    if _is_api(request):
        return JsonResponse(error_body("not_found", "No such endpoint."), status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def json_500(request):
    if _is_api(request):
        return JsonResponse(error_body("internal_error", "Something went wrong on our side."), status=500)
    from django.views.defaults import server_error

    return server_error(request)
