"""The small set of errors every connector raises, whatever the vendor said.

The API maps them to 502/503/504 with stable codes such as `pms_unavailable` or `pms_timeout`;
`ProviderRefused` (409 `<capability>_refused`) is the vendor saying no to this request for a business
reason it states (room not inspected, open balance...), with the vendor's reason as the message.
Messages are written for the hotel's staff: what failed and what to check.
"""

from rest_framework import status

from mystay.api.errors import ApiError


class ProviderError(ApiError):
    status_code = status.HTTP_502_BAD_GATEWAY
    suffix = "error"
    default_detail = "The provider returned an error."

    def __init__(self, message=None, *, capability="provider", provider="", retry_after=None):
        self.capability = capability
        self.provider = provider
        self.retry_after = retry_after
        super().__init__(message or self.default_detail, code=f"{capability}_{self.suffix}")


class ProviderUnavailable(ProviderError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    suffix = "unavailable"
    default_detail = "The provider is unavailable right now. Please try again shortly."


class ProviderTimeout(ProviderError):
    status_code = status.HTTP_504_GATEWAY_TIMEOUT
    suffix = "timeout"
    default_detail = "The provider did not answer in time."


class ProviderAuthFailed(ProviderError):
    status_code = status.HTTP_502_BAD_GATEWAY
    suffix = "auth_failed"
    default_detail = "The provider refused our credentials; check the hotel's integration settings."


class ProviderNotFound(ProviderError):
    status_code = status.HTTP_404_NOT_FOUND
    suffix = "not_found"
    default_detail = "The provider has no such record."


class ProviderBadResponse(ProviderError):
    status_code = status.HTTP_502_BAD_GATEWAY
    suffix = "bad_response"
    default_detail = "The provider sent a response we could not understand."


class ProviderRefused(ProviderError):
    """The vendor understood the request and refused it for a business reason meant for the user
    (Mews 403, OHIP 400/403 with a reason). Not an outage and not bad credentials: retrying the same
    request will not help; the message says why, in the vendor's words."""

    status_code = status.HTTP_409_CONFLICT
    suffix = "refused"
    default_detail = "The provider refused the request."
