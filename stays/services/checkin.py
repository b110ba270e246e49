"""Online check-in as resumable recorded steps, for guests (API) and the front desk (admin) alike.

Steps before completion (guest, any order): ID document (the ocr app), card (a saved payment method),
registration (arrival time, contact details pushed to the PMS profile, the hotel's terms accepted).
`complete_checkin` then runs, skipping what is already done:

    identity recorded → authorization hold → room (ready?) → PMS check-in → key → confirmation

Each step is a JourneyStep row written before its work and completed with its outcome. A failure
(card declined, PMS down, key vendor timeout) leaves the stay where it was with the failed step
recorded; calling `complete_checkin` again resumes from there: one hold, one PMS check-in, one key.
When the room is not ready the stay waits as "checked in online, room not ready" and completes when
the room is ready or staff assign a ready room (the admin's check-in, or the beat sweep).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from rest_framework import status

from mystay.api.errors import ApiError
from stays.models import Room, Stay

from . import journey
from .journey import JourneyError, Step, StepStatus, begin_step, fail_step, finish_step, step_failures, steps_of
from .pms_refresh import forget_refresh, hotel_pms
from .rooms import READY_STATUSES, RoomUnavailable, assign_room, assignable_rooms

logger = logging.getLogger("mystay.stays.journey")

READY_ROOM_STATUSES = READY_STATUSES


class CheckinIncomplete(JourneyError):
    default_code = "checkin_incomplete"
    default_detail = "Some check-in steps are not done yet."


@dataclass(frozen=True)
class CheckinResult:
    stay: Stay
    completed: bool  # checked in, key (if any) issued, confirmation sent
    waiting_for_room: bool = False


# -- the steps before completion ----------------------------------------------------------------------
def record_card(*, stay: Stay, payment_method_id: str = "", actor=None):
    """Card step: attach the PaymentMethod the guest app created (if given) and record the card the
    hold will go on. Returns the card (id, brand, last4; never a number)."""
    from payments.services.customers import NoSavedCard, attach_card, list_cards

    row = begin_step(stay, Step.CARD, actor=actor)
    with step_failures(row):
        if payment_method_id:
            card = attach_card(stay=stay, payment_method_id=payment_method_id)
        else:
            cards = list_cards(stay=stay)
            if not cards:
                raise NoSavedCard()
            card = cards[0]
    with transaction.atomic():
        finish_step(
            row,
            detail={"payment_method_id": card.id, "brand": card.brand, "last4": card.last4},
        )
        journey.announce_stay(_mark_started(stay))
    return card


def register_guest(
    *,
    stay: Stay,
    arrival_time: dt.time | None = None,
    email: str = "",
    phone: str = "",
    accept_terms: bool = False,
    terms_version: str = "",
    actor=None,
) -> None:
    """Registration step: arrival time, contact details (pushed to the PMS profile first, then kept
    locally) and the hotel's terms, accepted in their current version (recorded with the time)."""
    rules = journey.journey_settings(stay.hotel)
    if not accept_terms:
        raise ApiError("Please accept the hotel's terms to check in.", code="terms_not_accepted")
    if terms_version and terms_version != rules.terms_version:
        raise JourneyError(
            f"The hotel's terms have changed (version {rules.terms_version}); please read and accept them again.",
            code="terms_version_mismatch",
        )
    guest = stay.guest
    contact = {k: v for k, v in {"email": email.strip(), "phone": phone.strip()}.items() if v}
    changed = {k: v for k, v in contact.items() if getattr(guest, k) != v}
    row = begin_step(
        stay,
        Step.REGISTRATION,
        actor=actor,
        detail={
            "arrival_time": arrival_time.strftime("%H:%M") if arrival_time else "",
            "contact_changed": sorted(changed),
        },
    )
    pushed = False
    if changed and guest.pms_profile_id:
        with step_failures(row):
            pms = hotel_pms(stay.hotel)
            if pms is not None:
                pms.update_guest_profile(guest.pms_profile_id, changed)
                pushed = True
    with transaction.atomic():
        if changed:
            for field, value in changed.items():
                setattr(guest, field, value)
            guest.save(update_fields=[*changed, "updated_at"])
        finish_step(
            row,
            detail={
                "terms_version": rules.terms_version,
                "terms_accepted_at": timezone.now().isoformat(),
                "pms_profile_updated": pushed,
            },
        )
        journey.announce_stay(_mark_started(stay))


def _mark_started(stay: Stay) -> Stay:
    if stay.online_checkin_status == Stay.CheckinStatus.NOT_STARTED:
        Stay.objects.filter(pk=stay.pk, online_checkin_status=Stay.CheckinStatus.NOT_STARTED).update(
            online_checkin_status=Stay.CheckinStatus.IN_PROGRESS, updated_at=timezone.now()
        )
        stay.online_checkin_status = Stay.CheckinStatus.IN_PROGRESS
    return stay


# -- completion ---------------------------------------------------------------------------------------
def complete_checkin(*, stay: Stay, actor=None, room: Room | None = None, id_checked_at_desk: bool = False):
    """Run the remaining check-in steps (see the module docstring). `actor`: the staff user doing it
    at the desk (None: the guest online). `room`: the room staff chose. Returns a CheckinResult;
    raises the failing step's error after recording it."""
    from stays.selectors import checkin_blockers

    with journey.stay_journey_lock(stay):
        stay = Stay.objects.select_related("hotel", "guest", "room").get(pk=stay.pk)
        staff = actor is not None
        if stay.status == Stay.Status.CONFIRMED:
            journey.check_can_complete(stay, staff=staff)
            blockers = checkin_blockers(stay, staff=staff, id_checked_at_desk=id_checked_at_desk)
            if blockers:
                raise CheckinIncomplete("; ".join(b["message"] for b in blockers), extra={"blockers": blockers})
            done = steps_of(stay)
            _record_identity(stay, done, actor=actor, checked_at_desk=id_checked_at_desk)
            _ensure_hold(stay, done, actor=actor)
            chosen = _ready_room(stay, room, actor=actor)
            if chosen is None:
                return CheckinResult(
                    stay=_wait_for_room(stay, done, actor=actor), completed=False, waiting_for_room=True
                )
            stay = _check_in_at_pms(stay, chosen, done, actor=actor)
        elif stay.status != Stay.Status.CHECKED_IN:
            raise JourneyError("This stay can no longer be checked in.", code="checkin_not_allowed")
        if stay.online_checkin_status == Stay.CheckinStatus.COMPLETED:
            return CheckinResult(stay=stay, completed=True)
        done = steps_of(stay)
        key = _issue_key(stay, done, actor=actor)
        return CheckinResult(stay=_confirm(stay, done, key, actor=actor), completed=True)


def _record_identity(stay: Stay, done: dict, *, actor, checked_at_desk: bool) -> None:
    from stays.selectors_journey import identity_done, identity_state

    if done.get(Step.IDENTITY) and done[Step.IDENTITY].finished:
        return
    row = begin_step(stay, Step.IDENTITY, actor=actor)
    if not journey.journey_settings(stay.hotel).require_identity_document:
        with transaction.atomic():
            finish_step(row, status=StepStatus.SKIPPED, detail={"reason": "not required by the hotel"})
        return
    state = identity_state(stay)
    with transaction.atomic():
        if identity_done(state):
            finish_step(row, detail={"document_id": state["document_id"], "document_status": state["status"]})
        elif checked_at_desk:
            finish_step(row, detail={"checked_at_desk": True, "document_id": state["document_id"]})
        else:  # checkin_blockers let it through: staff, with an ID not scanned online
            finish_step(row, status=StepStatus.SKIPPED, detail={"reason": "not scanned online"})


def _ensure_hold(stay: Stay, done: dict, *, actor) -> None:
    """One authorization hold for the stay, recorded in the `hold` step before the payment call.
    A declined hold moves the step to a new attempt (new client key, so a new ledger row); an
    unanswered one keeps its key so that the retry re-sends the same hold."""
    from payments.exceptions import PaymentOutcomeUnknown
    from payments.services.holds import place_hold_for_stay
    from stays.selectors import authorized_hold, saved_card

    row = done.get(Step.HOLD)
    if row is not None and row.finished:
        return
    existing = authorized_hold(stay)
    rules = journey.journey_settings(stay.hotel)
    card = saved_card(stay)
    attempt = int((row.detail if row else {}).get("hold_attempt", 1))
    client_key = f"checkin-hold-{stay.pk}-{attempt}"
    row = begin_step(stay, Step.HOLD, actor=actor, detail={"hold_attempt": attempt, "client_key": client_key})
    if existing is not None:  # placed already (e.g. by the front desk from the ledger)
        with transaction.atomic():
            finish_step(row, detail=_hold_detail(existing))
        return
    if not rules.require_card_hold or (actor is not None and card is None):
        reason = "not required by the hotel" if not rules.require_card_hold else "no saved card: settled at the desk"
        with transaction.atomic():
            finish_step(row, status=StepStatus.SKIPPED, detail={"reason": reason})
        return
    try:
        payment = place_hold_for_stay(
            stay=stay, actor=actor, client_key=client_key, payment_method_id=(card or {}).get("payment_method_id")
        )
    except PaymentOutcomeUnknown as exc:
        fail_step(row, exc)  # same key next time: the same hold is re-sent
        raise
    except ApiError as exc:
        fail_step(row, exc, detail={"hold_attempt": attempt + 1})
        raise
    if payment.status != "authorized":
        code = "hold_requires_action" if payment.status == "requires_action" else "hold_not_authorized"
        message = (
            "Your bank asks to confirm this card in your banking app; add the card again or use another one."
            if code == "hold_requires_action"
            else payment.failure_message or "The card issuer did not authorize the hold."
        )
        fail_step(row, code=code, message=message, detail={"hold_attempt": attempt + 1})
        raise ApiError(message, code=code, status_code=status.HTTP_402_PAYMENT_REQUIRED)
    with transaction.atomic():
        finish_step(row, detail=_hold_detail(payment))


def _hold_detail(payment) -> dict:
    return {
        "payment_id": str(payment.public_id),
        "amount": str(payment.amount_authorized),
        "currency": payment.currency,
    }


def _ready_room(stay: Stay, room: Room | None, *, actor) -> Room | None:
    """The room to check in to: the one staff chose (assigned now), else the stay's room when ready,
    else (no room yet) the first ready vacant room of the booked type. None: wait for a room."""
    if room is not None:
        assign_room(stay=stay, room=room, actor=actor, require_ready=True)
        return room
    if stay.room_id:
        return stay.room if stay.room.status in READY_ROOM_STATUSES else None
    booked = [choice.room for choice in assignable_rooms(stay) if not choice.is_upgrade]
    if not booked:
        return None
    try:
        assign_room(stay=stay, room=booked[0], actor=actor, require_ready=True)
    except RoomUnavailable:  # taken meanwhile: wait for staff
        return None
    return booked[0]


def _wait_for_room(stay: Stay, done: dict, *, actor) -> Stay:
    row = begin_step(stay, Step.ROOM, actor=actor)
    with transaction.atomic():
        finish_step(
            row,
            status=StepStatus.WAITING,
            detail={"room_number": stay.room.number if stay.room_id else "", "reason": "room not ready"},
        )
        Stay.objects.filter(pk=stay.pk).update(
            online_checkin_status=Stay.CheckinStatus.ROOM_NOT_READY, updated_at=timezone.now()
        )
        stay.online_checkin_status = Stay.CheckinStatus.ROOM_NOT_READY
        journey.announce_stay(stay)
    return stay


def _check_in_at_pms(stay: Stay, room: Room, done: dict, *, actor) -> Stay:
    previous = done.get(Step.PMS_CHECKIN)
    row = begin_step(stay, Step.PMS_CHECKIN, actor=actor, detail={"room_number": room.number})
    pms = hotel_pms(stay.hotel)
    with step_failures(row):
        if pms is not None:
            already = False
            if previous is not None:
                # A retry after a failed or unanswered call: the PMS may have checked the guest in.
                reservation = pms.get_reservation(stay.confirmation_number)
                already = reservation is not None and reservation.status == Stay.Status.CHECKED_IN
            if not already:
                pms.check_in(stay.pms_reservation_id or f"MOCK-{stay.pk}", room.number)
    now = timezone.now()
    with transaction.atomic():
        Stay.objects.filter(pk=stay.pk).update(
            status=Stay.Status.CHECKED_IN,
            room=room,
            checked_in_at=now,
            online_checkin_status=Stay.CheckinStatus.IN_PROGRESS,
            updated_at=now,
        )
        stay.status, stay.room, stay.checked_in_at = Stay.Status.CHECKED_IN, room, now
        stay.online_checkin_status = Stay.CheckinStatus.IN_PROGRESS
        room_row = steps_of(stay).get(Step.ROOM) or begin_step(stay, Step.ROOM, actor=actor)
        finish_step(room_row, detail={"room_number": room.number})
        finish_step(row)
        journey.announce_stay(stay)
    forget_refresh(stay)
    return stay


def _issue_key(stay: Stay, done: dict, *, actor):
    from keys.services import issue_key_for_stay

    row = done.get(Step.KEY)
    if row is not None and row.finished:
        from keys.selectors import current_key

        return current_key(stay)
    row = begin_step(stay, Step.KEY, actor=actor)
    with step_failures(row):
        key = issue_key_for_stay(stay=stay, actor=actor)
    with transaction.atomic():
        if key is None:
            finish_step(row, status=StepStatus.SKIPPED, detail={"reason": "the hotel issues no digital keys"})
        else:
            finish_step(row, detail={"key_id": str(key.public_id), "room_number": key.room_number})
    return key


def _confirm(stay: Stay, done: dict, key, *, actor) -> Stay:
    """Check-in completed: the guest's confirmation (with the key) and the stay's event, in the
    transaction that records it (the outbox delivers after commit)."""
    from integrations.notifications.events import notify_checkin_completed

    row = begin_step(stay, Step.CHECKIN_NOTICE, actor=actor)
    with transaction.atomic():
        notify_checkin_completed(
            stay_id=stay.pk,
            room_number=stay.room.number if stay.room_id else "",
            key_kind="mobile" if key is not None else "",
            key_url=key.invite_url if key is not None else "",
        )
        Stay.objects.filter(pk=stay.pk).update(
            online_checkin_status=Stay.CheckinStatus.COMPLETED, updated_at=timezone.now()
        )
        stay.online_checkin_status = Stay.CheckinStatus.COMPLETED
        finish_step(row)
        journey.announce_stay(stay)
    return stay


def resume_waiting_checkins() -> int:
    """Beat: stays that checked in online while their room was not ready complete once it is."""
    completed = 0
    waiting = Stay.objects.filter(
        status=Stay.Status.CONFIRMED, online_checkin_status=Stay.CheckinStatus.ROOM_NOT_READY
    ).select_related("hotel", "guest", "room")
    for stay in waiting:
        try:
            if complete_checkin(stay=stay).completed:
                completed += 1
        except ApiError as exc:  # recorded on the step; staff see it on the stay page
            logger.info("Waiting check-in of stay %s not completed: %s", stay.pk, exc.error_code)
    return completed
