"""Charges on the guest's saved card for things other apps sell (spa treatments, late fees).

One charge per (stay, reference): the caller's natural key is the row's client key, so asking twice
charges once; a row whose first call got no answer is re-sent with its own idempotency key.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ..models import Payment, PaymentKind, PaymentStatus
from ..money import check_amount
from ..providers.base import PaymentIntent
from . import ledger
from .customers import card_to_charge, ensure_customer


def charge_saved_card(*, stay, amount, description: str, reference: str, details: dict | None = None) -> Payment:
    """Charge `amount` (hotel currency) to the guest's most recent saved card, once per `reference`.
    Raises NoSavedCard, PaymentDeclined (the row is then `failed`) or a provider error."""
    hotel = stay.hotel
    amount = check_amount(amount, hotel.currency)
    existing = Payment.objects.filter(stay=stay, client_key=reference).first()
    if existing is not None:
        return _resend_if_unanswered(existing)
    provider = ledger.get_provider(hotel)
    customer = ensure_customer(stay=stay, provider=provider)
    method = card_to_charge(stay=stay, provider=provider, customer=customer, payment_method_id=None)
    try:
        with transaction.atomic():
            row = ledger.new_row(
                hotel_id=hotel.pk,
                stay=stay,
                kind=PaymentKind.CHARGE,
                provider=provider.name,
                currency=hotel.currency,
                amount=amount,
                description=description[:200],
                details=details or {},
                stripe_customer_id=customer.stripe_customer_id,
                stripe_payment_method_id=method,
                client_key=reference,
            )
    except IntegrityError:  # the same reference arrived concurrently
        return Payment.objects.get(stay=stay, client_key=reference)
    return _send(row, provider)


def _send(row: Payment, provider) -> Payment:
    def complete(locked: Payment, intent: PaymentIntent):
        ledger.apply_intent(locked, intent)

    return ledger.run(
        row,
        lambda: provider.charge_card(
            row.amount,
            row.currency,
            row.stripe_customer_id,
            row.description,
            payment_method_id=row.stripe_payment_method_id or None,
            metadata={"hotel_id": row.hotel_id, "stay_id": row.stay_id, "payment_id": str(row.public_id)},
            idempotency_key=row.idempotency_key,
        ),
        complete,
    )


def _resend_if_unanswered(row: Payment) -> Payment:
    if row.status == PaymentStatus.PENDING and ledger.unanswered(row):
        return _send(row, ledger.get_provider(row.hotel))
    return row
