"""Refunds (full or partial) of what was captured or charged."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from ..exceptions import PaymentRuleViolation
from ..models import Payment, PaymentKind, PaymentStatus
from ..money import check_amount, format_money
from . import ledger

REFUND_REASONS = ("requested_by_customer", "duplicate", "fraudulent")
REFUNDABLE_STATUSES = (PaymentStatus.CAPTURED, PaymentStatus.SUCCEEDED)


def refundable_amount(payment: Payment):
    """What can still be refunded: captured minus every refund not failed or canceled (in flight too)."""
    reserved = sum(
        (
            r.amount
            for r in payment.operations.filter(kind=PaymentKind.REFUND).exclude(
                status__in=[PaymentStatus.FAILED, PaymentStatus.CANCELED]
            )
        ),
        start=Decimal("0"),
    )
    return max(payment.amount_captured - reserved, Decimal("0"))


def unconfirmed_refund(payment: Payment) -> Payment | None:
    """A refund of `payment` sent (or being sent) that Stripe has not answered: no refund id yet."""
    return (
        payment.operations.filter(kind=PaymentKind.REFUND, status=PaymentStatus.PENDING, stripe_refund_id="")
        .order_by("created_at", "id")
        .first()
    )


def refund_payment(
    *, payment: Payment, amount=None, reason: str | None = None, actor=None, client_key: str = ""
) -> Payment:
    """Refund all that remains refundable, or `amount` of it. Returns the refund row.

    Guardrails before any provider call: the payment was captured/paid, and the amount is at most
    what was captured minus what is already refunded (or being refunded).

    A refund whose answer was lost (timeout) is retried as the same row, with the same idempotency
    key, for the same amount only; another amount is refused until it is confirmed. `client_key` (a
    one-time form token) makes a double submission answer with the first refund.
    """
    if reason and reason not in REFUND_REASONS:
        raise PaymentRuleViolation(f"Refund reason must be one of {', '.join(REFUND_REASONS)}.", code="invalid_reason")
    with transaction.atomic():
        payment = ledger.lock(payment)
        submitted = (
            Payment.objects.filter(stay_id=payment.stay_id, client_key=client_key).first() if client_key else None
        )
        if submitted is not None:
            if submitted.kind != PaymentKind.REFUND or submitted.parent_id != payment.pk:
                raise PaymentRuleViolation("This form was already used for another payment.", code="form_reused")
            if not ledger.unanswered(submitted):
                return submitted  # a double submission: the first refund's answer
            row = submitted
        elif (in_flight := unconfirmed_refund(payment)) is not None:
            wanted = (
                refundable_amount(payment) + in_flight.amount
                if amount in (None, "")
                else check_amount(amount, payment.currency)
            )
            if wanted != in_flight.amount or not ledger.unanswered(in_flight):
                raise PaymentRuleViolation(
                    f"A refund of {format_money(in_flight.amount, in_flight.currency)} is not confirmed yet; "
                    "retry that refund (same amount) or wait for the provider's confirmation.",
                    code="refund_in_progress",
                )
            row = in_flight
        else:
            row = _new_refund_row(payment, amount=amount, reason=reason, actor=actor, client_key=client_key)
    return send_refund(row)


def _new_refund_row(payment: Payment, *, amount, reason, actor, client_key) -> Payment:
    """Guardrails, then the pending refund row (the caller holds the payment's lock)."""
    if payment.kind not in (PaymentKind.HOLD, PaymentKind.CHARGE, PaymentKind.TIP):
        raise PaymentRuleViolation("Only a captured hold, a charge or a tip can be refunded.", code="not_refundable")
    if payment.status not in REFUNDABLE_STATUSES:
        raise PaymentRuleViolation(
            f"Nothing was captured on this {payment.get_kind_display().lower()}; "
            "release the hold instead of refunding.",
            code="not_refundable",
        )
    available = refundable_amount(payment)
    amount = available if amount in (None, "") else check_amount(amount, payment.currency)
    if amount <= 0 or amount > available:
        raise PaymentRuleViolation(
            f"Cannot refund {format_money(amount, payment.currency)}: "
            f"{format_money(available, payment.currency)} is left to refund of "
            f"{format_money(payment.amount_captured, payment.currency)} captured.",
            code="refund_exceeds_captured",
        )
    row = ledger.new_row(
        hotel_id=payment.hotel_id,
        stay_id=payment.stay_id,
        parent=payment,
        kind=PaymentKind.REFUND,
        provider=payment.provider,
        currency=payment.currency,
        amount=amount,
        stripe_payment_intent_id=payment.stripe_payment_intent_id,
        details={"reason": reason} if reason else {},
        created_by=actor,
        **({"client_key": client_key} if client_key else {}),
    )
    return row


def send_refund(row: Payment) -> Payment:
    """(Re)send a pending refund row with its own idempotency key."""
    provider = ledger.get_provider(row.hotel)
    return ledger.run(
        row,
        lambda: provider.create_refund(
            row.stripe_payment_intent_id,
            row.amount,
            row.details.get("reason"),
            currency=row.currency,
            metadata={"hotel_id": row.hotel_id, "stay_id": row.stay_id, "payment_id": str(row.public_id)},
            idempotency_key=row.idempotency_key,
        ),
        lambda locked, refund: ledger.apply_refund(locked, refund),
    )
