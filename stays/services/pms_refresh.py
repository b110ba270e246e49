"""Keep the local copy of a stay in step with the hotel's PMS."""

from __future__ import annotations

import logging

from django.utils import timezone

from integrations.manager import get_integration_manager
from stays.models import Room, Stay
from stays.providers.base import Reservation

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


def refresh_stay(stay: Stay) -> Stay:
    """Ask the PMS for the current reservation and apply it. Provider errors propagate."""
    reservation = get_integration_manager(stay.hotel).get_pms().get_reservation(stay.confirmation_number)
    if reservation is None:
        return stay
    return apply_reservation(stay, reservation)
