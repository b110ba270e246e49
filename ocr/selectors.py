"""Reads of the identity-document domain (other apps call these, never the models)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from .models import IdentityDocument, OcrSettings


def settings_for_hotel(hotel) -> OcrSettings:
    """The hotel's rules; an unsaved row with the defaults when the hotel has none."""
    cached = getattr(hotel, "_ocr_settings_cache", None)
    if cached is not None:
        return cached
    rules = OcrSettings.objects.filter(hotel_id=hotel.pk).first() or OcrSettings(hotel_id=hotel.pk)
    hotel._ocr_settings_cache = rules
    return rules


def document_for_stay(stay) -> IdentityDocument | None:
    """The document of the stay's (main) guest."""
    return IdentityDocument.objects.filter(stay_id=stay.pk, guest_id=stay.guest_id).first()


def identity_step_for_stay(stay) -> dict:
    """The ID step of online check-in. Done when "verified", or "pending" with is_valid true.

    {"status": "missing"|"pending"|"verified"|"rejected", "is_valid": bool, "needs_review": bool,
     "document_id": int|None, "errors": [...], "warnings": [...]}
    """
    document = document_for_stay(stay)
    if document is None:
        return {
            "status": "missing",
            "is_valid": False,
            "needs_review": False,
            "document_id": None,
            "errors": [],
            "warnings": [],
        }
    validation = document.validation or {}
    return {
        "status": document.status,
        "is_valid": bool(validation.get("is_valid")) and document.status != IdentityDocument.Status.REJECTED,
        "needs_review": document.needs_review,
        "document_id": document.pk,
        "errors": list(validation.get("errors", [])),
        "warnings": list(validation.get("warnings", [])),
    }


def pending_documents(hotel_id: int | None = None) -> QuerySet[IdentityDocument]:
    qs = IdentityDocument.objects.filter(status=IdentityDocument.Status.PENDING, purged_at__isnull=True)
    if hotel_id is not None:
        qs = qs.filter(hotel_id=hotel_id)
    return qs.select_related("stay", "guest", "hotel")


def documents_due_for_purge(*, now: dt.datetime | None = None) -> list[IdentityDocument]:
    """Documents of stays that ended more than their hotel's retention period ago (checked-out stays
    from their check-out, cancelled / no-show stays and stays never checked out from departure)."""
    now = now or timezone.now()
    today = now.date()
    retention = dict(OcrSettings.objects.values_list("hotel_id", "retention_days"))
    default_days = OcrSettings._meta.get_field("retention_days").default
    due = []
    candidates = (
        IdentityDocument.objects.filter(purged_at__isnull=True, stay__departure__lt=today)
        .select_related("stay")
        .defer("data", "image")  # decrypted only for the rows actually purged
        .order_by("pk")
    )
    for document in candidates.iterator(chunk_size=500):
        days = retention.get(document.hotel_id, default_days)
        stay = document.stay
        if stay.status == "checked_in":
            continue  # still in the house past departure: the front desk has not checked them out yet
        ended = stay.checked_out_at.date() if stay.checked_out_at else stay.departure
        if ended + dt.timedelta(days=days) <= today:
            due.append(document)
    return due
