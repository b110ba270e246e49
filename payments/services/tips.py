"""Tips from the guest app: a separate PaymentIntent on the saved card, one per Idempotency-Key."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mystay.api.errors import ApiError

from ..exceptions import IdempotencyKeyReused, IdempotencyRequestInProgress
from ..models import Payment, PaymentKind, PaymentStatus
from ..money import InvalidAmount, check_amount, format_money
from ..providers.base import PaymentIntent
from . import ledger
from .customers import card_to_charge, ensure_customer

# A pending tip younger than this is assumed to be in flight in another request.
IN_FLIGHT_SECONDS = 30


@dataclass(frozen=True)
class TipOutcome:
    payment: Payment
    replayed: bool
    # Only when the card needs 3-D Secure: what the guest app needs to finish it.
    client_secret: str = ""
    next_action: dict | None = None


def max_tip(hotel, provider) -> Decimal:
    """The hotel's ceiling (its payment settings' max_tip), else TIP_MAX_AMOUNT for its currency."""
    configured = getattr(provider, "max_tip", None)
    if configured:
        return Decimal(str(configured))
    defaults = settings.TIP_MAX_AMOUNT
    return Decimal(str(defaults.get(hotel.currency.upper(), defaults.get("default", "500"))))


def _fingerprint(**request) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def create_tip(
    *,
    stay,
    client_key: str,
    amount,
    currency: str | None = None,
    staff_name: str = "",
    department: str = "",
    payment_method_id: str | None = None,
) -> TipOutcome:
    """Charge a tip once per (stay, Idempotency-Key): the same key gives the same answer."""
    client_key = (client_key or "").strip()
    if not client_key or len(client_key) > 255:
        raise ApiError(
            "Send an Idempotency-Key header (a unique value per tip, at most 255 characters).",
            code="idempotency_key_required",
        )
    hotel = stay.hotel
    currency = (currency or hotel.currency).upper()
    if currency != hotel.currency:
        raise ApiError(f"Tips at this hotel are paid in {hotel.currency}.", code="currency_not_accepted")
    amount = check_amount(amount, currency)
    fingerprint = _fingerprint(
        amount=str(amount), currency=currency, staff_name=staff_name, department=department, pm=payment_method_id or ""
    )
    existing = Payment.objects.filter(stay=stay, client_key=client_key).first()
    if existing is not None:
        return _replay(existing, fingerprint)

    provider = ledger.get_provider(hotel)
    limit = max_tip(hotel, provider)
    if amount > limit:
        raise InvalidAmount(f"A tip can be at most {format_money(limit, currency)}.", code="tip_too_large")
    customer = ensure_customer(stay=stay, provider=provider)
    method = card_to_charge(stay=stay, provider=provider, customer=customer, payment_method_id=payment_method_id)
    try:
        with transaction.atomic():
            row = ledger.new_row(
                hotel_id=hotel.pk,
                stay=stay,
                kind=PaymentKind.TIP,
                provider=provider.name,
                currency=currency,
                amount=amount,
                description=f"Tip for {staff_name or 'the team'}"[:200],
                details={"staff_name": staff_name, "department": department},
                stripe_customer_id=customer.stripe_customer_id,
                stripe_payment_method_id=method,
                client_key=client_key,
                request_fingerprint=fingerprint,
            )
    except IntegrityError:  # the same key arrived concurrently
        return _replay(Payment.objects.get(stay=stay, client_key=client_key), fingerprint)
    return _send(row, provider=provider, replayed=False)


def _send(row: Payment, *, provider, replayed: bool) -> TipOutcome:
    captured: dict = {}

    def complete(locked: Payment, intent: PaymentIntent):
        captured["intent"] = intent
        ledger.apply_intent(locked, intent)

    row = ledger.run(
        row,
        lambda: provider.process_tip(
            row.amount,
            row.currency,
            row.stripe_customer_id,
            row.details.get("staff_name", ""),
            row.details.get("department", ""),
            payment_method_id=row.stripe_payment_method_id or None,
            metadata={"hotel_id": row.hotel_id, "stay_id": row.stay_id, "payment_id": str(row.public_id)},
            idempotency_key=row.idempotency_key,
        ),
        complete,
    )
    return _outcome(row, captured.get("intent"), replayed=replayed)


def _outcome(row: Payment, intent: PaymentIntent | None, *, replayed: bool) -> TipOutcome:
    if row.status == PaymentStatus.REQUIRES_ACTION and intent is not None:
        return TipOutcome(row, replayed, client_secret=intent.client_secret, next_action=intent.next_action)
    return TipOutcome(row, replayed)


def _replay(row: Payment, fingerprint: str) -> TipOutcome:
    if row.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    if row.status == PaymentStatus.FAILED:
        raise ApiError(
            row.failure_message or "The payment failed.",
            code=row.details.get("error_code", "payment_error"),
            status_code=row.details.get("http_status", 402),
        )
    provider = ledger.get_provider(row.hotel)
    if row.status == PaymentStatus.PENDING:
        age = (timezone.now() - row.created_at).total_seconds()
        if row.failure_code != ledger.OUTCOME_UNKNOWN and age < IN_FLIGHT_SECONDS:
            raise IdempotencyRequestInProgress()
        return _send(row, provider=provider, replayed=True)  # same row, same provider idempotency key
    if row.status == PaymentStatus.REQUIRES_ACTION and row.stripe_payment_intent_id:
        intent = provider.retrieve_payment_intent(row.stripe_payment_intent_id)
        with transaction.atomic():
            locked = ledger.lock(row)
            ledger.apply_intent(locked, intent)
        return _outcome(locked, intent, replayed=True)
    return TipOutcome(row, True)
