"""Check-out, online or at the desk, as recorded steps that a retry resumes:

    settlement (balance from the PMS folio: captured from the hold, the rest released; a balance
    above the hold charged to the saved card, or refused with `balance_charge_declined`)
    → tip (optional) → PMS check-out → stay checked out (guest token ended), room dirty,
    receipt notification, realtime stay.updated → keys revoked

A guest's retry with the same Idempotency-Key and body is answered from the record; money moves once
(each payment step has its ledger row and the ledger its provider idempotency key).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from rest_framework import status

from mystay.api.errors import ApiError
from stays.models import JourneyStep, Stay
from stays.providers.base import Folio

from . import journey
from .journey import JourneyError, Step, begin_step, fail_step, finish_step, step_failures, steps_of
from .pms_refresh import forget_refresh, hotel_pms

logger = logging.getLogger("mystay.stays.journey")
ZERO = Decimal("0")


@dataclass
class CheckoutPreview:
    folio: Folio
    currency: str
    balance: Decimal
    hold_id: str | None
    hold_available: Decimal  # still capturable on the hold
    capture: Decimal  # taken from the hold
    release: Decimal  # given back on the hold
    charge: Decimal  # above the hold, charged to the saved card
    card: dict | None = None
    blockers: list = field(default_factory=list)


@dataclass(frozen=True)
class CheckoutResult:
    stay: Stay
    preview: dict
    replayed: bool = False
    keys_still_live: int = 0


def _folio(stay: Stay) -> Folio:
    pms = hotel_pms(stay.hotel)
    if pms is None:
        return Folio(
            reservation_id=stay.pms_reservation_id,
            currency=stay.hotel.currency,
            balance=ZERO,
            total_charges=ZERO,
            total_payments=ZERO,
        )
    return pms.get_folio(stay.pms_reservation_id or f"MOCK-{stay.pk}")


CHARGE_KEY_PREFIX = "checkout-charge-"


def _main_hold(stay: Stay):
    """The hold placed for the stay: the check-in's, else the newest live one (never the one
    check-out places to charge a balance above it)."""
    from payments.models import Payment
    from payments.selectors import live_holds_for_stays

    row = JourneyStep.objects.filter(stay=stay, step=Step.HOLD).first()
    payment_id = row.detail.get("payment_id") if row is not None else None
    if payment_id:
        hold = Payment.objects.filter(public_id=payment_id).first()
        if hold is not None:
            return hold
    return (
        live_holds_for_stays([stay.pk])
        .exclude(client_key__startswith=CHARGE_KEY_PREFIX)
        .order_by("-created_at")
        .first()
    )


def checkout_preview(stay: Stay) -> CheckoutPreview:
    """What check-out would do now: the folio, its balance, and how it would be paid."""
    from stays.selectors import saved_card

    folio = _folio(stay)
    hold = _main_hold(stay)
    available = hold.capturable if hold is not None else ZERO
    currency = folio.currency or stay.hotel.currency
    balance = max(folio.balance, ZERO)
    blockers = []
    if hold is not None and hold.currency != currency:
        blockers.append(
            {"code": "currency_mismatch", "message": f"The folio is in {currency}, the hold in {hold.currency}."}
        )
    capture = min(balance, available)
    card = saved_card(stay)
    charge = balance - capture
    if charge > 0 and card is None:
        blockers.append(
            {
                "code": "balance_due",
                "message": f"A balance of {charge} {currency} is above the card hold; "
                "please settle it at the front desk.",
            }
        )
    return CheckoutPreview(
        folio=folio,
        currency=currency,
        balance=balance,
        hold_id=str(hold.public_id) if hold is not None else None,
        hold_available=available,
        capture=capture,
        release=available - capture,
        charge=charge,
        card=card,
        blockers=blockers,
    )


def preview_dict(preview: CheckoutPreview) -> dict:
    """Amounts as the API renders them: decimal strings with the currency's decimals."""
    from payments.money import as_string

    amounts = {
        "balance": preview.balance,
        "total_charges": preview.folio.total_charges,
        "total_payments": preview.folio.total_payments,
        "hold_available": preview.hold_available,
        "capture": preview.capture,
        "release": preview.release,
        "charge": preview.charge,
    }
    return {"currency": preview.currency, **{k: as_string(v, preview.currency) for k, v in amounts.items()}}


def _fingerprint(tip: dict | None) -> str:
    return hashlib.sha256(json.dumps(tip or {}, sort_keys=True, default=str).encode()).hexdigest()


def check_out_stay(
    *, stay: Stay, actor=None, tip: dict | None = None, idempotency_key: str | None = None, settled_at_desk=False
) -> CheckoutResult:
    """Check the stay out (see the module docstring). `tip`: {amount, staff_name?, department?}.
    `settled_at_desk` (staff only): the balance above the hold was paid at the desk."""
    from payments.exceptions import IdempotencyKeyReused

    with journey.stay_journey_lock(stay):
        stay = Stay.objects.select_related("hotel", "guest", "room").get(pk=stay.pk)
        done = steps_of(stay)
        fingerprint = _fingerprint(tip)
        settlement = done.get(Step.SETTLEMENT)
        if idempotency_key and settlement is not None and settlement.detail.get("client_key") == idempotency_key:
            if settlement.detail.get("fingerprint") != fingerprint:
                raise IdempotencyKeyReused()
        if stay.status == Stay.Status.CHECKED_OUT:
            return CheckoutResult(stay=stay, preview=(settlement.detail if settlement else {}), replayed=True)
        if stay.status != Stay.Status.CHECKED_IN:
            raise JourneyError("Only a checked-in stay can be checked out.", code="not_checked_in")
        if actor is None and not journey.journey_settings(stay.hotel).online_checkout_allowed:
            raise JourneyError("This hotel checks guests out at the front desk.", code="online_checkout_disabled")
        summary = _settle(
            stay,
            done,
            actor=actor,
            client_key=idempotency_key or "",
            fingerprint=fingerprint,
            settled_at_desk=settled_at_desk and actor is not None,
        )
        if tip:
            _tip(stay, done, tip, actor=actor, client_key=idempotency_key or "")
        _check_out_at_pms(stay, done, actor=actor)
        stay = _close(stay, summary, actor=actor)
    still_live = _revoke_keys(stay, actor=actor)
    return CheckoutResult(stay=stay, preview=summary, keys_still_live=len(still_live))


def _settle(stay, done, *, actor, client_key, fingerprint, settled_at_desk) -> dict:
    """Take the folio's balance: a charge above the hold first (so a declined card refuses the
    check-out before anything is captured), then the capture from the hold (Stripe releases the
    rest of a partial capture), or the hold's release when nothing is owed."""
    from payments.models import Payment
    from payments.money import as_string
    from payments.services.holds import capture_hold, release_hold

    row = done.get(Step.SETTLEMENT)
    if row is not None and row.finished:
        return row.detail
    preview = checkout_preview(stay)
    currency_blockers = [b for b in preview.blockers if b["code"] == "currency_mismatch"]
    if currency_blockers:
        raise JourneyError(currency_blockers[0]["message"], code="currency_mismatch")
    row = begin_step(
        stay,
        Step.SETTLEMENT,
        actor=actor,
        detail={
            "client_key": client_key,
            "fingerprint": fingerprint,
            **preview_dict(preview),
            "hold_id": preview.hold_id,
        },
    )
    charged = ZERO
    with step_failures(row):
        if preview.charge > 0:
            if settled_at_desk:
                row.detail["charge_settled_at_desk"] = str(preview.charge)
            elif preview.card is None:
                raise JourneyError(
                    f"A balance of {preview.charge} {preview.currency} is above the card hold; "
                    "please settle it at the front desk.",
                    code="balance_due",
                )
            else:
                charged = _charge_above_hold(stay, row, preview, actor=actor)
        hold = Payment.objects.filter(public_id=preview.hold_id).first() if preview.hold_id else None
        if hold is not None and hold.status == "authorized":
            if preview.capture > 0:
                capture_hold(hold=hold, amount=preview.capture, actor=actor)
            else:
                release_hold(hold=hold, actor=actor)
    with transaction.atomic():
        finish_step(
            row,
            detail={
                "captured": as_string(preview.capture, preview.currency),
                "released": as_string(preview.release, preview.currency),
                "charged": as_string(charged, preview.currency),
                "currency": preview.currency,
            },
        )
    return row.detail


def _charge_above_hold(stay, row, preview: CheckoutPreview, *, actor) -> Decimal:
    """The part of the balance above the hold, on the saved card: authorized and captured at once
    (the payments app's hold + capture, each with its ledger row). Retried as the same payment."""
    from payments.models import Payment
    from payments.services.holds import capture_hold, place_hold_for_stay

    attempt = int(row.detail.get("charge_attempt", 1))
    payment_id = row.detail.get("charge_payment_id")
    payment = Payment.objects.filter(public_id=payment_id).first() if payment_id else None
    if payment is None or payment.status in ("failed", "released", "expired"):
        if payment is not None:
            attempt += 1
        try:
            payment = place_hold_for_stay(
                stay=stay,
                amount=preview.charge,
                actor=actor,
                client_key=f"{CHARGE_KEY_PREFIX}{stay.pk}-{attempt}",
                payment_method_id=preview.card.get("payment_method_id"),
            )
        except ApiError as exc:
            if exc.status_code == status.HTTP_402_PAYMENT_REQUIRED:
                with transaction.atomic():
                    fail_step(
                        row,
                        code="balance_charge_declined",
                        message=str(exc.detail),
                        detail={"charge_attempt": attempt + 1},
                    )
                raise ApiError(
                    f"Your card was declined for the balance of {preview.charge} {preview.currency} above the "
                    "deposit; please use another card or settle at the front desk.",
                    code="balance_charge_declined",
                    status_code=status.HTTP_402_PAYMENT_REQUIRED,
                ) from None
            raise
        row.detail.update(charge_payment_id=str(payment.public_id), charge_attempt=attempt)
        JourneyStep.objects.filter(pk=row.pk).update(detail=row.detail)
    if payment.status == "authorized":
        capture_hold(hold=payment, amount=preview.charge, actor=actor)
    elif payment.status != "captured":
        raise ApiError(
            "The card issuer did not authorize the balance above the deposit; please settle at the front desk.",
            code="balance_charge_declined",
            status_code=status.HTTP_402_PAYMENT_REQUIRED,
        )
    return preview.charge


def _tip(stay, done, tip: dict, *, actor, client_key: str) -> None:
    from payments.services.tips import create_tip

    row = done.get(Step.TIP)
    if row is not None and row.finished:
        return
    key = f"checkout-tip-{client_key or stay.pk}"
    row = begin_step(stay, Step.TIP, actor=actor, detail={"amount": str(tip.get("amount")), "client_key": key})
    with step_failures(row):
        outcome = create_tip(
            stay=stay,
            client_key=key,
            amount=tip["amount"],
            staff_name=tip.get("staff_name", ""),
            department=tip.get("department", ""),
        )
    if outcome.payment.status != "succeeded":
        fail_step(row, code="tip_not_paid", message="The tip needs confirming in your banking app.")
        raise ApiError(
            "The tip needs confirming in your banking app; check out without it or tip from the app.",
            code="tip_requires_action",
            status_code=status.HTTP_402_PAYMENT_REQUIRED,
        )
    with transaction.atomic():
        finish_step(row, detail={"payment_id": str(outcome.payment.public_id)})


def _check_out_at_pms(stay, done, *, actor) -> None:
    previous = done.get(Step.PMS_CHECKOUT)
    if previous is not None and previous.finished:
        return
    row = begin_step(stay, Step.PMS_CHECKOUT, actor=actor)
    pms = hotel_pms(stay.hotel)
    with step_failures(row):
        if pms is not None:
            already = False
            if previous is not None:  # the last call may have checked the guest out before failing
                reservation = pms.get_reservation(stay.confirmation_number)
                already = reservation is not None and reservation.status == Stay.Status.CHECKED_OUT
            if not already:
                pms.check_out(stay.pms_reservation_id or f"MOCK-{stay.pk}")
    with transaction.atomic():
        finish_step(row)


def _close(stay: Stay, summary: dict, *, actor) -> Stay:
    """The stay is checked out (its guest token ends with it), the room goes to housekeeping, the
    receipt is queued and the streams told: one transaction."""
    from integrations.notifications.events import notify_checkout_receipt

    from .rooms import mark_room_dirty

    row = begin_step(stay, Step.CHECKOUT_NOTICE, actor=actor)
    now = timezone.now()
    with transaction.atomic():
        Stay.objects.filter(pk=stay.pk).update(status=Stay.Status.CHECKED_OUT, checked_out_at=now, updated_at=now)
        stay.status, stay.checked_out_at = Stay.Status.CHECKED_OUT, now
        if stay.room_id:
            mark_room_dirty(stay.room)
        notify_checkout_receipt(
            stay_id=stay.pk,
            total=Decimal(summary.get("total_charges") or "0"),
            currency=summary.get("currency") or stay.hotel.currency,
        )
        finish_step(row)
        journey.announce_stay(stay)
    forget_refresh(stay)
    return stay


def _revoke_keys(stay: Stay, *, actor) -> list:
    from keys.services import revoke_keys_for_stay

    row = begin_step(stay, Step.KEYS_REVOKED, actor=actor)
    still_live = revoke_keys_for_stay(stay=stay, actor=actor, reason="checked_out")
    with transaction.atomic():
        if still_live:
            fail_step(
                row,
                code="key_revoke_failed",
                message=f"{len(still_live)} key(s) not revoked at the vendor; they expire at check-out time. "
                "Revoke them from the stay page.",
            )
        else:
            finish_step(row)
    return still_live
