"""Keep the local copy of a stay in step with the hotel's PMS."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.crypto import DecryptionError
from integrations.exceptions import ProviderAuthFailed, ProviderBadResponse, ProviderTimeout, ProviderUnavailable
from integrations.manager import get_integration_manager
from stays.models import Guest, Room, Stay
from stays.providers.base import Reservation
from stays.text import normalize_confirmation

from .pms_sync import announce_reservation_change, profile_id_free

logger = logging.getLogger("mystay.stays")


def apply_reservation(stay: Stay, reservation: Reservation, *, fetched_at=None) -> Stay:
    """Copy what the PMS says onto the local stay and its guest; writes only what changed.

    An invalid answer (a day use, an unknown status, no confirmation) leaves the local copy as it is.
    The status never moves backwards (see `status_from_pms`), and with `fetched_at` (when the PMS was
    asked) a stay changed locally since then is not overwritten with the older answer.
    """
    from .pms_sync import _valid, status_from_pms

    if not _valid(reservation):
        logger.warning(
            "PMS refresh %s: invalid reservation data for stay %s; local copy kept", stay.hotel.code, stay.pk
        )
        return stay
    changed = []
    wanted = {
        "pms_reservation_id": reservation.id or stay.pms_reservation_id,
        "arrival": reservation.check_in_date,
        "departure": reservation.check_out_date,
        "room_type": reservation.room_type or stay.room_type,
        "status": status_from_pms(stay.status, reservation, stay.updated_at),
        "adults": reservation.adults or stay.adults,
        "children": reservation.children,
    }
    if wanted["pms_reservation_id"] != stay.pms_reservation_id and (
        Stay.objects.filter(hotel_id=stay.hotel_id, pms_reservation_id=wanted["pms_reservation_id"])
        .exclude(pk=stay.pk)
        .exists()
    ):
        logger.warning("PMS refresh %s: PMS id of stay %s belongs to another stay; kept", stay.hotel.code, stay.pk)
        wanted["pms_reservation_id"] = stay.pms_reservation_id
    before_room_id = stay.room_id
    before_values = {f: getattr(stay, f) for f in ("departure", "status")}
    for field, value in wanted.items():
        if getattr(stay, field) != value:
            setattr(stay, field, value)
            changed.append(field)
    current_room = stay.room.number if stay.room_id else None
    if reservation.room_number and reservation.room_number != current_room:
        room, _ = Room.objects.get_or_create(
            hotel=stay.hotel,
            number=reservation.room_number,
            defaults={"room_type": reservation.room_type or ""},
        )
        stay.room = room
        changed.append("room")
    if changed:
        before = {"room_id": before_room_id, **before_values}
        now = timezone.now()
        values = {
            ("room_id" if f == "room" else f): (stay.room_id if f == "room" else getattr(stay, f)) for f in changed
        }
        rows = Stay.objects.filter(pk=stay.pk)
        if fetched_at is not None:
            rows = rows.filter(updated_at__lte=fetched_at)
        if rows.update(**values, pms_synced_at=now, updated_at=now):
            stay.pms_synced_at = stay.updated_at = now
            announce_reservation_change(stay, before)
        else:
            # Changed here while the PMS answer was on its way: keep ours (the PMS answer is older).
            stay.refresh_from_db()
            logger.info("PMS refresh %s: stay %s changed locally during the fetch; kept", stay.hotel.code, stay.pk)
            return stay

    guest = stay.guest
    guest_changes = []
    for field, value in {
        "first_name": reservation.guest_first_name,
        "last_name": reservation.guest_last_name,
        "email": reservation.guest_email,
        "phone": reservation.guest_phone,
    }.items():
        if value and getattr(guest, field) != value:
            setattr(guest, field, value)
            guest_changes.append(field)
    profile_id = reservation.guest_id[:64]
    if profile_id and guest.pms_profile_id != profile_id:
        holder = Guest.objects.filter(hotel_id=guest.hotel_id, pms_profile_id=profile_id).exclude(pk=guest.pk).first()
        # Taken only when no other guest of the hotel holds it (it may replace ours: profiles get merged).
        if profile_id_free(guest, profile_id, holder) or holder is None:
            guest.pms_profile_id = profile_id
            guest_changes.append("pms_profile_id")
        else:
            logger.warning(
                "PMS refresh %s: profile id of guest %s held by another guest; kept", stay.hotel.code, guest.pk
            )
    if guest_changes:
        try:
            with transaction.atomic():
                guest.save(update_fields=[*guest_changes, "updated_at"])
        except IntegrityError:  # another request gave the profile id to someone else meanwhile
            if "pms_profile_id" not in guest_changes:
                raise
            guest_changes.remove("pms_profile_id")
            guest.pms_profile_id = Guest.objects.filter(pk=guest.pk).values_list("pms_profile_id", flat=True).first()
            if guest_changes:
                guest.save(update_fields=[*guest_changes, "updated_at"])
    return stay


# The PMS cannot answer right now: callers fall back to the local copy (and say it may be stale).
PMS_DOWN_ERRORS = (ProviderUnavailable, ProviderTimeout, ProviderBadResponse, ProviderAuthFailed)


def _fresh_key(hotel_id: int, confirmation: str) -> str:
    # Hashed: confirmation numbers do not belong in cache key listings.
    digest = hashlib.sha256(confirmation.encode()).hexdigest()[:32]
    return f"pms:fresh:{hotel_id}:{digest}"


def freshness_key(stay: Stay) -> str:
    """The cache key of the stay's marker (set while the stay counts as just refreshed)."""
    return _fresh_key(stay.hotel_id, stay.confirmation_number)


def recently_refreshed(stay: Stay) -> bool:
    try:
        return bool(cache.get(_fresh_key(stay.hotel_id, stay.confirmation_number)))
    except Exception:  # no cache: ask the PMS
        return False


def mark_refreshed(stay: Stay) -> None:
    ttl = settings.PMS_LOOKUP_CACHE_SECONDS
    if ttl > 0:
        try:
            cache.set(_fresh_key(stay.hotel_id, stay.confirmation_number), 1, timeout=ttl)
        except Exception:
            logger.warning("PMS refresh marker not cached (cache unavailable)")


def forget_refresh(stay: Stay) -> None:
    """Make the next lookup ask the PMS again (call after changing the stay at the PMS)."""
    try:
        cache.delete(_fresh_key(stay.hotel_id, stay.confirmation_number))
    except Exception:
        logger.warning("PMS refresh marker not dropped (cache unavailable)")


def hotel_pms(hotel):
    """The hotel's PMS provider, or None when the hotel has no PMS (its local copy is the truth).

    A configuration that cannot be read (a secret encrypted with a retired key, a broken record) is
    the PMS being unavailable, not a server error.
    """
    manager = get_integration_manager(hotel)
    try:
        if not manager.is_configured("pms"):
            return None
        return manager.get_pms()
    except ProviderUnavailable:
        raise
    except DecryptionError:
        logger.warning("PMS of %s unavailable: its configuration cannot be decrypted", hotel.code)
        raise ProviderUnavailable(capability="pms") from None


def fetch_reservation(hotel, confirmation: str, *, interactive: bool = False) -> Reservation | None:
    """The hotel's PMS reservation for a confirmation number (None when it has none, or when the hotel
    has no PMS). Errors propagate. `interactive`: a guest is waiting, so one short budget, no retries."""
    pms = hotel_pms(hotel)
    if pms is None:
        return None
    if interactive:
        return pms.get_reservation(confirmation, interactive=True)
    return pms.get_reservation(confirmation)


def refresh_stay(stay: Stay, *, force: bool = False, interactive: bool = False, fresh: bool | None = None) -> Stay:
    """Ask the PMS for the current reservation and apply it. Provider errors propagate.

    A stay refreshed less than PMS_LOOKUP_CACHE_SECONDS ago is not asked for again (unless `force`):
    the local copy *is* the PMS's recent answer, so repeated lookups cost no PMS round trip. The
    marker (rather than a cached copy of the answer) can never undo a change made since. A hotel
    without a PMS answers from its local copy. `fresh`: what `recently_refreshed(stay)` said, when
    the caller has asked already.
    """
    if not force and (recently_refreshed(stay) if fresh is None else fresh):
        return stay
    pms = hotel_pms(stay.hotel)
    if pms is None:
        return stay
    fetched_at = timezone.now()
    if interactive:
        reservation = pms.get_reservation(stay.confirmation_number, interactive=True)
    else:
        reservation = pms.get_reservation(stay.confirmation_number)
    if reservation is not None:
        stay = apply_reservation(stay, reservation, fetched_at=fetched_at)
    mark_refreshed(stay)
    return stay


def import_reservation(hotel, reservation: Reservation) -> Stay | None:
    """Store a reservation the PMS knows and we have never seen (guest, room and stay).

    Returns the local stay the reservation was stored as, or None when it could not be stored
    (invalid data such as a day use, or a reservation that conflicts with two local stays).
    """
    from stays import selectors

    from .pms_sync import upsert_reservations

    confirmation = normalize_confirmation(reservation.confirmation_number)
    try:
        counts = upsert_reservations(hotel, [reservation], fetched_at=timezone.now())
    except IntegrityError:
        # Stored meanwhile by another request (e.g. a sync): the second attempt finds it and updates it.
        counts = upsert_reservations(hotel, [reservation], fetched_at=timezone.now())
    stay_id = counts.resolved.get(confirmation)
    if stay_id is None:
        return None
    stay = selectors.stays_with_relations().filter(pk=stay_id).first()
    if stay is not None:
        mark_refreshed(stay)
    return stay
