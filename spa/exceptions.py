"""The spa's business errors (stable codes for the API)."""

from rest_framework import status

from mystay.api.errors import ApiError


class SpaNotAvailable(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    default_code = "spa_not_available"
    default_detail = "This hotel does not offer spa bookings through MyStay."


class UnknownService(ApiError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unknown_service"
    default_detail = "There is no such treatment on this spa's menu."


class UnknownPractitioner(ApiError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unknown_practitioner"
    default_detail = "This therapist does not give this treatment."


class BookingNotAllowed(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "booking_not_allowed"
    default_detail = "This booking cannot be made."


class BookingNotCancellable(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "booking_not_cancellable"
    default_detail = "This booking can no longer be cancelled."


class BookingPending(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "booking_pending"
    default_detail = "The spa has not confirmed this booking yet; try again in a minute."


class IdempotencyKeyRequired(ApiError):
    default_code = "idempotency_key_required"
    default_detail = "Send an Idempotency-Key header (a unique value per booking, at most 255 characters)."


class IdempotencyKeyReused(ApiError):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = "This Idempotency-Key was already used for a different booking."


class InvalidSignature(ApiError):
    default_code = "invalid_signature"
    default_detail = "The webhook signature is missing or wrong."
