"""Booking, cancelling and settling spa treatments.

Every booking is record-first: the row is committed as `requested` (after a per-hotel lock has
checked that the therapist is free locally, so two guests racing for a slot get one booking and one
`slot_taken`), then the spa system is called, then the row is completed with its answer. A lost
answer (timeout, 5xx) leaves the row `requested`; it is looked up at the spa at once and again by
the reconcile task, so no booking exists at the spa that MyStay does not know about.

Call these outside an enclosing transaction: the requested row must be committed before the call.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations import realtime
from integrations.exceptions import ProviderAuthFailed, ProviderError, ProviderNotFound
from integrations.notifications.events import notify_spa_booking_confirmed

from .. import selectors
from ..exceptions import (
    BookingNotAllowed,
    BookingNotCancellable,
    BookingPending,
    IdempotencyKeyRequired,
    IdempotencyKeyReused,
    UnknownPractitioner,
)
from ..models import ACTIVE_STATUSES, SpaBooking, SpaBookingStatus, SpaSettings
from ..providers import base
from ..providers.base import SlotTaken, SlotUnavailable, SpaClient
from . import charges

logger = logging.getLogger("mystay.spa")

BOOKABLE_STAY_STATUSES = ("confirmed", "checked_in")
# A requested booking whose create is older than this got no answer: reconcile may settle it.
STALE_REQUEST = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class BookingOutcome:
    booking: SpaBooking
    replayed: bool


def _fingerprint(**request) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def announce(booking: SpaBooking) -> None:
    """Tell the stay's and the spa desk's streams (ids and status only), and drop cached slots."""
    realtime.publish(
        hotel_id=booking.hotel_id,
        type=realtime.SPA_BOOKING_UPDATED,
        stay_id=booking.stay_id,
        department="spa",
        data={"booking_id": str(booking.public_id), "status": booking.status},
    )
    # Now, and again after commit: a read between the two cannot keep a stale day in the cache.
    hotel_id = booking.hotel_id
    selectors.forget_availability(hotel_id)
    transaction.on_commit(lambda: selectors.forget_availability(hotel_id))


def client_for(stay) -> SpaClient:
    guest = stay.guest
    return SpaClient(
        reference=f"mystay-guest-{guest.pk}",
        first_name=guest.first_name,
        last_name=guest.last_name,
        email=guest.email,
        phone=guest.phone,
    )


def _lock_hotel(hotel) -> None:
    """Serialize bookings of one hotel (the check for a free therapist and the insert happen under it)."""
    SpaSettings.objects.get_or_create(hotel=hotel)
    SpaSettings.objects.select_for_update().get(hotel=hotel)


def _check_when(stay, start: dt.datetime, policy: SpaSettings, *, by_staff: bool) -> None:
    hotel = stay.hotel
    now = timezone.now()
    if stay.status not in BOOKABLE_STAY_STATUSES:
        raise BookingNotAllowed("Spa treatments can be booked for upcoming and current stays only.")
    local = start.astimezone(hotel.tzinfo).date()
    if not stay.arrival <= local <= stay.departure:
        raise BookingNotAllowed("Choose a time during your stay.", code="outside_stay")
    lead = dt.timedelta(minutes=0 if by_staff else policy.min_lead_minutes)
    if start < now + lead:
        raise SlotUnavailable(f"Treatments are booked at least {policy.min_lead_minutes} minutes ahead.")
    if start > now + dt.timedelta(days=policy.booking_horizon_days):
        raise SlotUnavailable(f"Treatments are booked at most {policy.booking_horizon_days} days ahead.")


def _pick_practitioner(hotel, provider, service, start: dt.datetime, practitioner_id: str | None):
    """(id, name) of the therapist: the one asked for, or the first free at `start` (fresh availability)."""
    people = {p.id: p.name for p in selectors.practitioners(hotel, service.id, provider)}
    if practitioner_id:
        if practitioner_id not in people:
            raise UnknownPractitioner()
        return practitioner_id, people[practitioner_id]
    day = start.astimezone(hotel.tzinfo).date()
    for slot in provider.get_availability(service.id, day, day, None):
        if slot.start == start and slot.practitioner_id in people:
            return slot.practitioner_id, people[slot.practitioner_id]
    raise SlotTaken()


def _payment_method(hotel, policy: SpaSettings) -> str:
    if policy.charge_to in ("room", "card"):
        return policy.charge_to
    return "room" if charges.pms_takes_postings(hotel) else "card"


def book(
    *,
    stay,
    service_id: str,
    start: dt.datetime,
    practitioner_id: str | None = None,
    client_key: str,
    notes: str = "",
    actor=None,
) -> BookingOutcome:
    """Book a treatment for the stay's guest, once per (stay, Idempotency-Key)."""
    client_key = (client_key or "").strip()
    if not client_key or len(client_key) > 255:
        raise IdempotencyKeyRequired()
    if timezone.is_naive(start):
        start = start.replace(tzinfo=stay.hotel.tzinfo)
    fingerprint = _fingerprint(service=service_id, start=start.isoformat(), practitioner=practitioner_id or "")
    existing = SpaBooking.objects.filter(stay=stay, client_key=client_key).first()
    if existing is not None:
        return _replay(existing, fingerprint)

    hotel = stay.hotel
    provider = selectors.get_spa(hotel)
    policy = selectors.spa_settings(hotel)
    _check_when(stay, start, policy, by_staff=actor is not None)
    service = selectors.service(hotel, service_id, provider)
    pid, pname = _pick_practitioner(hotel, provider, service, start, practitioner_id)
    end = start + dt.timedelta(minutes=service.duration_minutes)
    try:
        with transaction.atomic():
            _lock_hotel(hotel)
            if selectors.active_overlapping(hotel.pk, pid, start, end).exists():
                raise SlotTaken()
            booking = SpaBooking.objects.create(
                hotel=hotel,
                stay=stay,
                guest_id=stay.guest_id,
                provider=provider.name,
                service_id=service.id,
                service_name=service.name[:200],
                service_category=service.category[:64],
                duration_minutes=service.duration_minutes,
                practitioner_id=pid,
                practitioner_name=pname[:200],
                starts_at=start,
                ends_at=end,
                price=service.price,
                currency=service.currency or hotel.currency,
                payment_method=_payment_method(hotel, policy),
                notes=notes[:500],
                client_key=client_key,
                request_fingerprint=fingerprint,
                created_by=actor,
            )
            announce(booking)
    except IntegrityError:  # the same Idempotency-Key arrived concurrently
        return _replay(SpaBooking.objects.get(stay=stay, client_key=client_key), fingerprint)
    return BookingOutcome(_send(booking, provider), replayed=False)


def _send(booking: SpaBooking, provider) -> SpaBooking:
    """Ask the spa for the committed requested row, and record the answer."""
    try:
        info = provider.create_booking(
            service_id=booking.service_id,
            practitioner_id=booking.practitioner_id,
            start=booking.starts_at.astimezone(booking.hotel.tzinfo),
            client=client_for(booking.stay),
            reference=str(booking.public_id),
            notes=booking.notes,
        )
    except (SlotTaken, SlotUnavailable, ProviderAuthFailed) as exc:
        _fail(booking, exc)
        raise exc
    except ProviderError as exc:
        # Timeout, 5xx, garbage: the spa may have booked it. Look it up once now; the reconcile
        # task keeps trying. The guest sees a `requested` booking, never a phantom.
        _note(booking, f"No answer from the spa ({exc.error_code}); checking with the spa.")
        return reconcile(booking, provider=provider, settle_missing=False)
    return apply_vendor_booking(booking, info)


def _note(booking: SpaBooking, message: str) -> None:
    SpaBooking.objects.filter(pk=booking.pk).update(vendor_error=message[:300], updated_at=timezone.now())
    booking.vendor_error = message[:300]


def _fail(booking: SpaBooking, exc) -> None:
    with transaction.atomic():
        locked = SpaBooking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != SpaBookingStatus.REQUESTED:
            return
        locked.status = SpaBookingStatus.FAILED
        locked.vendor_error = str(getattr(exc, "detail", exc))[:300]
        locked.save(update_fields=["status", "vendor_error", "updated_at"])
        announce(locked)
    booking.status = SpaBookingStatus.FAILED


_STATUS_RANK = {
    SpaBookingStatus.REQUESTED: 0,
    SpaBookingStatus.CONFIRMED: 1,
    SpaBookingStatus.COMPLETED: 2,
    SpaBookingStatus.CANCELLED: 2,
    SpaBookingStatus.NO_SHOW: 2,
    SpaBookingStatus.FAILED: 2,
}


def apply_vendor_booking(booking: SpaBooking, info: base.SpaBookingInfo, *, source: str = "api") -> SpaBooking:
    """Bring the local row up to the spa's booking: reference, times, status (forward only), and
    the guest's confirmation the first time it is confirmed."""
    with transaction.atomic():
        locked = SpaBooking.objects.select_for_update().select_related("stay").get(pk=booking.pk)
        before = (locked.status, locked.starts_at, locked.ends_at, locked.practitioner_id, locked.vendor_reference)
        if info.id and not locked.vendor_reference:
            locked.vendor_reference = str(info.id)[:64]
        new_status = info.status if info.status in _STATUS_RANK else locked.status
        if locked.status == SpaBookingStatus.REQUESTED and new_status in (
            SpaBookingStatus.REQUESTED,
            SpaBookingStatus.CONFIRMED,
        ):
            new_status = SpaBookingStatus.CONFIRMED  # the spa has it: for the guest it is booked
        first_confirmation = locked.confirmed_at is None and new_status == SpaBookingStatus.CONFIRMED
        if _STATUS_RANK[new_status] > _STATUS_RANK[locked.status]:
            locked.status = new_status
            if new_status == SpaBookingStatus.CONFIRMED:
                locked.confirmed_at = timezone.now()
            if new_status == SpaBookingStatus.COMPLETED:
                locked.completed_at = timezone.now()
            if new_status == SpaBookingStatus.CANCELLED:
                locked.cancelled_at = locked.cancelled_at or timezone.now()
                locked.cancel_reason = locked.cancel_reason or f"Cancelled at the spa ({source})."
        if locked.status in ACTIVE_STATUSES and info.slot.start and info.slot.end:
            # The spa moved it (rescheduled at the desk): its times are the truth.
            locked.starts_at, locked.ends_at = info.slot.start, info.slot.end
            if info.slot.practitioner_id:
                locked.practitioner_id = info.slot.practitioner_id
                locked.practitioner_name = info.slot.practitioner_name or locked.practitioner_name
        locked.vendor_error = ""
        changed = before != (
            locked.status,
            locked.starts_at,
            locked.ends_at,
            locked.practitioner_id,
            locked.vendor_reference,
        )
        locked.save()
        if changed:
            announce(locked)
        if first_confirmation and locked.status == SpaBookingStatus.CONFIRMED:
            notify_spa_booking_confirmed(
                stay_id=locked.stay_id,
                booking_id=locked.public_id,
                service_name=locked.service_name,
                starts_at=locked.starts_at.astimezone(locked.hotel.tzinfo),
                duration_minutes=locked.duration_minutes,
            )
    return locked


def reconcile(booking: SpaBooking, *, provider=None, settle_missing: bool = True) -> SpaBooking:
    """Settle a `requested` booking whose create got no answer: the spa's booking if it made one;
    with `settle_missing`, `failed` when the spa says it has none (the slot is free again)."""
    if booking.status != SpaBookingStatus.REQUESTED:
        return booking
    provider = provider or selectors.get_spa(booking.hotel)
    try:
        if booking.vendor_reference:
            info = provider.get_booking(booking.vendor_reference)
        else:
            info = provider.find_booking(
                reference=str(booking.public_id),
                service_id=booking.service_id,
                practitioner_id=booking.practitioner_id,
                start=booking.starts_at.astimezone(booking.hotel.tzinfo),
                client=client_for(booking.stay),
            )
    except ProviderError as exc:
        _note(booking, f"The spa did not answer ({exc.error_code}); it will be checked again.")
        return booking
    if info is not None:
        return apply_vendor_booking(booking, info, source="reconcile")
    if settle_missing:
        _fail(booking, "The spa never received this booking.")
    return booking


def reconcile_requested(*, now: dt.datetime | None = None) -> int:
    """Beat: settle requested bookings left without an answer. Returns how many were looked at."""
    now = now or timezone.now()
    stale = SpaBooking.objects.filter(status=SpaBookingStatus.REQUESTED, created_at__lt=now - STALE_REQUEST)
    count = 0
    for booking in stale.select_related("hotel", "stay", "stay__guest")[:200]:
        try:
            reconcile(booking)
        except Exception:  # one hotel's broken spa must not stop the others
            logger.exception("spa: reconcile of booking %s failed", booking.pk)
        count += 1
    return count


def _replay(row: SpaBooking, fingerprint: str) -> BookingOutcome:
    if row.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    if row.status == SpaBookingStatus.FAILED:
        raise SlotTaken(row.vendor_error or SlotTaken.default_detail)
    if row.status == SpaBookingStatus.REQUESTED and row.created_at < timezone.now() - STALE_REQUEST:
        row = reconcile(row, settle_missing=False)
    return BookingOutcome(row, replayed=True)


# -- cancelling ------------------------------------------------------------------------------------
def quantize(amount: Decimal, currency: str) -> Decimal:
    from payments.money import allowed_decimals

    return amount.quantize(Decimal(1).scaleb(-allowed_decimals(currency)), rounding=ROUND_HALF_UP)


def late_fee(booking: SpaBooking, *, now: dt.datetime | None = None) -> Decimal:
    """The fee the hotel's policy asks for cancelling now (0 while cancellation is free)."""
    policy = selectors.spa_settings(booking.hotel)
    now = now or timezone.now()
    if now < booking.starts_at - dt.timedelta(hours=policy.free_cancellation_hours):
        return Decimal("0")
    return quantize(booking.price * policy.late_cancellation_fee_percent / 100, booking.currency)


def cancel(*, booking: SpaBooking, actor=None, waive_fee: bool = False, reason: str = "") -> SpaBooking:
    """Cancel at the spa, then locally; a late cancellation's fee is charged unless staff waive it.
    Guests cannot waive (only staff pass `waive_fee`). Cancelling twice is harmless."""
    if booking.status == SpaBookingStatus.CANCELLED:
        return booking
    if booking.status == SpaBookingStatus.REQUESTED:
        booking = reconcile(booking, settle_missing=False)
        if booking.status == SpaBookingStatus.REQUESTED:
            raise BookingPending()
    if booking.status != SpaBookingStatus.CONFIRMED:
        raise BookingNotCancellable()
    if actor is None and booking.starts_at <= timezone.now():
        raise BookingNotCancellable("The treatment has started; ask the spa.")
    fee = late_fee(booking)
    provider = selectors.get_spa(booking.hotel)
    # The spa first: if it refuses or does not answer, nothing changes here and the guest may retry
    # (cancelling at the spa twice is harmless).
    try:
        provider.cancel_booking(booking.vendor_reference, late=fee > 0)
    except ProviderNotFound:
        logger.info("spa: booking %s was already gone at the spa; cancelled here", booking.pk)
    with transaction.atomic():
        locked = SpaBooking.objects.select_for_update().get(pk=booking.pk)
        if locked.status == SpaBookingStatus.CANCELLED:
            return locked
        locked.status = SpaBookingStatus.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = actor
        locked.cancel_reason = (reason or ("Cancelled by staff" if actor else "Cancelled by the guest"))[:200]
        locked.cancellation_fee = fee
        locked.fee_waived = bool(fee and waive_fee)
        if locked.fee_waived:
            locked.charge_status = "waived"
        locked.save()
        announce(locked)
    if fee and not locked.fee_waived:
        locked = charges.charge_booking(locked, amount=fee, description=f"Late cancellation: {locked.service_name}")
    return locked


def complete(*, booking: SpaBooking, actor) -> SpaBooking:
    """The treatment took place: mark it and charge its price (folio or saved card)."""
    return _finish(booking, SpaBookingStatus.COMPLETED, actor=actor, amount=booking.price, label="Spa")


def mark_no_show(*, booking: SpaBooking, actor, waive_fee: bool = False) -> SpaBooking:
    """The guest did not come: the late-cancellation fee applies unless staff waive it."""
    fee = (
        Decimal("0")
        if waive_fee
        else quantize(
            booking.price * selectors.spa_settings(booking.hotel).late_cancellation_fee_percent / 100, booking.currency
        )
    )
    return _finish(booking, SpaBookingStatus.NO_SHOW, actor=actor, amount=fee, label="Spa no-show", waived=waive_fee)


def _finish(booking, status, *, actor, amount: Decimal, label: str, waived: bool = False) -> SpaBooking:
    with transaction.atomic():
        locked = SpaBooking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != status:
            if locked.status != SpaBookingStatus.CONFIRMED:
                raise BookingNotAllowed(f"Only a confirmed booking can be marked {status.label.lower()}.")
            locked.status = status
            if status == SpaBookingStatus.COMPLETED:
                locked.completed_at = timezone.now()
            else:
                locked.cancellation_fee = amount
                locked.fee_waived = waived
                if waived:
                    locked.charge_status = "waived"
            locked.save()
            announce(locked)
        # Marked twice, or the spa's webhook said it first: still charged once, after the commit.
        due = amount > 0 and locked.charge_status in ("none", "pending")
    if due:
        locked = charges.charge_booking(locked, amount=amount, description=f"{label}: {locked.service_name}")
    return locked
