"""State changes of identity documents: submit (read + validate + store), correct, verify, reject, purge.

    doc = submit_identity_document(stay=stay, image=photo_bytes, document_type="passport")
    verify_identity_document(document=doc, user=staff_user)
    reject_identity_document(document=doc, user=staff_user, reason="Photo does not match the guest")

The provider call happens outside any transaction (it can take seconds); the row is written in one
transaction afterwards, so a failed read leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from rest_framework import status

from integrations import realtime
from integrations.manager import get_integration_manager

from . import selectors
from .exceptions import IdentityDocumentError
from .images import sanitize_image
from .models import DocumentType, IdentityDocument, IdentityDocumentAccess
from .providers.base import CORRECTABLE_FIELDS
from .validation import ValidationContext, validate_id_data

logger = logging.getLogger("mystay.ocr")

OPEN_STAY_STATUSES = ("confirmed", "checked_in")
REJECTION_REASON_MAX = 500


def max_image_bytes() -> int:
    from django.conf import settings

    return settings.OCR_MAX_IMAGE_BYTES


def _hotel_today(hotel) -> dt.date:
    try:
        from zoneinfo import ZoneInfo

        return timezone.now().astimezone(ZoneInfo(hotel.timezone)).date()
    except Exception:  # an unknown zone name must not stop a check-in
        return timezone.localdate()


def validation_context(stay, *, corrected_fields=(), requested_document_type: str = "") -> ValidationContext:
    rules = selectors.settings_for_hotel(stay.hotel)
    guest = stay.guest
    return ValidationContext(
        today=_hotel_today(stay.hotel),
        arrival=stay.arrival,
        departure=stay.departure,
        minimum_age=rules.minimum_age,
        guest_first_name=guest.first_name,
        guest_last_name=guest.last_name,
        corrected_fields=tuple(corrected_fields),
        requested_document_type=requested_document_type,
    )


def _check_document_type(document_type: str) -> str:
    document_type = (document_type or DocumentType.PASSPORT).strip().lower()
    if document_type not in DocumentType.values:
        raise IdentityDocumentError(
            f"document_type must be one of {', '.join(DocumentType.values)}.", code="invalid_document_type"
        )
    return document_type


def _check_stay_open(stay) -> None:
    if stay.status not in OPEN_STAY_STATUSES:
        raise IdentityDocumentError(
            "Identity documents can be added only to an upcoming or current stay.",
            code="stay_not_open",
            status_code=status.HTTP_409_CONFLICT,
        )


def _publish(document: IdentityDocument, event: str) -> None:
    """Tell the front desk (ids only; the reception department sees check-in work)."""
    realtime.publish(
        hotel_id=document.hotel_id,
        stay_id=document.stay_id,
        type=f"identity_document.{event}",
        department="reception",
        data={"document_id": document.pk, "status": document.status, "needs_review": document.needs_review},
    )


def submit_identity_document(*, stay, image: bytes, document_type: str = "passport", actor=None) -> IdentityDocument:
    """Read the document with the hotel's OCR provider, validate it against the stay, and store it
    (one document per guest and stay: a new photo replaces a pending or rejected one).

    Raises IdentityDocumentError (image_*, mrz_not_found, invalid_document_type, stay_not_open,
    document_already_verified) or the provider's errors (ocr_unavailable, ocr_timeout, ...).
    An unreadable or invalid document is still stored when it was read: its validation says why
    it cannot be used, and staff can see it."""
    document_type = _check_document_type(document_type)
    _check_stay_open(stay)
    existing = selectors.document_for_stay(stay)
    if existing is not None and existing.status == IdentityDocument.Status.VERIFIED:
        raise IdentityDocumentError(
            "The identity document of this stay is already verified.",
            code="document_already_verified",
            status_code=status.HTTP_409_CONFLICT,
        )
    clean = sanitize_image(image)
    provider = get_integration_manager(stay.hotel).get_ocr()
    hint = {"first_name": stay.guest.first_name, "last_name": stay.guest.last_name}
    data = provider.extract_id_data(clean.content, document_type, hint=hint)
    validation = provider.validate_id_data(data, validation_context(stay, requested_document_type=document_type))
    keep_image = selectors.settings_for_hotel(stay.hotel).store_images

    with transaction.atomic():
        document, created = IdentityDocument.objects.select_for_update().get_or_create(
            stay=stay,
            guest=stay.guest,
            defaults={"hotel": stay.hotel, "document_type": document_type},
        )
        if not created and document.status == IdentityDocument.Status.VERIFIED:
            raise IdentityDocumentError(
                "The identity document of this stay is already verified.",
                code="document_already_verified",
                status_code=status.HTTP_409_CONFLICT,
            )
        document.document_type = data.get("document_type") or document_type
        document.issuing_country = (data.get("issuing_country") or "")[:3]
        document.status = IdentityDocument.Status.PENDING
        document.provider = getattr(provider, "name", "")
        document.confidence = data.get("confidence")
        document.data = data
        document.corrected_fields = []
        document.validation = validation
        document.image = clean.content if keep_image else None
        document.image_content_type = clean.content_type if keep_image else ""
        document.submitted_by = actor if getattr(actor, "pk", None) else None
        document.submissions = 1 if created else document.submissions + 1
        document.rejected_by, document.rejected_at, document.rejection_reason = None, None, ""
        document.purged_at = None
        document.save()
        _publish(document, "submitted")
    logger.info(
        "Identity document %s of stay %s read by %s: valid=%s",
        document.pk,
        stay.pk,
        document.provider,
        validation["is_valid"],
    )
    return document


def correct_identity_document(*, document: IdentityDocument, fields: dict, actor=None) -> IdentityDocument:
    """A guest's correction of fields the scan misread. Each corrected field is flagged for staff
    (and checked again against the zone's check digits and the stay)."""
    unknown = sorted(set(fields) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise IdentityDocumentError(f"These fields cannot be corrected: {', '.join(unknown)}.", code="invalid_field")
    with transaction.atomic():
        document = (
            IdentityDocument.objects.select_for_update()
            .select_related("stay__guest", "stay__hotel")
            .get(pk=document.pk)
        )
        if document.status != IdentityDocument.Status.PENDING or document.data is None:
            raise IdentityDocumentError(
                "Only a document waiting for verification can be corrected.",
                code="document_not_correctable",
                status_code=status.HTTP_409_CONFLICT,
            )
        data = dict(document.data)
        corrected = list(document.corrected_fields)
        for name, value in fields.items():
            value = "" if value is None else str(value).strip()
            if name in ("nationality", "issuing_country", "sex", "document_number"):
                value = value.upper()
            if str(data.get(name) or "") != value:
                data[name] = value or None
                if name not in corrected:
                    corrected.append(name)
        context = validation_context(
            document.stay, corrected_fields=corrected, requested_document_type=document.document_type
        )
        document.data = data
        document.corrected_fields = corrected
        document.issuing_country = (data.get("issuing_country") or "")[:3]
        document.validation = validate_id_data(data, context)
        document.save()
        _publish(document, "corrected")
    return document


def verify_identity_document(*, document: IdentityDocument, user) -> IdentityDocument:
    """Staff confirm the document (having looked at it and the guest). A document with validation
    errors cannot be verified: the guest must scan a valid one."""
    with transaction.atomic():
        document = IdentityDocument.objects.select_for_update().get(pk=document.pk)
        if document.status == IdentityDocument.Status.VERIFIED:
            return document
        if document.purged_at is not None:
            raise IdentityDocumentError(
                "This document's data was erased.", code="document_purged", status_code=status.HTTP_409_CONFLICT
            )
        if not document.is_valid:
            raise IdentityDocumentError(
                "This document has validation errors; ask the guest for a valid document.",
                code="document_invalid",
                status_code=status.HTTP_409_CONFLICT,
            )
        document.status = IdentityDocument.Status.VERIFIED
        document.verified_by = user
        document.verified_at = timezone.now()
        document.rejected_by, document.rejected_at, document.rejection_reason = None, None, ""
        document.save()
        _publish(document, "verified")
    return document


def reject_identity_document(*, document: IdentityDocument, user, reason: str) -> IdentityDocument:
    reason = (reason or "").strip()
    if not reason:
        raise IdentityDocumentError("Give the reason for the rejection.", code="rejection_reason_required")
    with transaction.atomic():
        document = IdentityDocument.objects.select_for_update().get(pk=document.pk)
        document.status = IdentityDocument.Status.REJECTED
        document.rejected_by = user
        document.rejected_at = timezone.now()
        document.rejection_reason = reason[:REJECTION_REASON_MAX]
        document.verified_by, document.verified_at = None, None
        document.save()
        _publish(document, "rejected")
    return document


def record_access(*, document: IdentityDocument, user, what: str = IdentityDocumentAccess.What.FIELDS) -> None:
    IdentityDocumentAccess.objects.create(document=document, user=user, what=what)


def purge_document(document: IdentityDocument, *, now=None) -> None:
    """Erase the ID fields and the image; keep type, country, decision, who and when."""
    document.data = None
    document.image = None
    document.image_content_type = ""
    document.corrected_fields = []
    document.confidence = None
    document.validation = {
        "is_valid": (document.validation or {}).get("is_valid", False),
        "errors": [{"code": e.get("code")} for e in (document.validation or {}).get("errors", [])],
        "warnings": [{"code": w.get("code")} for w in (document.validation or {}).get("warnings", [])],
    }
    document.purged_at = now or timezone.now()
    document.save(
        update_fields=[
            "data",
            "image",
            "image_content_type",
            "corrected_fields",
            "confidence",
            "validation",
            "purged_at",
            "updated_at",
        ]
    )


def purge_documents(documents) -> int:
    """Purge each document in its own short transaction; returns how many were purged."""
    count = 0
    for document in documents:
        with transaction.atomic():
            purge_document(document)
        count += 1
    if count:
        logger.info("Purged the identity data of %s document(s)", count)
    return count
