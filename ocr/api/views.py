"""The guest's identity document for online check-in: upload a photo, read the result, correct it."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from mystay.api.errors import NotFound, error_body
from mystay.api.parsers import BoundedJSONParser
from mystay.api.permissions import IsGuest
from mystay.api.throttles import GuestThrottle

from .. import selectors, services
from ..exceptions import ImageRejected
from . import serializers

ERROR = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
REFUSED = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "document": {"type": "object"},
    },
}
PROVIDER_ERRORS = {
    502: OpenApiResponse(ERROR, description="ocr_bad_response / ocr_auth_failed: the OCR provider failed."),
    503: OpenApiResponse(ERROR, description="ocr_unavailable: the OCR provider cannot be reached; retry."),
    504: OpenApiResponse(ERROR, description="ocr_timeout: the OCR provider did not answer in time; retry."),
}


def _document_response(document, *, created=False):
    body = serializers.GuestDocumentSerializer(document).data
    errors = (document.validation or {}).get("errors", [])
    if errors:
        # The document was read but cannot be used: refused with its first error's code.
        first = errors[0]
        return Response(error_body(first["code"], first["message"], document=body), status=422)
    return Response(body, status=201 if created else 200)


class GuestIdDocumentView(APIView):
    permission_classes = [IsGuest]
    throttle_classes = [GuestThrottle]
    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]

    @extend_schema(
        operation_id="guest_checkin_id_document_upload",
        request={"multipart/form-data": serializers.UploadSerializer},
        responses={
            201: serializers.GuestDocumentSerializer,
            400: OpenApiResponse(
                ERROR,
                description="image_missing, image_too_large, image_too_small, image_unreadable, "
                "image_type_not_allowed, mrz_not_found, invalid_document_type",
            ),
            401: ERROR,
            409: OpenApiResponse(ERROR, description="document_already_verified, stay_not_open"),
            422: OpenApiResponse(
                REFUSED,
                description="The document was read but refused: document_expired, mrz_check_digit_invalid, "
                "guest_under_minimum_age, invalid_country_code, missing_field, … (`document` has the details).",
            ),
            **PROVIDER_ERRORS,
        },
        description="Upload a photo of the guest's passport or ID card (multipart field `image`). The photo is "
        "decoded, stripped of EXIF and read by the hotel's OCR provider; the answer has the fields read and "
        "their validation. A new upload replaces a document not yet verified.",
    )
    def post(self, request):
        upload = serializers.UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        image = upload.validated_data.get("image")
        if image is not None and image.size > services.max_image_bytes():
            raise ImageRejected("The photo is larger than 10 MB; send a smaller one.", code="image_too_large")
        document = services.submit_identity_document(
            stay=request.user.stay,
            image=image.read() if image is not None else b"",
            document_type=upload.validated_data["document_type"],
        )
        return _document_response(document, created=True)

    @extend_schema(
        operation_id="guest_checkin_id_document_read",
        responses={200: serializers.GuestDocumentSerializer, 401: ERROR, 404: ERROR, 422: REFUSED},
    )
    def get(self, request):
        document = selectors.document_for_stay(request.user.stay)
        if document is None or document.purged_at is not None:
            raise NotFound("No identity document has been uploaded for this stay.", code="id_document_missing")
        return _document_response(document)

    @extend_schema(
        operation_id="guest_checkin_id_document_correct",
        request=serializers.CorrectionSerializer,
        responses={
            200: serializers.GuestDocumentSerializer,
            400: OpenApiResponse(ERROR, description="invalid_field, validation_error"),
            401: ERROR,
            404: ERROR,
            409: OpenApiResponse(ERROR, description="document_not_correctable"),
            422: REFUSED,
        },
        description="Correct fields the scan misread. Corrected fields are flagged for staff to check "
        "against the document at the desk.",
    )
    def patch(self, request):
        body = serializers.CorrectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = selectors.document_for_stay(request.user.stay)
        if document is None or document.purged_at is not None:
            raise NotFound("No identity document has been uploaded for this stay.", code="id_document_missing")
        document = services.correct_identity_document(document=document, fields=body.validated_data["fields"])
        return _document_response(document)
