"""Keep the local copy of a stay in step with the hotel's PMS."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from integrations.exceptions import ProviderAuthFailed, ProviderBadResponse, ProviderTimeout, ProviderUnavailable
from integrations.manager import get_integration_manager
from stays.models import Room, Stay
from stays.providers.base import Reservation
from stays.text import normalize_confirmation

logger = logging.getLogger("mystay.stays")


def apply_reservation(stay: Stay, reservation: Reservation) -> Stay:
    """Copy what the PMS says onto the local stay and its guest; writes only what changed."""
    changed = []
    wanted = {
        "pms_reservation_id": reservation.id or stay.pms_reservation_id,
        "arrival": reservation.check_in_date,
        "departure": reservation.check_out_date,
        "room_type": reservation.room_type or stay.room_type,
        "status": reservation.status,
        "adults": reservation.adults or stay.adults,
        "children": reservation.children,
    }
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
        stay.pms_synced_at = timezone.now()
        stay.save(update_fields=[*changed, "pms_synced_at", "updated_at"])

    guest = stay.guest
    guest_changes = []
    for field, value in {
        "first_name": reservation.guest_first_name,
        "last_name": reservation.guest_last_name,
        "email": reservation.guest_email,
        "phone": reservation.guest_phone,
        "pms_profile_id": reservation.guest_id,
    }.items():
        if value and getattr(guest, field) != value:
            setattr(guest, field, value)
            guest_changes.append(field)
    if guest_changes:
        guest.save(update_fields=[*guest_changes, "updated_at"])
    return stay


# The PMS cannot answer right now: callers fall back to the local copy (and say it may be stale).
PMS_DOWN_ERRORS = (ProviderUnavailable, ProviderTimeout, ProviderBadResponse, ProviderAuthFailed)


def _fresh_key(hotel_id: int, confirmation: str) -> str:
    # Hashed: confirmation numbers do not belong in cache key listings.
    digest = hashlib.sha256(confirmation.encode()).hexdigest()[:32]
    return f"pms:fresh:{hotel_id}:{digest}"


def _recently_refreshed(stay: Stay) -> bool:
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


def fetch_reservation(hotel, confirmation: str) -> Reservation | None:
    """The hotel's PMS reservation for a confirmation number (None when it has none). Errors propagate."""
    return get_integration_manager(hotel).get_pms().get_reservation(confirmation)


def refresh_stay(stay: Stay, *, force: bool = False) -> Stay:
    """Ask the PMS for the current reservation and apply it. Provider errors propagate.

    A stay refreshed less than PMS_LOOKUP_CACHE_SECONDS ago is not asked for again (unless `force`):
    the local copy *is* the PMS's recent answer, so repeated lookups cost no PMS round trip. The
    marker (rather than a cached copy of the answer) can never undo a change made since.
    """
    if not force and _recently_refreshed(stay):
        return stay
    reservation = fetch_reservation(stay.hotel, stay.confirmation_number)
    if reservation is not None:
        stay = apply_reservation(stay, reservation)
    mark_refreshed(stay)
    return stay


def import_reservation(hotel, reservation: Reservation) -> Stay:
    """Store a reservation the PMS knows and we have never seen (guest, room and stay)."""
    from stays import selectors

    from .pms_sync import upsert_reservations

    upsert_reservations(hotel, [reservation])
    stay = selectors.stays_with_relations().get(
        hotel=hotel, confirmation_number=normalize_confirmation(reservation.confirmation_number)
    )
    mark_refreshed(stay)
    return stay
