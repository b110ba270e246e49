"""Stripe webhooks: verify the signature with the hotel's secret, store each event once, apply it once.

The endpoint may serve many hotels. Candidate secrets are the webhook secrets of hotels that chose
Stripe, plus the environment's STRIPE_WEBHOOK_SECRET for hotels on the default; `?hotel=CODE` on the
endpoint URL narrows the search. An event is applied only to ledger rows of hotels whose secret
verified it. Application is monotonic (see ledger.apply_intent), so replays and out-of-order
delivery are harmless; the unique event id makes a replay a no-op.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from integrations.models import HotelIntegrations
from integrations.registry import Capability
from mystay.api import parsers as bounded_json
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


# Bounds for an event's `created` (Unix seconds): 2000-01-01 .. 2100-01-01.
_CREATED_MIN, _CREATED_MAX = 946684800, 4102444800
# Never stored: what would let someone finish a payment (PaymentIntent/SetupIntent client secrets).
_SECRET_KEYS = frozenset({"client_secret"})


def _invalid_payload(message="The payload is not a Stripe event."):
    return InvalidSignature(message, code="invalid_payload")


def parse_event(payload: bytes) -> tuple[dict, str, str, dict, dt.datetime]:
    """(event, id, type, data.object, created) of a verified payload; `invalid_payload` for any other shape."""
    try:
        event = bounded_json.loads(payload)  # nesting bounded: no RecursionError downstream
        if not isinstance(event, dict):
            raise TypeError
        event_id, event_type, data = event["id"], event["type"], event["data"]
        if not isinstance(event_id, str) or not 0 < len(event_id) <= 255:
            raise TypeError
        if not isinstance(event_type, str) or not 0 < len(event_type) <= 100:
            raise TypeError
        if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
            raise TypeError
        created = event.get("created")
        if isinstance(created, bool) or not isinstance(created, int) or not _CREATED_MIN <= created <= _CREATED_MAX:
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise _invalid_payload() from None
    return event, event_id, event_type, data["object"], dt.datetime.fromtimestamp(created, tz=dt.UTC)


def _without_secrets(value):
    if isinstance(value, dict):
        return {k: ("" if k in _SECRET_KEYS and v else _without_secrets(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_secrets(v) for v in value]
    return value


def handle_stripe_webhook(*, payload: bytes, signature: str, hotel_code: str = "") -> WebhookResult:
    hotel_ids = verify(payload, signature, hotel_code)
    event, event_id, event_type, obj, created = parse_event(payload)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = WebhookEvent.objects.create(
                    event_id=event_id,
                    type=event_type,
                    livemode=event.get("livemode") is True,
                    created=created,
                    payload=_without_secrets(event),
                    outcome=WebhookEvent.Outcome.IGNORED,
                )
        except IntegrityError:
            return WebhookResult(WebhookEvent.objects.get(event_id=event_id), duplicate=True)
        try:
            payment, detail = _apply(event_type, obj, hotel_ids, created)
        except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            # A signed event whose object is not shaped like Stripe's: nothing is kept (rolled back).
            logger.warning("Stripe event %s (%s) has an unexpected shape: %r", event_id, event_type, exc)
            raise _invalid_payload("The event's object is not shaped like a Stripe object.") from None
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
    if row is None and metadata and _uuid(metadata.get("payment_id")):
        # A row whose create call timed out (or is still in flight) knows no PaymentIntent id yet; its
        # metadata links them. The id condition is checked after the lock, so a row the API answer
        # completed meanwhile is still found.
        row = rows.filter(public_id=_uuid(metadata["payment_id"])).first()
        if row is not None and row.stripe_payment_intent_id not in ("", payment_intent_id):
            row = None
    return row


def _uuid(value):
    if not value:
        return None
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
        ledger.settle_pending_captures(row)
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


EXPIRED_UNCAPTURED = "expired_uncaptured_charge"


def _expire(parent: Payment, created) -> tuple[Payment, str]:
    if ledger.expire_hold(parent, event_at=created):
        return parent, "Hold expired at the card issuer (uncaptured charge released)."
    return parent, f"Uncaptured charge released; the hold is {parent.status}."


def _refund_event(refund, hotel_ids, created) -> tuple[Payment | None, str]:
    rows = Payment.objects.select_for_update().filter(hotel_id__in=hotel_ids, kind=PaymentKind.REFUND)
    row = rows.filter(stripe_refund_id=refund.id).first() if refund.id else None
    if row is None and _uuid(refund.metadata.get("payment_id")):
        # Checked after the lock: the API answer may have completed the row meanwhile.
        row = rows.filter(public_id=_uuid(refund.metadata["payment_id"])).first()
        if row is not None and row.stripe_refund_id not in ("", refund.id):
            row = None
    if row is None:
        parent = _payment_row(hotel_ids, payment_intent_id=refund.payment_intent_id)
        if parent is None:
            return None, "No ledger row for this refund's payment."
        if refund.reason == EXPIRED_UNCAPTURED:
            # Stripe releasing an uncaptured authorization, not money going back to the guest.
            if parent.kind == PaymentKind.HOLD:
                return _expire(parent, created)
            return parent, "Uncaptured charge released by the provider; no refund recorded."
        if not refund.id:
            return None, "Refund without an id."
        # A refund made outside MyStay (e.g. in the Stripe dashboard): the ledger records it too.
        try:
            with transaction.atomic():
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
        except IntegrityError:
            # Another event (or the API answer) recorded this refund id meanwhile.
            row = rows.filter(stripe_refund_id=refund.id).first()
            if row is None:
                raise
    ledger.apply_refund(row, refund, event_at=created)
    return row, f"Refund now {row.status}."


def _charge_refunded(charge: dict, hotel_ids, created) -> tuple[Payment | None, str]:
    row = _payment_row(hotel_ids, payment_intent_id=charge.get("payment_intent") or "")
    if row is None:
        return None, "No ledger row for this charge."
    if row.kind == PaymentKind.HOLD and charge.get("captured") is False:
        # The refund of a charge never captured: the authorization lapsed (or was released).
        return _expire(row, created)
    # Refund objects carried by the charge (older API versions include them) are recorded one by one.
    for refund in ((charge.get("refunds") or {}).get("data")) or []:
        _refund_event(refund_from_stripe(refund), hotel_ids, created)
    row.refresh_from_db()
    if row.status == PaymentStatus.EXPIRED and row.amount_captured == 0:
        return row, "Uncaptured charge released; the hold is expired."
    reported = from_minor(charge.get("amount_refunded"), (charge.get("currency") or row.currency).upper())
    row.details = {**row.details, "provider_refunded": str(reported)}
    if reported > row.amount_refunded:
        # The refund events will follow (ledger.retotal_refunds clears this); until then staff see the gap.
        ledger.flag(
            row,
            f"{ledger.REFUND_GAP_PREFIX} {reported} refunded; the ledger has {row.amount_refunded} so far.",
            replaces=ledger.REFUND_GAP_PREFIX,
        )
    row.save(update_fields=["details", "attention", "attention_at", "updated_at"])
    return row, "Charge refund totals checked."
