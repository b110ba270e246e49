"""Mindbody webhooks: verify the signature on the raw body, apply each message once.

`X-Mindbody-Signature: sha256=<base64(HMAC-SHA256(messageSignatureKey, raw body))>` (PROVIDERS.md §6).
The key is the hotel's (`webhook_signature_key` in its Mindbody config; the URL names the hotel).
A message id seen before is answered 200 and changes nothing (Mindbody retries for hours).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.manager import get_integration_manager
from stays.models import Hotel

from ..exceptions import InvalidSignature
from ..models import SpaBooking, SpaBookingStatus, SpaWebhookEvent
from ..providers.base import CANCELLED
from . import bookings

logger = logging.getLogger("mystay.spa")

BOOKING_EVENTS = ("appointmentBooking.created", "appointmentBooking.updated", "appointmentBooking.cancelled")


@dataclass(frozen=True)
class WebhookResult:
    duplicate: bool
    outcome: str


def sign(key: str, payload: bytes) -> str:
    digest = hmac.new(key.encode(), payload, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


def _provider(hotel_code: str):
    hotel = Hotel.objects.filter(code=hotel_code.strip().upper(), is_active=True).first() if hotel_code else None
    if hotel is None:
        return None, None
    manager = get_integration_manager(hotel)
    name, _ = manager.choice("spa")
    if name != "mindbody":
        return hotel, None
    return hotel, manager.get_spa()


def handle_mindbody_webhook(*, payload: bytes, signature: str, hotel_code: str) -> WebhookResult:
    hotel, provider = _provider(hotel_code)
    key = getattr(provider, "webhook_signature_key", "") if provider else ""
    # Unknown hotel, no key, wrong signature: one answer, so the endpoint reveals nothing.
    if not key or not signature or not hmac.compare_digest(sign(key, payload), signature.strip()):
        raise InvalidSignature()
    try:
        message = json.loads(payload)
    except ValueError:
        raise InvalidSignature("The payload is not JSON.", code="invalid_payload") from None
    if not isinstance(message, dict) or not message.get("messageId"):
        raise InvalidSignature("The payload is not a Mindbody event.", code="invalid_payload")
    event_type = str(message.get("eventId") or "")
    data = message.get("eventData") if isinstance(message.get("eventData"), dict) else {}
    try:
        with transaction.atomic():
            event = SpaWebhookEvent.objects.create(
                provider="mindbody",
                message_id=str(message["messageId"])[:100],
                event_type=event_type[:80],
                hotel=hotel,
                outcome="received",
            )
            booking, outcome = _apply(hotel, provider, event_type, data)
            event.booking, event.outcome = booking, outcome
            event.save(update_fields=["booking", "outcome"])
    except IntegrityError:
        return WebhookResult(duplicate=True, outcome="duplicate")
    return WebhookResult(duplicate=False, outcome=outcome)


def _apply(hotel, provider, event_type: str, data: dict):
    if event_type not in BOOKING_EVENTS:
        return None, "ignored"
    if str(data.get("siteId", provider.site_id)) != str(provider.site_id):
        return None, "other_site"
    booking = (
        SpaBooking.objects.select_related("hotel", "stay")
        .filter(hotel=hotel, provider="mindbody", vendor_reference=str(data.get("appointmentId") or "-"))
        .first()
    )
    if booking is None:
        return None, "unknown_booking"  # booked at the desk in Mindbody, not through MyStay
    if event_type == "appointmentBooking.cancelled" or str(data.get("status")) in ("Cancelled", "LateCancelled"):
        if booking.status in (SpaBookingStatus.REQUESTED, SpaBookingStatus.CONFIRMED):
            booking.status = SpaBookingStatus.CANCELLED
            booking.cancelled_at = timezone.now()
            booking.cancel_reason = "Cancelled in Mindbody"
            booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
            bookings.announce(booking)
        return booking, CANCELLED
    info = provider.booking_from_event(data)
    updated = bookings.apply_vendor_booking(booking, info, source="webhook")
    return updated, updated.status
