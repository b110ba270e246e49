"""Errors of the identity-document domain: `{"code", "message"}` with a fitting HTTP status."""

from rest_framework import status

from mystay.api.errors import ApiError


class IdentityDocumentError(ApiError):
    """Bad input or a refused operation. `.code`, `.status_code` and `.message` are stable."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "identity_document_error"
    default_detail = "The identity document could not be processed."

    @property
    def code(self) -> str:
        return self.error_code

    @property
    def message(self) -> str:
        return str(self.detail)


class ImageRejected(IdentityDocumentError):
    """The upload is not an image we accept (image_missing, image_too_large, image_unreadable, ...)."""


class DocumentNotRead(IdentityDocumentError):
    """The provider read no document in the image (mrz_not_found)."""

    default_code = "mrz_not_found"
    default_detail = (
        "We could not find the machine-readable zone of your document. Take the photo again in good "
        "light, flat, with the two (or three) lines of characters at the bottom fully visible."
    )
