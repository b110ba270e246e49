"""One gate for every request under /api/: refuse hostile input at the door, turn what still goes
wrong into the API's JSON errors, and retry a read-only request once when the database connection
died under it.

- A body larger than the limit (Content-Length) answers 413 before anything reads it: the JSON limit
  is DATA_UPLOAD_MAX_MEMORY_SIZE, uploads (multipart) have API_MAX_UPLOAD_BYTES.
- The query string is parsed here, so a hostile one (20,000 parameters) is a 400 `too_many_parameters`
  whichever view it was meant for.
- Views that are not DRF views (the async realtime streams) get the same mapping of exceptions as
  the DRF exception handler (mystay.api.errors.client_error).
- Every answer under /api/v1/ is `Cache-Control: no-store, private` (personal data, tokens).
- GET/HEAD/OPTIONS that failed on a dead database connection (a backend killed under load, a pooled
  connection gone stale) are run once more on a fresh connection; otherwise the answer is 503
  `database_unavailable` with Retry-After, never a 500.
"""

from __future__ import annotations

import logging

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import connections
from django.http import JsonResponse

from .errors import DB_UNAVAILABLE_ATTR, client_error, db_unavailable_body, error_body, is_db_connection_error

logger = logging.getLogger("mystay.api")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _refusal(request) -> JsonResponse | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return JsonResponse(error_body("malformed_request", "Content-Length is not a number."), status=400)
    multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
    limit = settings.API_MAX_UPLOAD_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        logger.warning("Refused %s: body of %s bytes (limit %s)", request.path, length, limit)
        return JsonResponse(error_body("request_too_large", f"The request body is over {limit} bytes."), status=413)
    try:
        request.GET  # noqa: B018  (parsed once here; Django keeps it)
    except SuspiciousOperation as exc:
        status, code, message = client_error(exc)
        logger.warning("Refused %s: %s", request.path, code)
        return JsonResponse(error_body(code, message), status=status)
    return None


def _close_dead_connections() -> None:
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()


def _db_unavailable_response():
    response = JsonResponse(db_unavailable_body(), status=503)
    response["Retry-After"] = "1"
    setattr(response, DB_UNAVAILABLE_ATTR, True)
    return response


class ApiGuardMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        refusal = _refusal(request)
        if refusal is not None:
            return refusal
        response = self._answer(request, self.get_response(request))
        if getattr(response, DB_UNAVAILABLE_ATTR, False):
            _close_dead_connections()  # the next request of this thread starts on a fresh one
            if request.method in SAFE_METHODS:
                logger.warning("Retrying %s %s on a fresh database connection", request.method, request.path)
                response = self._answer(request, self.get_response(request))
                if getattr(response, DB_UNAVAILABLE_ATTR, False):
                    _close_dead_connections()
        return response

    async def __acall__(self, request):
        if not request.path.startswith("/api/"):
            return await self.get_response(request)
        refusal = _refusal(request)
        if refusal is not None:
            return refusal
        response = self._answer(request, await self.get_response(request))
        if getattr(response, DB_UNAVAILABLE_ATTR, False):
            await sync_to_async(_close_dead_connections)()
            if request.method in SAFE_METHODS:
                logger.warning("Retrying %s %s on a fresh database connection", request.method, request.path)
                response = self._answer(request, await self.get_response(request))
                if getattr(response, DB_UNAVAILABLE_ATTR, False):
                    await sync_to_async(_close_dead_connections)()
        return response

    @staticmethod
    def _answer(request, response):
        # Every API answer may carry personal data (a stay, a guest's name, a token): never stored by
        # a browser or a shared proxy. The schema and the docs are public and may be cached.
        if request.path.startswith("/api/v1/"):
            response["Cache-Control"] = "no-store, private"
        return response

    def process_exception(self, request, exception):
        """Exceptions of views that are not DRF views (DRF's own handler has the same mapping)."""
        if not request.path.startswith("/api/"):
            return None
        client = client_error(exception)
        if client is not None:
            status, code, message = client
            logger.warning("Refused %s: %s (%s)", request.path, code, exception.__class__.__name__)
            return JsonResponse(error_body(code, message), status=status)
        if is_db_connection_error(exception):
            logger.warning("Database connection lost in %s: %s", request.path, exception)
            return _db_unavailable_response()
        return None
