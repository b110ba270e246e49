"""Rooms: which rooms a stay can get, giving it one, and housekeeping status after a departure.

Two active stays (confirmed or checked in) never share a room on overlapping nights. `assign_room`
checks that first (with the room row locked, so it works on every database and answers with a
message naming the other stay); on PostgreSQL the exclusion constraint `stay_room_no_overlap`
refuses it again at commit for anything that bypasses this service (a PMS sync, a shell, a race).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from integrations import realtime
from mystay.api.errors import Conflict
from stays.models import Room, Stay

ACTIVE_STATUSES = (Stay.Status.CONFIRMED, Stay.Status.CHECKED_IN)
READY_STATUSES = (Room.Status.CLEAN, Room.Status.INSPECTED)


class RoomUnavailable(Conflict):
    """The room cannot be given to this stay; `message` says why in words the front desk can act on."""

    default_code = "room_unavailable"
    default_detail = "This room is not available for this stay."

    def __init__(self, message=None, *, code=None):
        super().__init__(message, code=code)
        self.message = str(self.detail)

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class AssignableRoom:
    room: Room
    is_upgrade: bool  # another room type than the one booked

    @property
    def label(self) -> str:
        suffix = " — upgrade" if self.is_upgrade else ""
        return f"{self.room.number} · {self.room.room_type} · {self.room.get_status_display()}{suffix}"


def overlapping_stays(room: Room, arrival, departure, *, exclude_stay_id=None) -> QuerySet[Stay]:
    """Active stays in `room` with at least one night in [arrival, departure)."""
    qs = Stay.objects.filter(room=room, status__in=ACTIVE_STATUSES, arrival__lt=departure, departure__gt=arrival)
    if exclude_stay_id is not None:
        qs = qs.exclude(pk=exclude_stay_id)
    return qs


def occupied_room_ids(hotel_id: int, arrival, departure, *, exclude_stay_id=None) -> set[int]:
    qs = Stay.objects.filter(
        hotel_id=hotel_id,
        room__isnull=False,
        status__in=ACTIVE_STATUSES,
        arrival__lt=departure,
        departure__gt=arrival,
    )
    if exclude_stay_id is not None:
        qs = qs.exclude(pk=exclude_stay_id)
    return set(qs.values_list("room_id", flat=True))


def assignable_rooms(stay: Stay) -> list[AssignableRoom]:
    """Ready (clean or inspected), vacant rooms for the stay's nights: the booked type first, then
    the other types flagged as upgrades. Inspected rooms come before merely clean ones."""
    taken = occupied_room_ids(stay.hotel_id, stay.arrival, stay.departure, exclude_stay_id=stay.pk)
    rooms = Room.objects.filter(hotel_id=stay.hotel_id, status__in=READY_STATUSES).exclude(pk__in=taken)
    booked = (stay.room_type or "").strip().lower()
    result = [AssignableRoom(room=r, is_upgrade=bool(booked) and r.room_type.strip().lower() != booked) for r in rooms]
    result.sort(key=lambda a: (a.is_upgrade, a.room.status != Room.Status.INSPECTED, a.room.room_type, a.room.number))
    return result


def describe_stay(other: Stay) -> str:
    guest = other.guest.full_name if other.guest_id else ""
    who = f"{other.confirmation_number} ({guest})" if guest else other.confirmation_number
    return f"{who}, {other.arrival:%d %b} → {other.departure:%d %b}"


def assign_room(*, stay: Stay, room: Room, actor=None, require_ready: bool = False) -> Stay:
    """Give `room` to `stay`; raises RoomUnavailable with a message for the front desk.

    Refused: a room of another hotel, a room out of order, a stay that is over or cancelled, a room
    another active stay holds on any of these nights, and with `require_ready` (check-in: the guest
    walks in now) a room that is not clean or inspected. Moving a checked-in guest leaves the room
    they had dirty.
    """
    if room.hotel_id != stay.hotel_id:
        raise RoomUnavailable(f"Room {room.number} belongs to another hotel.", code="room_other_hotel")
    with transaction.atomic():
        # Lock the room so that two desks assigning it at the same moment queue up here.
        room = Room.objects.select_for_update().get(pk=room.pk)
        stay = Stay.objects.select_for_update().select_related("guest").get(pk=stay.pk)
        if stay.status not in ACTIVE_STATUSES:
            raise RoomUnavailable(
                f"Stay {stay.confirmation_number} is {stay.get_status_display().lower()}; it cannot get a room.",
                code="stay_not_active",
            )
        if room.status == Room.Status.OUT_OF_ORDER:
            raise RoomUnavailable(f"Room {room.number} is out of order.", code="room_out_of_order")
        if require_ready and room.status not in READY_STATUSES:
            raise RoomUnavailable(
                f"Room {room.number} is {room.get_status_display().lower()}: housekeeping has not released it yet.",
                code="room_not_ready",
            )
        if stay.room_id == room.pk:
            return stay
        other = (
            overlapping_stays(room, stay.arrival, stay.departure, exclude_stay_id=stay.pk)
            .select_related("guest")
            .order_by("arrival")
            .first()
        )
        if other is not None:
            raise RoomUnavailable(f"Room {room.number} is already assigned to {describe_stay(other)}.")
        previous_room_id = stay.room_id
        stay.room = room
        try:
            with transaction.atomic():
                stay.save(update_fields=["room", "updated_at"])
        except IntegrityError as exc:
            # The database's exclusion constraint: someone took the room between our check and the write.
            if "stay_room_no_overlap" not in str(exc):
                raise
            raise RoomUnavailable(f"Room {room.number} was just assigned to another stay on these nights.")
        if previous_room_id and stay.status == Stay.Status.CHECKED_IN:
            mark_room_dirty(Room.objects.get(pk=previous_room_id))
        realtime.publish(hotel_id=stay.hotel_id, type=realtime.STAY_UPDATED, stay_id=stay.pk, data={"room_id": room.pk})
    return stay


def unassign_room(*, stay: Stay, actor=None) -> Stay:
    if stay.room_id is None:
        return stay
    stay.room = None
    stay.save(update_fields=["room", "updated_at"])
    realtime.publish(hotel_id=stay.hotel_id, type=realtime.STAY_UPDATED, stay_id=stay.pk, data={"room_id": None})
    return stay


def mark_room_dirty(room: Room) -> Room:
    """After a departure (or a room move) housekeeping has to clean the room; out of order stays so."""
    current = Room.objects.filter(pk=room.pk).values_list("status", flat=True).first()
    if current not in (None, Room.Status.OUT_OF_ORDER, Room.Status.DIRTY):
        room.status = Room.Status.DIRTY
        room.save(update_fields=["status"])  # a save, not an update(): the room's history records it
    elif current is not None:
        room.status = current
    return room


def set_room_status(room: Room, status: str) -> Room:
    if status not in Room.Status.values:
        raise ValueError(status)
    room.status = status
    room.save(update_fields=["status"])
    return room


def occupied_today(hotel) -> set[int]:
    """Rooms with a checked-in guest right now."""
    today = hotel.local_today()
    return set(
        Stay.objects.filter(
            hotel=hotel, status=Stay.Status.CHECKED_IN, room__isnull=False, arrival__lte=today, departure__gte=today
        ).values_list("room_id", flat=True)
    )
