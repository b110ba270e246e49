"""PMS sync: pull a day's arrivals, in-house guests and departures from a hotel's PMS and upsert the
local stays and guests in bulk (a handful of queries per batch of reservations, never one per row).

Each run is recorded as a `PmsSyncRun` (started, finished, counts, error).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
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
    # Local stay id for each confirmation number of the batch that was stored (absent: skipped).
    resolved: dict[str, int] = dc_field(default_factory=dict, repr=False)

    def add(self, other: UpsertCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.resolved.update(other.resolved)


# Statuses a stay goes through in order; a PMS answer never moves a stay back along this line.
# (cancelled / no_show are off the line: the PMS may set them, or reinstate a stay, at any time.)
STATUS_ORDER = {Stay.Status.CONFIRMED: 0, Stay.Status.CHECKED_IN: 1, Stay.Status.CHECKED_OUT: 2}


def status_from_pms(current: str, reservation: Reservation, local_updated_at=None) -> str:
    """The status to keep: the PMS's, unless it would move the stay backwards (checked_out ->
    checked_in/confirmed, checked_in -> confirmed) without a PMS timestamp newer than the local change."""
    wanted = reservation.status
    if current in STATUS_ORDER and wanted in STATUS_ORDER and STATUS_ORDER[wanted] < STATUS_ORDER[current]:
        pms_time = reservation.updated_at
        if pms_time is None or local_updated_at is None or pms_time <= local_updated_at:
            return current
    return wanted


def profile_id_free(guest: Guest, profile_id: str, holder: Guest | None) -> bool:
    """Whether `guest` may take the PMS profile id: it has none yet (or that same one), and no other
    guest of the hotel holds it (`holder`: the guest that holds it, None if nobody does)."""
    if not profile_id:
        return False
    if holder is not None and holder is not guest and (guest.pk is None or holder.pk != guest.pk):
        return False
    return not guest.pms_profile_id or guest.pms_profile_id == profile_id


def _lock_key(kind: str, hotel_id: int) -> int:
    """A signed 64-bit advisory lock key for (kind, hotel)."""
    digest = hashlib.sha256(f"mystay:{kind}:{hotel_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


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
def upsert_batch(hotel: Hotel, reservations: list[Reservation], *, fetched_at=None) -> UpsertCounts:
    """Upsert one batch of reservations (and their guests and rooms) in a fixed number of queries.

    `fetched_at`: when the PMS was asked; stays changed locally since then are left alone (the PMS
    answer is older than them). Batches of one hotel run one at a time (a transaction-scoped
    advisory lock), so a lookup import and a sync never insert the same stay twice.
    """
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key("pms-upsert", hotel.pk)])
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
    plan: list[tuple[Reservation, str, Stay | None, Guest]] = []
    claimed: set[int] = set()
    for reservation, confirmation in zip(valid, confirmations, strict=True):
        by_confirmation = by_conf.get(confirmation)
        by_id = by_pms_id.get(reservation.id) if reservation.id else None
        if by_confirmation is not None and by_id is not None and by_confirmation.pk != by_id.pk:
            # The PMS ties this reservation to two different local stays: leave both alone.
            counts.skipped += 1
            logger.warning(
                "PMS sync %s: reservation matches two local stays (%s by confirmation, %s by PMS id); skipped",
                hotel.code,
                by_confirmation.pk,
                by_id.pk,
            )
            continue
        stay = by_confirmation or by_id
        if stay is not None and stay.pk in claimed:
            counts.skipped += 1
            logger.warning("PMS sync %s: two reservations match local stay %s; skipped", hotel.code, stay.pk)
            continue
        if stay is not None and fetched_at is not None and stay.updated_at > fetched_at:
            # Changed here while the PMS answer was on its way: that answer is older than our copy.
            counts.skipped += 1
            logger.info("PMS sync %s: stay %s changed locally during the fetch; kept", hotel.code, stay.pk)
            continue
        if stay is not None:
            claimed.add(stay.pk)
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
        profile_id = values.pop("pms_profile_id", "")
        if profile_id_free(guest, profile_id, known_guests.get(profile_id)):
            values["pms_profile_id"] = profile_id
        if _apply(guest, values) and guest.pk:
            changed_guests[guest.pk] = guest
        if guest.pms_profile_id:
            # From now on this guest holds the id: nobody else in the batch may take it.
            known_guests.setdefault(guest.pms_profile_id, guest)
        plan.append((reservation, confirmation, stay, guest))

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
    for reservation, confirmation, stay, guest in plan:
        room = rooms.get(reservation.room_number) if reservation.room_number else None
        values = {
            "pms_reservation_id": reservation.id[:64],
            "arrival": reservation.check_in_date,
            "departure": reservation.check_out_date,
            "room_type": (reservation.room_type or (stay.room_type if stay else ""))[:80],
            "status": status_from_pms(stay.status, reservation, stay.updated_at) if stay else reservation.status,
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
        counts.resolved[confirmation] = stay.pk
        before = {f: getattr(stay, f) for f in KEY_FIELDS}
        if _apply(stay, values) or guest_changed:
            announce_reservation_change(stay, before)
            stay.pms_synced_at = now
            stay.updated_at = now
            to_update.append(stay)
        else:
            unchanged_ids.append(stay.pk)

    if to_create:
        Stay.objects.bulk_create(to_create)
        for stay in to_create:
            counts.resolved[stay.confirmation_number] = stay.pk
    if to_update:
        Stay.objects.bulk_update(to_update, [*STAY_FIELDS, "pms_synced_at", "updated_at"], batch_size=BATCH_SIZE)
    if unchanged_ids:
        Stay.objects.filter(pk__in=unchanged_ids).update(pms_synced_at=now)
    counts.created += len(to_create)
    counts.updated += len(to_update)
    counts.unchanged += len(unchanged_ids)
    return counts


# Changes of these fields are announced (after commit) with `stays.signals.reservation_changed`:
# the keys app moves, extends or revokes the stay's key.
KEY_FIELDS = ("room_id", "departure", "status")


def announce_reservation_change(stay: Stay, before: dict) -> None:
    changed = [f for f, value in before.items() if getattr(stay, f) != value]
    if changed:
        from stays.signals import reservation_changed

        stay_id = stay.pk
        transaction.on_commit(lambda: reservation_changed.send(sender=Stay, stay_id=stay_id, changed=changed))


def upsert_reservations(hotel: Hotel, reservations: list[Reservation], *, fetched_at=None) -> UpsertCounts:
    counts = UpsertCounts()
    for start in range(0, len(reservations), BATCH_SIZE):
        counts.add(upsert_batch(hotel, reservations[start : start + BATCH_SIZE], fetched_at=fetched_at))
    return counts


def sync_hotel(*, hotel: Hotel, day: dt.date | None = None) -> PmsSyncRun:
    """Run one sync for `hotel` and `day` (hotel-local today by default) and record it.

    One sync per hotel at a time: when another is running, this one is recorded as failed
    ("skipped") without asking the PMS. Provider errors end the run as failed (recorded, not
    raised); anything else is recorded and raised.
    """
    day = day or hotel.local_today()
    with _hotel_sync_lock(hotel) as acquired:
        if not acquired:
            run = PmsSyncRun(hotel=hotel, business_date=day)
            _finish(run, status=PmsSyncRun.Status.FAILED, error="skipped: another sync of this hotel is running")
            logger.info("PMS sync %s skipped: another sync is running", hotel.code)
            return run
        _mark_interrupted_runs(hotel)
        return _run_sync(hotel, day)


def _run_sync(hotel: Hotel, day: dt.date) -> PmsSyncRun:
    run = PmsSyncRun.objects.create(hotel=hotel, business_date=day)
    try:
        pms = get_integration_manager(hotel).get_pms()
        fetched_at = timezone.now()  # stays changed after this keep their local state
        reservations = fetch_day(pms, day)
        counts = upsert_reservations(hotel, reservations, fetched_at=fetched_at)
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


def _stale_run_age() -> dt.timedelta:
    return dt.timedelta(minutes=2 * max(1, settings.PMS_SYNC_INTERVAL_MINUTES))


def _mark_interrupted_runs(hotel: Hotel) -> int:
    """Runs left "running" by a worker that died (older than twice the interval) end as failed."""
    return PmsSyncRun.objects.filter(
        hotel=hotel, status=PmsSyncRun.Status.RUNNING, started_at__lt=timezone.now() - _stale_run_age()
    ).update(status=PmsSyncRun.Status.FAILED, error="interrupted", finished_at=timezone.now())


class _hotel_sync_lock:
    """Per-hotel sync lock: a PostgreSQL session advisory lock (released by the server if the worker
    dies), else a cache lock that expires after twice the sync interval. Yields whether it was taken."""

    def __init__(self, hotel: Hotel):
        self.key = _lock_key("pms-sync", hotel.pk)
        self.cache_key = f"pms:sync-lock:{hotel.pk}"
        self.kind = ""

    def __enter__(self) -> bool:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
                taken = bool(cursor.fetchone()[0])
            self.kind = "pg" if taken else ""
            return taken
        try:
            taken = cache.add(self.cache_key, 1, timeout=int(_stale_run_age().total_seconds()))
        except Exception:  # no cache: run unlocked rather than never
            logger.warning("PMS sync lock unavailable (cache down); running unlocked")
            return True
        self.kind = "cache" if taken else ""
        return taken

    def __exit__(self, *exc_info) -> None:
        try:
            if self.kind == "pg":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [self.key])
            elif self.kind == "cache":
                cache.delete(self.cache_key)
        except Exception:
            logger.warning("PMS sync lock not released cleanly (it expires on its own)")


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
