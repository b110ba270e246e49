"""Ledger mechanics shared by the payment services.

A money operation is always: (1) write the row, committed, before the provider call; (2) call the
provider with the row's idempotency key; (3) complete the row with the outcome under a row lock.
When the outcome is unknown (timeout, network error, provider 5xx) the row stays `pending` and is
re-sent with the same key on retry, so the provider moves the money once.

Call these services outside an enclosing transaction: the pending row must be committed before the
provider is called, and a failure outcome must survive the error raised to the caller.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrations import realtime
from integrations.exceptions import ProviderError
from integrations.manager import get_integration_manager

from ..exceptions import PaymentDeclined, PaymentOutcomeUnknown
from ..models import Payment, PaymentKind, PaymentStatus
from ..providers import base
from ..signals import payment_completed

logger = logging.getLogger("mystay.payments")

OUTCOME_UNKNOWN = "outcome_unknown"

_PAYMENT_RANK = {
    PaymentStatus.PENDING: 0,
    PaymentStatus.REQUIRES_ACTION: 1,
    PaymentStatus.FAILED: 2,
    PaymentStatus.AUTHORIZED: 3,
    PaymentStatus.CAPTURED: 4,
    PaymentStatus.SUCCEEDED: 4,
    PaymentStatus.RELEASED: 4,
    PaymentStatus.EXPIRED: 4,
    PaymentStatus.CANCELED: 4,
}
_REFUND_RANK = {
    PaymentStatus.PENDING: 0,
    PaymentStatus.REQUIRES_ACTION: 1,
    PaymentStatus.SUCCEEDED: 2,
    PaymentStatus.FAILED: 2,
    PaymentStatus.CANCELED: 2,
}


def get_provider(hotel):
    return get_integration_manager(hotel).get_payment()


def idempotency_key(kind: str, public_id) -> str:
    return f"mystay-{kind}-{public_id}"


def hold_valid_for() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "PAYMENT_HOLD_VALID_DAYS", 7))


def new_row(**fields) -> Payment:
    """Create a pending ledger row whose idempotency key derives from its own public id."""
    row = Payment(status=PaymentStatus.PENDING, **fields)
    row.idempotency_key = idempotency_key(row.kind, row.public_id)
    row.save()
    return row


# A pending row not updated for this long was never answered (the process died mid-call).
STALE_PENDING = dt.timedelta(minutes=2)


def unanswered(row: Payment, *, now: dt.datetime | None = None) -> bool:
    """A pending row whose provider call got no answer (timeout, crash): safe to re-send with its key.
    A row whose call is still in flight (recent, no outcome recorded) is not."""
    if row.status != PaymentStatus.PENDING:
        return False
    if row.failure_code == OUTCOME_UNKNOWN:
        return True
    return row.updated_at is not None and row.updated_at < (now or timezone.now()) - STALE_PENDING


def lock(row: Payment) -> Payment:
    return Payment.objects.select_for_update().get(pk=row.pk)


def announce(row: Payment) -> None:
    """Tell the stay's and hotel's streams that a payment changed (ids only)."""
    realtime.publish(
        hotel_id=row.hotel_id,
        type=realtime.PAYMENT_UPDATED,
        stay_id=row.stay_id,
        data={"payment_id": str(row.public_id)},
    )


def enqueue_receipt(row: Payment) -> None:
    """Enqueue the guest's payment receipt in the same transaction that completed the row (the
    outbox then delivers it), and fire `payment_completed` after commit for other listeners."""
    from integrations.notifications.events import notify_payment_receipt

    notify_payment_receipt(
        stay_id=row.stay_id,
        payment_id=row.public_id,
        # Operation rows (capture, refund) carry their own amount; a tip or charge what was taken.
        amount=row.amount
        if row.kind in (PaymentKind.CAPTURE, PaymentKind.REFUND)
        else (row.amount_captured or row.amount),
        currency=row.currency,
        description=row.get_kind_display(),
    )
    payment_id, kind = row.pk, row.kind
    transaction.on_commit(lambda: payment_completed.send(sender=Payment, payment_id=payment_id, kind=kind))


FLAG_SEPARATOR = " | "
ATTENTION_MAX = 300


def flag_parts(row: Payment) -> list[str]:
    return [part for part in (row.attention or "").split(FLAG_SEPARATOR) if part]


def flag(row: Payment, message: str, *, replaces: str | None = None) -> None:
    """Add a note for staff to `attention`, newest first, keeping the earlier ones (a dispute is not
    hidden by a later expiry warning). A note starting with `replaces` (default: the same text)
    is replaced rather than repeated."""
    message = message.strip().replace(FLAG_SEPARATOR, " / ")
    prefix = replaces or message
    parts = [message] + [part for part in flag_parts(row) if not part.startswith(prefix)]
    text = ""
    for part in parts:
        candidate = part if not text else f"{text}{FLAG_SEPARATOR}{part}"
        if len(candidate) > ATTENTION_MAX:
            if not text:
                text = part[:ATTENTION_MAX]
            break
        text = candidate
    row.attention = text
    row.attention_at = timezone.now()


def unflag(row: Payment, prefix: str) -> bool:
    """Remove the notes that start with `prefix`; whether any was removed."""
    parts = flag_parts(row)
    kept = [part for part in parts if not part.startswith(prefix)]
    if len(kept) == len(parts):
        return False
    row.attention = FLAG_SEPARATOR.join(kept)
    if not kept:
        row.attention_at = None
    return True


def has_flag(row: Payment, prefix: str) -> bool:
    return any(part.startswith(prefix) for part in flag_parts(row))


# -- applying provider state ----------------------------------------------------------------------------
# PaymentIntent cancellation reasons set by Stripe itself when an uncaptured authorization lapses.
EXPIRY_CANCELLATION_REASONS = ("automatic", "expired")
EXPIRED_HOLD_MESSAGE = "The hold expired at the card issuer before it was captured."


def status_for_intent(row: Payment, intent: base.PaymentIntent) -> str:
    s = intent.status
    if s == base.REQUIRES_CAPTURE:
        return PaymentStatus.AUTHORIZED
    if s == base.SUCCEEDED:
        return PaymentStatus.CAPTURED if row.kind == PaymentKind.HOLD else PaymentStatus.SUCCEEDED
    if s == base.CANCELED:
        if row.kind == PaymentKind.HOLD:
            return (
                PaymentStatus.EXPIRED
                if intent.cancellation_reason in EXPIRY_CANCELLATION_REASONS
                else PaymentStatus.RELEASED
            )
        return PaymentStatus.CANCELED
    if s == base.REQUIRES_ACTION:
        return PaymentStatus.REQUIRES_ACTION
    if s == base.REQUIRES_PAYMENT_METHOD:
        return PaymentStatus.FAILED
    return PaymentStatus.PENDING  # processing, requires_confirmation


def apply_intent(row: Payment, intent: base.PaymentIntent, *, event_at: dt.datetime | None = None) -> bool:
    """Bring a payment row (hold/charge/tip, locked by the caller) up to a PaymentIntent's state.

    States only move forward (an older event arriving late changes nothing) and amounts only grow,
    so replays and out-of-order delivery are harmless. Returns whether the row changed.
    """
    before = (row.status, row.amount_authorized, row.amount_captured, row.stripe_payment_intent_id)
    new_status = status_for_intent(row, intent)
    if intent.id and not row.stripe_payment_intent_id:
        row.stripe_payment_intent_id = intent.id
    if intent.latest_charge_id and not row.stripe_charge_id:
        row.stripe_charge_id = intent.latest_charge_id
    if intent.payment_method_id and not row.stripe_payment_method_id:
        row.stripe_payment_method_id = intent.payment_method_id
    forward = _PAYMENT_RANK[new_status] > _PAYMENT_RANK[row.status]
    if forward:
        row.status = new_status
        now = timezone.now()
        if new_status == PaymentStatus.AUTHORIZED:
            row.authorized_at = row.authorized_at or now
            row.expires_at = intent.capture_before or (row.authorized_at + hold_valid_for())
        if new_status in (PaymentStatus.CAPTURED, PaymentStatus.SUCCEEDED):
            row.authorized_at = row.authorized_at or now
            row.completed_at = now
        if new_status in (PaymentStatus.RELEASED, PaymentStatus.EXPIRED, PaymentStatus.CANCELED):
            row.completed_at = now
            if new_status == PaymentStatus.EXPIRED:
                flag(row, EXPIRED_HOLD_MESSAGE)
        if new_status == PaymentStatus.FAILED:
            row.failure_code = intent.failure_code or "payment_failed"
            row.failure_message = (intent.failure_message or "The payment failed.")[:500]
        elif new_status != PaymentStatus.PENDING:
            row.failure_code, row.failure_message = "", ""
    if row.status in (PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED, PaymentStatus.SUCCEEDED):
        authorized = intent.amount if intent.amount else row.amount
        row.amount_authorized = max(row.amount_authorized, authorized)
    if intent.amount_received:
        row.amount_captured = max(row.amount_captured, min(intent.amount_received, row.amount_authorized))
    if event_at and (row.last_event_at is None or event_at > row.last_event_at):
        row.last_event_at = event_at
    changed = before != (row.status, row.amount_authorized, row.amount_captured, row.stripe_payment_intent_id)
    row.save()
    if changed:
        announce(row)
        if forward and row.status in (PaymentStatus.CAPTURED, PaymentStatus.SUCCEEDED) and row.kind != PaymentKind.HOLD:
            enqueue_receipt(row)
    settle_pending_captures(row)
    return changed


def settle_pending_captures(hold: Payment) -> int:
    """A hold the provider reports captured completes its capture rows still pending (a capture whose
    answer was lost, e.g. a timeout, and that Stripe applied): succeeded, for what Stripe received."""
    if hold.kind != PaymentKind.HOLD or hold.status != PaymentStatus.CAPTURED:
        return 0
    settled = 0
    pending = Payment.objects.select_for_update().filter(
        parent=hold, kind=PaymentKind.CAPTURE, status=PaymentStatus.PENDING
    )
    for row in pending:
        row.status = PaymentStatus.SUCCEEDED
        if hold.amount_captured:
            row.amount = hold.amount_captured
        row.completed_at = timezone.now()
        row.failure_code = row.failure_message = ""
        row.save()
        announce(row)
        enqueue_receipt(row)
        settled += 1
    return settled


def expire_hold(row: Payment, *, event_at: dt.datetime | None = None) -> bool:
    """The provider let an uncaptured hold lapse (Stripe cancels the PaymentIntent and "refunds" the
    uncaptured charge with reason `expired_uncaptured_charge`): no money moved, nothing to refund or
    receipt; the hold is expired and flagged for staff. Returns whether the row changed."""
    if row.kind != PaymentKind.HOLD or _PAYMENT_RANK[row.status] >= _PAYMENT_RANK[PaymentStatus.CAPTURED]:
        return False
    row.status = PaymentStatus.EXPIRED
    row.completed_at = timezone.now()
    row.failure_code = row.failure_message = ""
    flag(row, EXPIRED_HOLD_MESSAGE)
    if event_at and (row.last_event_at is None or event_at > row.last_event_at):
        row.last_event_at = event_at
    row.save()
    announce(row)
    return True


def apply_refund(row: Payment, refund: base.Refund, *, event_at: dt.datetime | None = None) -> bool:
    """Bring a refund row (locked by the caller) up to the provider's refund, then re-total its parent."""
    before = (row.status, row.stripe_refund_id)
    if refund.id and not row.stripe_refund_id:
        row.stripe_refund_id = refund.id
    new_status = {
        "pending": PaymentStatus.PENDING,
        "requires_action": PaymentStatus.REQUIRES_ACTION,
        "succeeded": PaymentStatus.SUCCEEDED,
        "failed": PaymentStatus.FAILED,
        "canceled": PaymentStatus.CANCELED,
    }.get(refund.status, PaymentStatus.PENDING)
    newer = event_at is not None and (row.last_event_at is None or event_at > row.last_event_at)
    rank_new, rank_old = _REFUND_RANK[new_status], _REFUND_RANK[row.status]
    if rank_new > rank_old or (newer and rank_new == rank_old and new_status != row.status):
        row.status = new_status
        if new_status == PaymentStatus.FAILED:
            row.failure_code = refund.failure_reason or "refund_failed"
            row.failure_message = "The refund failed at the payment provider."
        elif new_status in (PaymentStatus.SUCCEEDED, PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION):
            row.failure_code, row.failure_message = "", ""
        if new_status in (PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.CANCELED):
            row.completed_at = timezone.now()
    if newer:
        row.last_event_at = event_at
    row.save()
    changed = before != (row.status, row.stripe_refund_id)
    if row.parent_id:
        retotal_refunds(Payment.objects.select_for_update().get(pk=row.parent_id))
    if changed:
        announce(row)
        if row.status == PaymentStatus.SUCCEEDED:
            enqueue_receipt(row)
    return changed


REFUND_GAP_PREFIX = "Stripe reports"
OVER_REFUND_PREFIX = "The provider reports"
LIVE_REFUND_STATUSES = (PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION, PaymentStatus.SUCCEEDED)


def retotal_refunds(parent: Payment) -> None:
    """`amount_refunded` of a payment = its refunds that the provider accepted and did not fail."""
    before = (parent.amount_refunded, parent.attention)
    total = sum(
        (
            r.amount
            for r in parent.operations.filter(kind=PaymentKind.REFUND, status__in=LIVE_REFUND_STATUSES).exclude(
                stripe_refund_id=""
            )
        ),
        start=Decimal("0"),
    )
    if total > parent.amount_captured:
        flag(
            parent,
            f"{OVER_REFUND_PREFIX} {total} refunded but only {parent.amount_captured} was captured.",
            replaces=OVER_REFUND_PREFIX,
        )
        total = parent.amount_captured
    reported = parent.details.get("provider_refunded")
    if reported and total >= Decimal(reported):
        unflag(parent, REFUND_GAP_PREFIX)
    parent.amount_refunded = total
    if (parent.amount_refunded, parent.attention) != before:
        parent.save(update_fields=["amount_refunded", "attention", "attention_at", "updated_at"])
        announce(parent)


# -- running a provider call for a row -----------------------------------------------------------------
def run(row: Payment, call: Callable, complete: Callable[[Payment, object], None]) -> Payment:
    """Call the provider for a committed pending row, then record the outcome.

    - success: `complete(locked_row, result)` in a transaction;
    - outcome unknown: the row stays pending (failure_code `outcome_unknown`), error re-raised;
    - declined / refused: the row is `failed` with the code and message, error re-raised.
    """
    try:
        result = call()
    except PaymentOutcomeUnknown as exc:
        with transaction.atomic():
            locked = lock(row)
            if locked.status == PaymentStatus.PENDING:
                locked.failure_code = OUTCOME_UNKNOWN
                locked.failure_message = "No answer from the payment provider; retrying is safe."
                locked.save(update_fields=["failure_code", "failure_message", "updated_at"])
        raise exc
    except PaymentDeclined as exc:
        _record_failure(row, exc, code=exc.decline_code or exc.error_code, pi=exc.payment_intent_id)
        raise exc
    except ProviderError as exc:
        _record_failure(row, exc, code=getattr(exc, "provider_code", "") or exc.error_code)
        raise exc
    with transaction.atomic():
        locked = lock(row)
        complete(locked, result)
    return locked


def _record_failure(row: Payment, exc, *, code: str, pi: str = "") -> None:
    with transaction.atomic():
        locked = lock(row)
        if locked.status != PaymentStatus.PENDING:
            return  # a webhook settled it meanwhile
        locked.status = PaymentStatus.FAILED
        locked.failure_code = (code or "payment_error")[:64]
        locked.failure_message = str(exc.detail)[:500]
        locked.completed_at = timezone.now()
        locked.details = {**locked.details, "error_code": exc.error_code, "http_status": exc.status_code}
        if (
            pi
            and not locked.stripe_payment_intent_id
            and locked.kind
            in (
                PaymentKind.HOLD,
                PaymentKind.CHARGE,
                PaymentKind.TIP,
            )
        ):
            locked.stripe_payment_intent_id = pi
        locked.save()
        announce(locked)
