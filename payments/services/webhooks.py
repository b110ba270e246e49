"""Stripe webhooks: verify the signature with the hotel's secret, store each event once, apply it once.

The endpoint may serve many hotels. Candidate secrets are the webhook secrets of hotels that chose
Stripe, plus the environment's STRIPE_WEBHOOK_SECRET for hotels on the default; `?hotel=CODE` on the
endpoint URL narrows the search. An event is applied only to ledger rows of hotels whose secret
verified it. Application is monotonic (see ledger.apply_intent), so replays and out-of-order
delivery are harmless; the unique event id makes a replay a no-op.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from integrations.models import HotelIntegrations
from integrations.registry import Capability
from stays.models import Hotel

from ..exceptions import InvalidSignature
from ..models import PAYMENT_KINDS, Payment, PaymentKind, PaymentStatus, WebhookEvent
from ..money import format_money, from_minor
from ..providers.stripe import payment_intent_from_stripe, refund_from_stripe
from . import ledger

logger = logging.getLogger("mystay.payments.webhooks")

TOLERANCE_SECONDS = 300


@dataclass(frozen=True)
class WebhookResult:
    event: WebhookEvent
    duplicate: bool


def webhook_secrets(hotel_code: str = "") -> dict[str, set[int]]:
    """secret -> ids of the hotels it belongs to."""
    secrets: dict[str, set[int]] = defaultdict(set)
    chose = set()
    for record in HotelIntegrations.objects.exclude(payment_provider=""):
        chose.add(record.hotel_id)
        if record.payment_provider != "stripe":
            continue
        _, config = record.choice(Capability.PAYMENT)
        if config.get("webhook_secret"):
            secrets[config["webhook_secret"]].add(record.hotel_id)
    if settings.PAYMENT_PROVIDER == "stripe" and settings.STRIPE_WEBHOOK_SECRET:
        default_hotels = set(Hotel.objects.exclude(pk__in=chose).values_list("pk", flat=True))
        if default_hotels:
            secrets[settings.STRIPE_WEBHOOK_SECRET] |= default_hotels
    if hotel_code:
        hotel_id = Hotel.objects.filter(code=hotel_code.strip().upper()).values_list("pk", flat=True).first()
        secrets = {s: {hotel_id} for s, ids in secrets.items() if hotel_id in ids}
    return secrets


def verify(payload: bytes, signature: str, hotel_code: str = "") -> set[int]:
    """The hotels whose webhook secret signed this payload; InvalidSignature when none did."""
    if not signature:
        raise InvalidSignature("The Stripe-Signature header is missing.")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidSignature() from None
    hotels: set[int] = set()
    for secret, hotel_ids in webhook_secrets(hotel_code).items():
        try:
            stripe.WebhookSignature.verify_header(text, signature, secret, TOLERANCE_SECONDS)
        except stripe.SignatureVerificationError:
            continue
        hotels |= hotel_ids
    if not hotels:
        raise InvalidSignature()
    return hotels


def handle_stripe_webhook(*, payload: bytes, signature: str, hotel_code: str = "") -> WebhookResult:
    hotel_ids = verify(payload, signature, hotel_code)
    try:
        event = json.loads(payload)
        event_id, event_type, obj = event["id"], event["type"], event["data"]["object"]
    except (ValueError, KeyError, TypeError):
        raise InvalidSignature("The payload is not a Stripe event.", code="invalid_payload") from None
    created = dt.datetime.fromtimestamp(int(event.get("created") or 0), tz=dt.UTC)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = WebhookEvent.objects.create(
                    event_id=event_id,
                    type=event_type,
                    livemode=bool(event.get("livemode")),
                    created=created,
                    payload=event,
                    outcome=WebhookEvent.Outcome.IGNORED,
                )
        except IntegrityError:
            return WebhookResult(WebhookEvent.objects.get(event_id=event_id), duplicate=True)
        payment, detail = _apply(event_type, obj, hotel_ids, created)
        if payment is not None:
            record.payment = payment
            record.hotel_id = payment.hotel_id
            record.outcome = WebhookEvent.Outcome.APPLIED
        record.detail = detail[:300]
        record.save(update_fields=["payment", "hotel", "outcome", "detail"])
    logger.info("Stripe event %s (%s): %s", event_id, event_type, record.outcome)
    return WebhookResult(record, duplicate=False)


# -- applying ----------------------------------------------------------------------------------------
def _payment_row(hotel_ids, *, payment_intent_id: str, metadata: dict | None = None) -> Payment | None:
    rows = Payment.objects.select_for_update().filter(hotel_id__in=hotel_ids, kind__in=PAYMENT_KINDS)
    row = rows.filter(stripe_payment_intent_id=payment_intent_id).first() if payment_intent_id else None
    if row is None and metadata and metadata.get("payment_id"):
        # A row whose create call timed out knows no PaymentIntent id yet; its metadata links them.
        row = rows.filter(public_id=_uuid(metadata["payment_id"]), stripe_payment_intent_id="").first()
    return row


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _apply(event_type: str, obj: dict, hotel_ids: set[int], created) -> tuple[Payment | None, str]:
    if event_type.startswith("payment_intent."):
        intent = payment_intent_from_stripe(obj)
        row = _payment_row(hotel_ids, payment_intent_id=intent.id, metadata=intent.metadata)
        if row is None:
            return None, "No ledger row for this PaymentIntent."
        ledger.apply_intent(row, intent, event_at=created)
        return row, f"Payment now {row.status}."
    if event_type == "charge.captured":
        row = _payment_row(hotel_ids, payment_intent_id=obj.get("payment_intent") or "")
        if row is None:
            return None, "No ledger row for this charge."
        currency = (obj.get("currency") or row.currency).upper()
        captured = from_minor(obj.get("amount_captured"), currency)
        if row.status != PaymentStatus.CAPTURED and row.kind == PaymentKind.HOLD:
            row.status = PaymentStatus.CAPTURED
        row.amount_captured = max(row.amount_captured, min(captured, row.amount_authorized or captured))
        row.amount_authorized = max(row.amount_authorized, row.amount_captured)
        row.stripe_charge_id = row.stripe_charge_id or obj.get("id", "")
        row.save()
        ledger.announce(row)
        return row, "Capture recorded."
    if event_type == "charge.refunded":
        return _charge_refunded(obj, hotel_ids, created)
    if event_type.startswith("refund."):
        return _refund_event(refund_from_stripe(obj), hotel_ids, created)
    if event_type == "charge.dispute.created":
        row = _payment_row(hotel_ids, payment_intent_id=obj.get("payment_intent") or "")
        if row is None:
            return None, "No ledger row for the disputed charge."
        currency = (obj.get("currency") or row.currency).upper()
        row.disputed = True
        ledger.flag(
            row,
            f"Dispute opened ({obj.get('reason') or 'unknown reason'}) for "
            f"{format_money(from_minor(obj.get('amount'), currency), currency)}; respond in Stripe.",
        )
        row.save()
        ledger.announce(row)
        return row, "Dispute flagged for staff."
    return None, "Event type not used by MyStay."


def _refund_event(refund, hotel_ids, created) -> tuple[Payment | None, str]:
    rows = Payment.objects.select_for_update().filter(hotel_id__in=hotel_ids, kind=PaymentKind.REFUND)
    row = rows.filter(stripe_refund_id=refund.id).first()
    if row is None and refund.metadata.get("payment_id"):
        row = rows.filter(public_id=_uuid(refund.metadata["payment_id"]), stripe_refund_id="").first()
    if row is None:
        parent = _payment_row(hotel_ids, payment_intent_id=refund.payment_intent_id)
        if parent is None:
            return None, "No ledger row for this refund's payment."
        # A refund made outside MyStay (e.g. in the Stripe dashboard): the ledger records it too.
        row = ledger.new_row(
            hotel_id=parent.hotel_id,
            stay_id=parent.stay_id,
            parent=parent,
            kind=PaymentKind.REFUND,
            provider=parent.provider,
            currency=refund.currency or parent.currency,
            amount=refund.amount,
            stripe_payment_intent_id=parent.stripe_payment_intent_id,
            stripe_refund_id=refund.id,
            details={"reason": refund.reason, "origin": "provider"},
        )
    ledger.apply_refund(row, refund, event_at=created)
    return row, f"Refund now {row.status}."


def _charge_refunded(charge: dict, hotel_ids, created) -> tuple[Payment | None, str]:
    row = _payment_row(hotel_ids, payment_intent_id=charge.get("payment_intent") or "")
    if row is None:
        return None, "No ledger row for this charge."
    # Refund objects carried by the charge (older API versions include them) are recorded one by one.
    for refund in ((charge.get("refunds") or {}).get("data")) or []:
        _refund_event(refund_from_stripe(refund), hotel_ids, created)
    row.refresh_from_db()
    reported = from_minor(charge.get("amount_refunded"), (charge.get("currency") or row.currency).upper())
    row.details = {**row.details, "provider_refunded": str(reported)}
    if reported > row.amount_refunded:
        # The refund events will follow (ledger.retotal_refunds clears this); until then staff see the gap.
        ledger.flag(
            row, f"{ledger.REFUND_GAP_PREFIX} {reported} refunded; the ledger has {row.amount_refunded} so far."
        )
    row.save(update_fields=["details", "attention", "attention_at", "updated_at"])
    return row, "Charge refund totals checked."
