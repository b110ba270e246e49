"""Identity documents of guests, per stay: extracted fields encrypted at rest, the validation result,
the staff decision, and what is kept after the retention period (type, country, who, when)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .fields import EncryptedBinaryField, EncryptedJSONField


class DocumentType(models.TextChoices):
    PASSPORT = "passport", "Passport"
    ID_CARD = "id_card", "Identity card"
    RESIDENCE_PERMIT = "residence_permit", "Residence permit"
    VISA = "visa", "Visa"
    DRIVER_LICENSE = "driver_license", "Driver's license"


class OcrSettings(models.Model):
    """Per-hotel rules for identity documents (a hotel without a row gets the defaults)."""

    hotel = models.OneToOneField("stays.Hotel", on_delete=models.CASCADE, related_name="ocr_settings")
    minimum_age = models.PositiveSmallIntegerField(
        default=18, help_text="Guests younger than this on arrival cannot check in online."
    )
    retention_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days after check-out after which ID fields and images are erased."
    )
    store_images = models.BooleanField(
        default=False,
        help_text="Keep the photo of the document (encrypted) until the retention period ends. "
        "Off: only the extracted fields are kept.",
    )

    class Meta:
        verbose_name = "identity document settings"
        verbose_name_plural = "identity document settings"

    def __str__(self):
        return f"ID settings of {self.hotel_id}"


class IdentityDocument(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending verification"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"

    hotel = models.ForeignKey("stays.Hotel", on_delete=models.CASCADE, related_name="identity_documents")
    stay = models.ForeignKey("stays.Stay", on_delete=models.CASCADE, related_name="identity_documents")
    guest = models.ForeignKey("stays.Guest", on_delete=models.CASCADE, related_name="identity_documents")
    document_type = models.CharField(max_length=24, choices=DocumentType.choices, default=DocumentType.PASSPORT)
    # Kept after the purge (with the type, the decision and the dates): what a hotel must keep.
    issuing_country = models.CharField(max_length=3, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    provider = models.CharField(max_length=32, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    # The extracted fields (names, number, dates, MRZ lines ...): encrypted, erased by the purge.
    data = EncryptedJSONField(null=True, blank=True)
    # Names of the fields the guest corrected after the read; staff check those against the document.
    corrected_fields = models.JSONField(default=list, blank=True)
    validation = models.JSONField(default=dict, blank=True)
    image = EncryptedBinaryField(null=True, blank=True, editable=False)
    image_content_type = models.CharField(max_length=32, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Staff member who scanned it for the guest (empty: the guest uploaded it).",
    )
    submissions = models.PositiveSmallIntegerField(default=1)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "guest"], name="identity_document_one_per_guest_and_stay"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "verified", "rejected"]), name="identity_document_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["hotel", "status"], name="identity_doc_hotel_status_idx"),
            models.Index(fields=["purged_at"], name="identity_doc_purged_idx"),
        ]

    def __str__(self):
        return f"{self.get_document_type_display()} for stay {self.stay_id}"

    @property
    def is_valid(self) -> bool:
        return bool((self.validation or {}).get("is_valid"))

    @property
    def needs_review(self) -> bool:
        """Staff must look at it: pending, and something is not plainly right (an error, a warning
        that needs clearing such as a name mismatch, or a field the guest corrected)."""
        if self.status != self.Status.PENDING:
            return False
        validation = self.validation or {}
        return (
            not validation.get("is_valid")
            or any(w.get("requires_clearance") for w in validation.get("warnings", []))
            or bool(self.corrected_fields)
        )


class IdentityFields(IdentityDocument):
    """Holds the permission `ocr.view_identityfields`: seeing the fields and image of a document.

    A proxy so that the roles machinery (stays.roles.grant, "view" on a model) can grant it like any
    other permission; a role without it sees the status and validation codes, never the data."""

    class Meta:
        proxy = True
        default_permissions = ("view",)
        verbose_name = "identity document fields"
        verbose_name_plural = "identity document fields"


class PendingIdentityDocument(IdentityDocument):
    """Documents waiting for the front desk: its own entry on the admin index, one click away."""

    class Meta:
        proxy = True
        verbose_name = "identity document pending verification"
        verbose_name_plural = "identity documents pending verification"


class IdentityDocumentAccess(models.Model):
    """One view of a document's fields or image by a staff member (GDPR: who saw what, when)."""

    class What(models.TextChoices):
        FIELDS = "fields", "Fields"
        IMAGE = "image", "Image"

    document = models.ForeignKey(IdentityDocument, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    what = models.CharField(max_length=8, choices=What.choices, default=What.FIELDS)
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = "identity document view"
        indexes = [models.Index(fields=["document", "viewed_at"], name="identity_access_doc_idx")]

    def __str__(self):
        return f"{self.user_id} viewed {self.what} of document {self.document_id}"
