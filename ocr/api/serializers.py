from rest_framework import serializers

from ..models import DocumentType
from ..providers.base import CORRECTABLE_FIELDS, EXTRACTED_FIELDS

GUEST_FIELDS = tuple(name for name in EXTRACTED_FIELDS)  # never the MRZ lines or provider internals


class UploadSerializer(serializers.Serializer):
    image = serializers.FileField(
        required=False,
        allow_empty_file=True,
        help_text="Photo of the document: JPEG, PNG, WebP or HEIC, at most 10 MB.",
    )
    document_type = serializers.ChoiceField(choices=DocumentType.values, required=False, default="passport")


class CorrectionSerializer(serializers.Serializer):
    fields = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True, max_length=80),
        help_text=f"Corrected values by field name; allowed: {', '.join(CORRECTABLE_FIELDS)}. "
        "Each corrected field is flagged for staff.",
    )


class IssueSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    field = serializers.CharField(required=False)
    check = serializers.CharField(required=False, help_text="Which ICAO check digit failed.")
    requires_clearance = serializers.BooleanField(required=False, help_text="Staff must clear this warning.")
    minimum_age = serializers.IntegerField(required=False)


class ValidationSerializer(serializers.Serializer):
    is_valid = serializers.BooleanField()
    errors = IssueSerializer(many=True)
    warnings = IssueSerializer(many=True)


class GuestDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    document_type = serializers.CharField()
    extracted = serializers.SerializerMethodField()
    validation = ValidationSerializer()
    corrected_fields = serializers.ListField(child=serializers.CharField())
    needs_review = serializers.BooleanField()
    rejection_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_extracted(self, document) -> dict:
        data = document.data or {}
        return {name: data.get(name) for name in GUEST_FIELDS}
