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


def refund_payment(*, payment: Payment, amount=None, reason: str | None = None, actor=None) -> Payment:
    """Refund all that remains refundable, or `amount` of it. Returns the refund row.

    Guardrails before any provider call: the payment was captured/paid, and the amount is at most
    what was captured minus what is already refunded (or being refunded).
    """
    if reason and reason not in REFUND_REASONS:
        raise PaymentRuleViolation(f"Refund reason must be one of {', '.join(REFUND_REASONS)}.", code="invalid_reason")
    with transaction.atomic():
        payment = ledger.lock(payment)
        if payment.kind not in (PaymentKind.HOLD, PaymentKind.CHARGE, PaymentKind.TIP):
            raise PaymentRuleViolation(
                "Only a captured hold, a charge or a tip can be refunded.", code="not_refundable"
            )
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
        )
    return send_refund(row)


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
