"""Errors the payments app raises; each becomes `{"code", "message"}` with a fitting status."""

from rest_framework import status

from integrations.exceptions import ProviderError, ProviderUnavailable
from mystay.api.errors import ApiError


class PaymentDeclined(ApiError):
    """The card was declined (HTTP 402). The message is safe to show to the guest."""

    status_code = status.HTTP_402_PAYMENT_REQUIRED
    default_code = "card_declined"
    default_detail = "Your card was declined. Please use another card or contact your bank."

    def __init__(self, message=None, *, code=None, decline_code="", payment_intent_id="", provider_code=""):
        super().__init__(message, code=code)
        self.decline_code = decline_code
        self.payment_intent_id = payment_intent_id
        self.provider_code = provider_code or (code or self.default_code)


class PaymentOutcomeUnknown(ProviderUnavailable):
    """The request may or may not have reached Stripe (network error, timeout, Stripe 5xx).

    The ledger row stays `pending`; retrying with the same idempotency key is safe and settles it,
    and so does Stripe's webhook.
    """

    default_detail = "We could not confirm the payment with the payment provider. Please try again in a moment."

    def __init__(self, message=None, *, provider="", retry_after=None):
        super().__init__(message, capability="payment", provider=provider, retry_after=retry_after)


class PaymentRefused(ProviderError):
    """Stripe refused the request itself (invalid request, idempotency conflict): HTTP 502 `payment_error`."""

    def __init__(self, message=None, *, provider="", provider_code=""):
        super().__init__(message, capability="payment", provider=provider)
        self.provider_code = provider_code


class PaymentRuleViolation(ApiError):
    """A guardrail refused the operation before any call to the provider (capture above authorized, ...)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "payment_not_allowed"


class IdempotencyKeyReused(ApiError):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = "This Idempotency-Key was already used with a different request body."


class IdempotencyRequestInProgress(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_request_in_progress"
    default_detail = "A request with this Idempotency-Key is still being processed; retry shortly."


class InvalidSignature(ApiError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_signature"
    default_detail = "The Stripe-Signature header does not match the payload."
