"""Authorization holds: place, capture (full or part), release, and keep alive near expiry."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.exceptions import ProviderError
from mystay.api.errors import ApiError

from ..exceptions import PaymentRuleViolation
from ..models import Payment, PaymentKind, PaymentStatus
from ..money import check_amount, format_money
from . import ledger
from .customers import card_to_charge, ensure_customer

logger = logging.getLogger("mystay.payments")


def create_hold(
    *,
    stay,
    amount,
    currency: str | None = None,
    description: str = "",
    payment_method_id: str | None = None,
    off_session: bool = False,
    actor=None,
    replaces: Payment | None = None,
    customer=None,
    client_key: str = "",
) -> Payment:
    """Place an authorization hold (PaymentIntent, manual capture) on the guest's saved card."""
    currency = (currency or stay.hotel.currency).upper()
    amount = check_amount(amount, currency)
    provider = ledger.get_provider(stay.hotel)
    customer = customer or ensure_customer(stay=stay, provider=provider)
    method = card_to_charge(stay=stay, provider=provider, customer=customer, payment_method_id=payment_method_id)
    description = description or f"Hold for stay {stay.confirmation_number}"
    row = ledger.new_row(
        hotel_id=stay.hotel_id,
        stay=stay,
        parent=replaces,
        kind=PaymentKind.HOLD,
        provider=provider.name,
        currency=currency,
        amount=amount,
        description=description[:200],
        stripe_customer_id=customer.stripe_customer_id,
        stripe_payment_method_id=method,
        details={"off_session": True} if off_session else {},
        created_by=actor,
        **({"client_key": client_key} if client_key else {}),
    )
    return send_hold(row, provider=provider, off_session=off_session)


def send_hold(row: Payment, *, provider=None, off_session: bool | None = None) -> Payment:
    """(Re)send a pending hold row with its own idempotency key (and the parameters it was first
    sent with, so that Stripe sees the same request)."""
    provider = provider or ledger.get_provider(row.hotel)
    if off_session is None:
        off_session = bool(row.details.get("off_session", False))
    return ledger.run(
        row,
        lambda: provider.create_authorization_hold(
            row.amount,
            row.currency,
            row.stripe_customer_id,
            row.description,
            payment_method_id=row.stripe_payment_method_id or None,
            metadata=_metadata(row),
            off_session=off_session,
            idempotency_key=row.idempotency_key,
        ),
        lambda locked, intent: ledger.apply_intent(locked, intent),
    )


def _metadata(row: Payment) -> dict:
    return {"hotel_id": row.hotel_id, "stay_id": row.stay_id, "payment_id": str(row.public_id), "kind": row.kind}


def _check_live_hold(hold: Payment, *, now=None) -> None:
    if hold.kind != PaymentKind.HOLD:
        raise PaymentRuleViolation("Only an authorization hold can be captured or released.", code="not_a_hold")
    now = now or timezone.now()
    if hold.status == PaymentStatus.EXPIRED or (
        hold.status == PaymentStatus.AUTHORIZED and hold.expires_at and hold.expires_at <= now
    ):
        raise PaymentRuleViolation(
            "This hold has expired; the card issuer no longer guarantees it. Place a new hold or charge the card.",
            code="hold_expired",
        )
    if hold.status != PaymentStatus.AUTHORIZED:
        raise PaymentRuleViolation(
            f"This hold is {hold.get_status_display().lower()}, not authorized; nothing can be done with it.",
            code="hold_not_authorized",
        )


def capture_hold(*, hold: Payment, amount=None, actor=None) -> Payment:
    """Capture all of a hold or part of it (the rest is released). Returns the capture row.

    Guardrails run before any provider call: the hold must be authorized and unexpired, and the
    amount at most what was authorized. A capture whose outcome is unknown is retried as the same
    row (same idempotency key) — with the same amount only.
    """
    with transaction.atomic():
        hold = ledger.lock(hold)
        pending = hold.operations.filter(kind=PaymentKind.CAPTURE, status=PaymentStatus.PENDING).first()
        if hold.status == PaymentStatus.CAPTURED and pending is not None:
            # The hold was captured at the provider but this capture's answer was lost: read the
            # PaymentIntent and settle the row from it instead of refusing the retry.
            settle = True
        else:
            settle = False
            _check_live_hold(hold)
    if settle:
        return _settle_capture_from_provider(hold, pending)
    with transaction.atomic():
        hold = ledger.lock(hold)
        _check_live_hold(hold)
        amount = hold.amount_authorized if amount in (None, "") else check_amount(amount, hold.currency)
        if amount > hold.amount_authorized:
            raise PaymentRuleViolation(
                f"Cannot capture {format_money(amount, hold.currency)}: only "
                f"{format_money(hold.amount_authorized, hold.currency)} is authorized.",
                code="capture_exceeds_authorized",
            )
        row = hold.operations.filter(kind=PaymentKind.CAPTURE, status=PaymentStatus.PENDING).first()
        if row is not None and row.amount != amount:
            raise PaymentRuleViolation(
                f"A capture of {format_money(row.amount, row.currency)} is not confirmed yet; "
                "retry that capture (same amount) or wait for the provider's confirmation.",
                code="capture_in_progress",
            )
        if row is None:
            row = ledger.new_row(
                hotel_id=hold.hotel_id,
                stay_id=hold.stay_id,
                parent=hold,
                kind=PaymentKind.CAPTURE,
                provider=hold.provider,
                currency=hold.currency,
                amount=amount,
                stripe_payment_intent_id=hold.stripe_payment_intent_id,
                created_by=actor,
            )
    provider = ledger.get_provider(hold.hotel)

    def complete(locked: Payment, intent):
        if locked.status != PaymentStatus.PENDING:
            # A webhook settled this capture meanwhile (receipt already sent): only follow the hold.
            ledger.apply_intent(ledger.lock(hold), intent)
            return
        locked.status = PaymentStatus.SUCCEEDED
        locked.completed_at = timezone.now()
        locked.failure_code = locked.failure_message = ""
        locked.save()
        ledger.announce(locked)
        ledger.enqueue_receipt(locked)
        ledger.apply_intent(ledger.lock(hold), intent)

    return ledger.run(
        row,
        lambda: provider.capture_hold(
            hold.stripe_payment_intent_id, amount, currency=hold.currency, idempotency_key=row.idempotency_key
        ),
        complete,
    )


def _settle_capture_from_provider(hold: Payment, row: Payment) -> Payment:
    provider = ledger.get_provider(hold.hotel)
    intent = provider.retrieve_payment_intent(hold.stripe_payment_intent_id)
    with transaction.atomic():
        ledger.apply_intent(ledger.lock(hold), intent)  # settles the pending capture rows
    row.refresh_from_db()
    return row


def release_hold(*, hold: Payment, actor=None) -> Payment:
    """Cancel a hold so the guest's bank frees the money."""
    with transaction.atomic():
        hold = ledger.lock(hold)
        _check_live_hold(hold)
        if hold.operations.filter(kind=PaymentKind.CAPTURE, status=PaymentStatus.PENDING).exists():
            raise PaymentRuleViolation(
                "A capture of this hold is not confirmed yet; retry it before releasing the hold.",
                code="capture_in_progress",
            )
    provider = ledger.get_provider(hold.hotel)
    intent = provider.cancel_hold(hold.stripe_payment_intent_id, idempotency_key=f"{hold.idempotency_key}-cancel")
    with transaction.atomic():
        hold = ledger.lock(hold)
        ledger.apply_intent(hold, intent)
        if hold.status == PaymentStatus.RELEASED and actor is not None:
            hold.details = {**hold.details, "released_by": actor.pk}
            hold.save(update_fields=["details", "updated_at"])
    return hold


HOLD_PER_NIGHT_DEFAULT = Decimal("100")


def default_hold_amount(stay) -> Decimal:
    """Nights × the per-night deposit (`PAYMENT_HOLD_PER_NIGHT`: an amount, or {currency: amount}
    with an optional "default"), in the hotel's currency; at least one night."""
    currency = stay.hotel.currency.upper()
    setting = getattr(settings, "PAYMENT_HOLD_PER_NIGHT", HOLD_PER_NIGHT_DEFAULT)
    if isinstance(setting, dict):
        setting = setting.get(currency, setting.get("default", HOLD_PER_NIGHT_DEFAULT))
    per_night = Decimal(str(setting))
    nights = max(int(getattr(stay, "nights", 0) or 0), 1)
    return (per_night * nights).quantize(Decimal("0.01"))


def place_hold_for_stay(
    *, stay, amount=None, actor=None, client_key: str = "", payment_method_id: str | None = None
) -> Payment:
    """Place an authorization hold for a stay on the guest's saved card (front desk, check-in flow).

    - `amount` in the hotel's currency (default: `default_hold_amount(stay)`);
    - the guest must already be a customer with a saved card (NoSavedCard otherwise; no customer is
      created here);
    - a hold of this stay whose create call got no answer is re-sent as the same row (same key);
      a different amount is refused while it is unconfirmed;
    - `client_key` (a one-time form token) makes a double submission return the first hold;
    - `payment_method_id`: one of the guest's saved cards (default: the most recent one).
    """
    from .customers import NoSavedCard, existing_customer

    currency = stay.hotel.currency.upper()
    amount = default_hold_amount(stay) if amount in (None, "") else check_amount(amount, currency)
    if client_key:
        existing = Payment.objects.filter(stay=stay, client_key=client_key, kind=PaymentKind.HOLD).first()
        if existing is not None:
            return _resend_if_unanswered(existing)
    unanswered = (
        Payment.objects.filter(stay=stay, kind=PaymentKind.HOLD, status=PaymentStatus.PENDING, parent__isnull=True)
        .order_by("created_at")
        .first()
    )
    if unanswered is not None:
        if unanswered.amount != amount:
            raise PaymentRuleViolation(
                f"A hold of {format_money(unanswered.amount, unanswered.currency)} is not confirmed yet; "
                "retry that hold (same amount) or wait for the provider's confirmation.",
                code="hold_in_progress",
            )
        return _resend_if_unanswered(unanswered)
    provider = ledger.get_provider(stay.hotel)
    customer = existing_customer(stay=stay, provider=provider)
    if customer is None:
        raise NoSavedCard("The guest has no saved card for this hotel; ask them to add one in the guest app first.")
    try:
        return create_hold(
            stay=stay,
            amount=amount,
            currency=currency,
            off_session=True,
            actor=actor,
            customer=customer,
            client_key=client_key,
            payment_method_id=payment_method_id,
        )
    except IntegrityError:
        if not client_key:
            raise
        # The same form was submitted twice at once: answer with the first hold.
        return Payment.objects.get(stay=stay, client_key=client_key, kind=PaymentKind.HOLD)


def _resend_if_unanswered(row: Payment) -> Payment:
    """A pending hold row whose outcome is unknown is re-sent with its own key; otherwise returned."""
    if ledger.unanswered(row):
        return send_hold(row)
    return row


# -- holds that age --------------------------------------------------------------------------------------
EXPIRY_FLAG_PREFIX = "Hold expires"
REAUTH_FAILED_PREFIX = "Re-authorization failed"


def review_aging_holds(*, now: dt.datetime | None = None) -> dict:
    """Flag authorized holds close to the provider's expiry for staff, and re-authorize them where the
    hotel enabled it (a fresh hold on the same card, then the old one released). Idempotent."""
    now = now or timezone.now()
    warn = dt.timedelta(hours=getattr(settings, "PAYMENT_HOLD_EXPIRY_WARNING_HOURS", 24))
    holds = list(
        Payment.objects.filter(kind=PaymentKind.HOLD, status=PaymentStatus.AUTHORIZED, expires_at__lte=now + warn)
        .select_related("hotel", "stay")
        .order_by("expires_at")
    )
    result = {"flagged": 0, "reauthorized": 0, "failed": 0}
    for hold in holds:
        stay_goes_on = hold.stay.status in ("confirmed", "checked_in")
        provider = None
        if stay_goes_on and hold.expires_at > now:
            try:
                provider = ledger.get_provider(hold.hotel)
            except ProviderError:
                provider = None
        reauthorize = provider is not None and getattr(provider, "reauthorize_expiring_holds", False)
        if reauthorize and hold.details.get(REAUTH_FAILED_KEY):
            continue  # flagged when it failed (with the expiry); staff capture, release or place a new hold
        if reauthorize:
            try:
                reauthorize_hold(hold=hold)
                result["reauthorized"] += 1
                continue
            except ApiError as exc:
                # One hold's decline (or missing card, or provider error) must not stop the others;
                # it is flagged once and not retried every hour (staff capture, release or re-hold).
                logger.info("Re-authorization of hold %s failed: %s", hold.pk, exc.error_code)
                _flag_once(
                    hold,
                    f"{REAUTH_FAILED_PREFIX} ({exc.error_code}): {exc.detail} The hold expires "
                    f"{hold.expires_at:%Y-%m-%d %H:%M} UTC; capture or release it before.",
                    prefix=REAUTH_FAILED_PREFIX,
                    details={REAUTH_FAILED_KEY: timezone.now().isoformat()},
                )
                result["failed"] += 1
                continue
        if _flag_once(
            hold,
            f"{EXPIRY_FLAG_PREFIX} {hold.expires_at:%Y-%m-%d %H:%M} UTC; capture or re-authorize it.",
            prefix=EXPIRY_FLAG_PREFIX,
        ):
            result["flagged"] += 1
    return result


REAUTH_FAILED_KEY = "reauthorization_failed_at"


def _flag_once(hold: Payment, message: str, *, prefix: str, details: dict | None = None) -> bool:
    """Flag a hold with `message` unless a note starting with `prefix` is already there."""
    with transaction.atomic():
        locked = ledger.lock(hold)
        if ledger.has_flag(locked, prefix) and not details:
            return False
        ledger.flag(locked, message, replaces=prefix)
        if details:
            locked.details = {**locked.details, **details}
        locked.save(update_fields=["attention", "attention_at", "details", "updated_at"])
        ledger.announce(locked)
    return True


def reauthorize_hold(*, hold: Payment) -> Payment:
    """Replace an ageing hold with a fresh one for what is still capturable (guest not present)."""
    remaining = hold.amount_authorized - hold.amount_captured
    existing = (
        Payment.objects.filter(parent=hold, kind=PaymentKind.HOLD)
        .exclude(status__in=[PaymentStatus.FAILED, PaymentStatus.RELEASED, PaymentStatus.EXPIRED])
        .first()
    )
    if existing is not None and existing.status == PaymentStatus.PENDING:
        fresh = send_hold(existing, off_session=True)
    elif existing is not None:
        fresh = existing
    else:
        from .customers import NoSavedCard, existing_customer

        provider = ledger.get_provider(hold.hotel)
        customer = existing_customer(stay=hold.stay, provider=provider)
        if customer is None:  # the guest is not present: no customer is created on their behalf
            raise NoSavedCard("The guest has no saved card to re-authorize the hold on.")
        fresh = create_hold(
            stay=hold.stay,
            customer=customer,
            amount=Decimal(remaining),
            currency=hold.currency,
            description=hold.description,
            payment_method_id=hold.stripe_payment_method_id or None,
            off_session=True,
            replaces=hold,
        )
    if fresh.status != PaymentStatus.AUTHORIZED:
        raise PaymentRuleViolation("The card issuer did not authorize the new hold.", code="reauthorization_failed")
    released = release_hold(hold=hold)
    with transaction.atomic():
        released = ledger.lock(released)
        ledger.flag(released, f"Replaced by a new hold ({fresh.public_id}) before expiry.")
        released.save(update_fields=["attention", "attention_at", "updated_at"])
    return fresh
