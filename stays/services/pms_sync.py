"""PMS sync: pull a day's arrivals, in-house guests and departures from a hotel's PMS and upsert the
local stays and guests in bulk (a handful of queries per batch of reservations, never one per row).

Each run is recorded as a `PmsSyncRun` (started, finished, counts, error).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integrations.exceptions import ProviderError
from integrations.manager import get_integration_manager
from stays.models import Guest, Hotel, PmsSyncRun, Room, Stay
from stays.providers.base import Reservation
from stays.text import fold_name, normalize_confirmation

logger = logging.getLogger("mystay.stays.sync")

BATCH_SIZE = 500
STAY_FIELDS = ["pms_reservation_id", "arrival", "departure", "room_type", "room_id", "status", "adults", "children"]
GUEST_FIELDS = ["first_name", "last_name", "email", "phone", "pms_profile_id"]


@dataclass
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def add(self, other: UpsertCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped


def fetch_day(pms, day: dt.date) -> list[Reservation]:
    """Arrivals, in-house and departures of `day`, one entry per reservation (the latest seen wins)."""
    by_id: dict[str, Reservation] = {}
    for listing in (pms.list_arrivals, pms.list_in_house, pms.list_departures):
        for reservation in listing(day):
            by_id[reservation.id or reservation.confirmation_number] = reservation
    return list(by_id.values())


def _valid(reservation: Reservation) -> bool:
    return bool(
        normalize_confirmation(reservation.confirmation_number)
        and reservation.check_out_date > reservation.check_in_date
        and reservation.status in Stay.Status.values
    )


def _rooms_for(hotel: Hotel, reservations: list[Reservation]) -> dict[str, Room]:
    """Rooms by number, creating those the PMS mentions that we do not know yet (2-3 queries)."""
    wanted = {r.room_number: r.room_type for r in reservations if r.room_number}
    if not wanted:
        return {}
    rooms = {room.number: room for room in Room.objects.filter(hotel=hotel, number__in=list(wanted))}
    missing = [Room(hotel=hotel, number=n, room_type=t or "") for n, t in wanted.items() if n not in rooms]
    if missing:
        Room.objects.bulk_create(missing, ignore_conflicts=True)
        rooms = {room.number: room for room in Room.objects.filter(hotel=hotel, number__in=list(wanted))}
    return rooms


def _guest_values(reservation: Reservation) -> dict:
    return {
        "first_name": reservation.guest_first_name[:100],
        "last_name": (reservation.guest_last_name or reservation.guest_name or "Guest")[:100],
        "email": reservation.guest_email[:254],
        "phone": reservation.guest_phone[:40],
        "pms_profile_id": reservation.guest_id[:64],
    }


def _apply(obj, values: dict) -> bool:
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    return changed


@transaction.atomic
def upsert_batch(hotel: Hotel, reservations: list[Reservation]) -> UpsertCounts:
    """Upsert one batch of reservations (and their guests and rooms) in a fixed number of queries."""
    counts = UpsertCounts()
    valid = []
    seen: set[str] = set()
    for reservation in reservations:
        confirmation = normalize_confirmation(reservation.confirmation_number)
        if _valid(reservation) and confirmation not in seen:
            seen.add(confirmation)
            valid.append(reservation)
        else:
            counts.skipped += 1
            logger.warning("PMS sync %s: skipped reservation %s (invalid data)", hotel.code, reservation.id)
    if not valid:
        return counts
    now = timezone.now()
    rooms = _rooms_for(hotel, valid)
    confirmations = [normalize_confirmation(r.confirmation_number) for r in valid]
    pms_ids = [r.id for r in valid if r.id]
    existing = list(
        Stay.objects.filter(hotel=hotel)
        .filter(Q(confirmation_number__in=confirmations) | Q(pms_reservation_id__in=pms_ids))
        .select_related("guest")
    )
    by_conf = {s.confirmation_number: s for s in existing}
    by_pms_id = {s.pms_reservation_id: s for s in existing if s.pms_reservation_id}

    # Guests of new stays: reuse the hotel's guest with the same PMS profile id, else create one.
    profile_ids = {r.guest_id for r in valid if r.guest_id}
    known_guests = (
        {g.pms_profile_id: g for g in Guest.objects.filter(hotel=hotel, pms_profile_id__in=profile_ids)}
        if profile_ids
        else {}
    )
    for stay in existing:
        if stay.guest.pms_profile_id:
            known_guests.setdefault(stay.guest.pms_profile_id, stay.guest)

    new_guests: dict[str, Guest] = {}
    changed_guests: dict[int, Guest] = {}
    plan: list[tuple[Reservation, Stay | None, Guest]] = []
    for reservation, confirmation in zip(valid, confirmations, strict=True):
        stay = by_conf.get(confirmation) or (by_pms_id.get(reservation.id) if reservation.id else None)
        values = _guest_values(reservation)
        if stay is not None:
            guest = stay.guest
        else:
            guest = known_guests.get(reservation.guest_id) if reservation.guest_id else None
            if guest is None:
                key = reservation.guest_id or f"new:{confirmation}"
                guest = new_guests.get(key)
                if guest is None:
                    guest = Guest(hotel=hotel, language=reservation.guest_language or hotel.default_language)
                    new_guests[key] = guest
        # Never blank out what we know with an empty PMS field, nor take another guest's profile id.
        values = {k: v for k, v in values.items() if v}
        holder = known_guests.get(values.get("pms_profile_id", ""))
        if guest.pms_profile_id or (holder is not None and holder is not guest):
            values.pop("pms_profile_id", None)
        if _apply(guest, values) and guest.pk:
            changed_guests[guest.pk] = guest
        plan.append((reservation, stay, guest))

    for guest in [*new_guests.values(), *changed_guests.values()]:
        guest.last_name_key = fold_name(guest.last_name)
    if new_guests:
        Guest.objects.bulk_create(list(new_guests.values()))
    if changed_guests:
        Guest.objects.bulk_update(
            list(changed_guests.values()), [*GUEST_FIELDS, "last_name_key", "updated_at"], batch_size=BATCH_SIZE
        )
        for guest in changed_guests.values():
            guest.updated_at = now

    to_create: list[Stay] = []
    to_update: list[Stay] = []
    unchanged_ids: list[int] = []
    for (reservation, stay, guest), confirmation in zip(plan, confirmations, strict=True):
        room = rooms.get(reservation.room_number) if reservation.room_number else None
        values = {
            "pms_reservation_id": reservation.id[:64],
            "arrival": reservation.check_in_date,
            "departure": reservation.check_out_date,
            "room_type": (reservation.room_type or (stay.room_type if stay else ""))[:80],
            "status": reservation.status,
            "adults": max(1, reservation.adults),
            "children": max(0, reservation.children),
        }
        if stay is None:
            to_create.append(
                Stay(
                    hotel=hotel,
                    guest=guest,
                    confirmation_number=confirmation,
                    room=room,
                    pms_synced_at=now,
                    **values,
                )
            )
            continue
        if room is not None:
            values["room_id"] = room.pk
        guest_changed = guest.pk in changed_guests
        if _apply(stay, values) or guest_changed:
            stay.pms_synced_at = now
            stay.updated_at = now
            to_update.append(stay)
        else:
            unchanged_ids.append(stay.pk)

    if to_create:
        Stay.objects.bulk_create(to_create)
    if to_update:
        Stay.objects.bulk_update(to_update, [*STAY_FIELDS, "pms_synced_at", "updated_at"], batch_size=BATCH_SIZE)
    if unchanged_ids:
        Stay.objects.filter(pk__in=unchanged_ids).update(pms_synced_at=now)
    counts.created += len(to_create)
    counts.updated += len(to_update)
    counts.unchanged += len(unchanged_ids)
    return counts


def upsert_reservations(hotel: Hotel, reservations: list[Reservation]) -> UpsertCounts:
    counts = UpsertCounts()
    for start in range(0, len(reservations), BATCH_SIZE):
        counts.add(upsert_batch(hotel, reservations[start : start + BATCH_SIZE]))
    return counts


def sync_hotel(*, hotel: Hotel, day: dt.date | None = None) -> PmsSyncRun:
    """Run one sync for `hotel` and `day` (hotel-local today by default) and record it.

    Provider errors end the run as failed (recorded, not raised); anything else is recorded and raised.
    """
    day = day or hotel.local_today()
    run = PmsSyncRun.objects.create(hotel=hotel, business_date=day)
    try:
        pms = get_integration_manager(hotel).get_pms()
        reservations = fetch_day(pms, day)
        counts = upsert_reservations(hotel, reservations)
    except ProviderError as exc:
        _finish(run, status=PmsSyncRun.Status.FAILED, error=f"{exc.error_code}: {exc.detail}")
        logger.warning("PMS sync %s failed: %s", hotel.code, exc.error_code)
        return run
    except Exception as exc:
        _finish(run, status=PmsSyncRun.Status.FAILED, error=f"internal error: {exc.__class__.__name__}")
        raise
    run.created, run.updated, run.unchanged, run.skipped = (
        counts.created,
        counts.updated,
        counts.unchanged,
        counts.skipped,
    )
    run.total = len(reservations)
    _finish(run, status=PmsSyncRun.Status.SUCCEEDED)
    logger.info(
        "PMS sync %s %s: %d received, %d created, %d updated, %d unchanged, %d skipped",
        hotel.code,
        day,
        run.total,
        run.created,
        run.updated,
        run.unchanged,
        run.skipped,
    )
    return run


def _finish(run: PmsSyncRun, *, status: str, error: str = "") -> None:
    run.status = status
    run.error = error[:2000]
    run.finished_at = timezone.now()
    run.save()


def hotels_to_sync():
    """Active hotels whose PMS is configured (a hotel on no PMS has nothing to pull)."""
    for hotel in Hotel.objects.filter(is_active=True).order_by("code"):
        if get_integration_manager(hotel).is_configured("pms"):
            yield hotel
