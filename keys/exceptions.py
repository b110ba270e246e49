"""Errors of the keys app (each becomes `{"code", "message"}` with a fitting status)."""

from rest_framework import status

from mystay.api.errors import ApiError


class KeyNotAllowed(ApiError):
    """A rule refused the key before any vendor call (stay not checked in, no room, ...)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "key_not_allowed"
    default_detail = "A key cannot be issued for this stay now."
