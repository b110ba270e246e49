"""Charging a spa booking: to the room folio through the PMS where it takes postings, otherwise to
the guest's saved card through the payments ledger. Record first: the booking's charge is marked
`pending` (committed) before the PMS or payment provider is called, then completed with its answer;
the charge's reference (`spa-<booking id>`) makes a repeat post or charge a no-op there."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction

from integrations import realtime
from integrations.exceptions import ProviderError
from integrations.manager import get_integration_manager
from mystay.api.errors import ApiError
from stays.providers.base import SupportsPostings

from ..models import ChargeStatus, PaymentMethod, SpaBooking

logger = logging.getLogger("mystay.spa")


def pms_takes_postings(hotel) -> bool:
    manager = get_integration_manager(hotel)
    if not manager.is_configured("pms"):
        return False
    try:
        return isinstance(manager.get_pms(), SupportsPostings)
    except ProviderError:
        return False


def charge_reference(booking: SpaBooking) -> str:
    return f"spa-{booking.public_id}"


def charge_booking(booking: SpaBooking, *, amount: Decimal, description: str) -> SpaBooking:
    """Charge `amount` for the booking once. Failures are recorded on the booking for staff (the
    booking itself stands); `retry_charge` sends the same charge again."""
    with transaction.atomic():
        locked = SpaBooking.objects.select_for_update().get(pk=booking.pk)
        if locked.charge_status in (ChargeStatus.CHARGED, ChargeStatus.WAIVED):
            return locked
        if locked.charge_status != ChargeStatus.PENDING or locked.charge_amount != amount:
            locked.charge_status = ChargeStatus.PENDING
            locked.charge_amount = amount
            locked.charge_error = ""
            locked.save(update_fields=["charge_status", "charge_amount", "charge_error", "updated_at"])
    return _send_charge(locked, description=description)


def retry_charge(booking: SpaBooking) -> SpaBooking:
    if booking.charge_status not in (ChargeStatus.PENDING, ChargeStatus.FAILED) or not booking.charge_amount:
        return booking
    label = "Late cancellation" if booking.status in ("cancelled", "no_show") else "Spa"
    return _send_charge(booking, description=f"{label}: {booking.service_name}")


def _send_charge(booking: SpaBooking, *, description: str) -> SpaBooking:
    stay = booking.stay
    reference = charge_reference(booking)
    try:
        if booking.payment_method == PaymentMethod.ROOM:
            pms = get_integration_manager(booking.hotel).get_pms()
            if not isinstance(pms, SupportsPostings):
                raise ApiError("This hotel's PMS takes no postings.", code="pms_postings_unsupported")
            line = pms.post_charge(
                stay.pms_reservation_id or f"MOCK-{stay.pk}",
                amount=booking.charge_amount,
                currency=booking.currency,
                description=description,
                reference=reference,
            )
            outcome, ref = ChargeStatus.CHARGED, str(line.id)
        else:
            from payments.models import PaymentStatus
            from payments.services.charges import charge_saved_card

            payment = charge_saved_card(
                stay=stay,
                amount=booking.charge_amount,
                description=description,
                reference=reference,
                details={"spa_booking": str(booking.public_id)},
            )
            ok = payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.CAPTURED)
            outcome = (
                ChargeStatus.CHARGED
                if ok
                else (ChargeStatus.FAILED if payment.status == PaymentStatus.FAILED else ChargeStatus.PENDING)
            )
            ref = str(payment.public_id)
        error = ""
    except ApiError as exc:  # provider errors, declines, no saved card: recorded for staff
        logger.warning("spa: charge of booking %s failed: %s", booking.pk, exc.error_code)
        outcome, ref, error = ChargeStatus.FAILED, "", f"{exc.error_code}: {exc.detail}"
    with transaction.atomic():
        locked = SpaBooking.objects.select_for_update().get(pk=booking.pk)
        if locked.charge_status != ChargeStatus.CHARGED:
            locked.charge_status = outcome
            locked.charge_reference = ref or locked.charge_reference
            locked.charge_error = error[:300]
            locked.save(update_fields=["charge_status", "charge_reference", "charge_error", "updated_at"])
            realtime.publish(
                hotel_id=locked.hotel_id,
                type=realtime.SPA_BOOKING_UPDATED,
                stay_id=locked.stay_id,
                department="spa",
                data={"booking_id": str(locked.public_id), "status": locked.status, "charge": locked.charge_status},
            )
    return locked
