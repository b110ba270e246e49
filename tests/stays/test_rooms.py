import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stays.models import Room, Stay
from stays.services import rooms
from stays.services.rooms import RoomUnavailable

from .factories import RoomFactory, StaffFactory, StayFactory

pytestmark = pytest.mark.django_db

D = dt.date(2026, 12, 10)


def _stay(hotel, arrival=D, nights=2, **kwargs):
    return StayFactory(hotel=hotel, arrival=arrival, departure=arrival + dt.timedelta(days=nights), **kwargs)


def test_assignable_rooms_ready_vacant_booked_type_first_upgrades_flagged(hotel, other_hotel):
    deluxe_clean = RoomFactory(hotel=hotel, number="101", room_type="Deluxe King", status=Room.Status.CLEAN)
    deluxe_inspected = RoomFactory(hotel=hotel, number="102", room_type="Deluxe King", status=Room.Status.INSPECTED)
    RoomFactory(hotel=hotel, number="103", room_type="Deluxe King", status=Room.Status.DIRTY)
    RoomFactory(hotel=hotel, number="104", room_type="Deluxe King", status=Room.Status.OUT_OF_ORDER)
    taken = RoomFactory(hotel=hotel, number="105", room_type="Deluxe King", status=Room.Status.CLEAN)
    suite = RoomFactory(hotel=hotel, number="501", room_type="Suite", status=Room.Status.CLEAN)
    RoomFactory(hotel=other_hotel, number="101", room_type="Deluxe King", status=Room.Status.CLEAN)
    _stay(hotel, arrival=D - dt.timedelta(days=1), nights=2, room=taken)  # holds the night of D
    stay = _stay(hotel, room_type="Deluxe King")

    offered = rooms.assignable_rooms(stay)

    assert [(a.room.number, a.is_upgrade) for a in offered] == [("102", False), ("101", False), ("501", True)]
    assert offered[0].room == deluxe_inspected and offered[1].room == deluxe_clean and offered[2].room == suite
    assert "upgrade" in offered[2].label


def test_a_room_free_again_after_departure_day_is_offered(hotel):
    room = RoomFactory(hotel=hotel, number="201", room_type="Deluxe King")
    _stay(hotel, arrival=D - dt.timedelta(days=2), nights=2, room=room)  # leaves on D
    stay = _stay(hotel)
    assert [a.room for a in rooms.assignable_rooms(stay)] == [room]
    assert rooms.assign_room(stay=stay, room=room).room == room


def test_double_assignment_refused_with_a_message_naming_the_other_stay(hotel):
    room = RoomFactory(hotel=hotel, number="301")
    first = _stay(hotel, confirmation_number="FIRST1", guest__last_name="Martin")
    second = _stay(hotel, arrival=D + dt.timedelta(days=1), confirmation_number="SECOND1")
    rooms.assign_room(stay=first, room=room)

    with pytest.raises(RoomUnavailable) as refused:
        rooms.assign_room(stay=second, room=room)

    assert refused.value.error_code == "room_unavailable"
    assert refused.value.status_code == 409
    assert "Room 301 is already assigned to FIRST1 (Hélène Martin)" in refused.value.message
    second.refresh_from_db()
    assert second.room is None


def test_cancelled_and_checked_out_stays_do_not_hold_the_room(hotel):
    room = RoomFactory(hotel=hotel, number="302")
    _stay(hotel, room=room, status=Stay.Status.CANCELLED)
    _stay(hotel, room=room, status=Stay.Status.CHECKED_OUT)
    stay = _stay(hotel)
    assert rooms.assign_room(stay=stay, room=room).room_id == room.pk


def test_out_of_order_other_hotel_and_finished_stays_refused(hotel, other_hotel):
    stay = _stay(hotel)
    with pytest.raises(RoomUnavailable, match="out of order"):
        rooms.assign_room(stay=stay, room=RoomFactory(hotel=hotel, status=Room.Status.OUT_OF_ORDER))
    with pytest.raises(RoomUnavailable, match="another hotel") as other:
        rooms.assign_room(stay=stay, room=RoomFactory(hotel=other_hotel))
    assert other.value.error_code == "room_other_hotel"
    done = _stay(hotel, status=Stay.Status.CHECKED_OUT)
    with pytest.raises(RoomUnavailable, match="checked out"):
        rooms.assign_room(stay=done, room=RoomFactory(hotel=hotel))


def test_require_ready_refuses_a_dirty_room(hotel):
    stay = _stay(hotel)
    dirty = RoomFactory(hotel=hotel, number="401", status=Room.Status.DIRTY)
    with pytest.raises(RoomUnavailable, match="Room 401 is dirty") as refused:
        rooms.assign_room(stay=stay, room=dirty, require_ready=True)
    assert refused.value.error_code == "room_not_ready"
    assert rooms.assign_room(stay=stay, room=dirty).room == dirty  # a later arrival: cleaned by then


def test_database_refuses_overlap_that_bypasses_the_service(hotel):
    room = RoomFactory(hotel=hotel)
    _stay(hotel, room=room)
    with pytest.raises(IntegrityError, match="stay_room_no_overlap"), transaction.atomic():
        _stay(hotel, arrival=D + dt.timedelta(days=1), room=room, status=Stay.Status.CHECKED_IN)
    # Back to back is fine, and so is an overlap with a cancelled stay.
    _stay(hotel, arrival=D + dt.timedelta(days=2), room=room)
    _stay(hotel, room=room, status=Stay.Status.CANCELLED)


def test_model_validation_reports_the_overlap(hotel):
    room = RoomFactory(hotel=hotel)
    _stay(hotel, room=room)
    guest = _stay(hotel).guest
    clash = Stay(hotel=hotel, guest=guest, confirmation_number="X", arrival=D, departure=D + dt.timedelta(1))
    clash.room = room
    with pytest.raises(ValidationError, match="already assigned to another stay"):
        clash.full_clean()


def test_moving_a_checked_in_guest_leaves_the_old_room_dirty(hotel):
    old = RoomFactory(hotel=hotel, status=Room.Status.CLEAN)
    new = RoomFactory(hotel=hotel, status=Room.Status.INSPECTED)
    stay = _stay(hotel, room=old, status=Stay.Status.CHECKED_IN)
    rooms.assign_room(stay=stay, room=new)
    old.refresh_from_db()
    assert old.status == Room.Status.DIRTY


def test_mark_room_dirty_keeps_out_of_order(hotel):
    clean = RoomFactory(hotel=hotel, status=Room.Status.INSPECTED)
    broken = RoomFactory(hotel=hotel, status=Room.Status.OUT_OF_ORDER)
    assert rooms.mark_room_dirty(clean).status == Room.Status.DIRTY
    clean.refresh_from_db()
    assert clean.status == Room.Status.DIRTY
    rooms.mark_room_dirty(broken)
    broken.refresh_from_db()
    assert broken.status == Room.Status.OUT_OF_ORDER


def test_staff_api_assigns_a_room_and_refuses_a_double_booking(api, hotel):
    staff = StaffFactory(hotel=hotel)
    room = RoomFactory(hotel=hotel, number="601")
    first = _stay(hotel, confirmation_number="APIONE")
    second = _stay(hotel, confirmation_number="APITWO")
    api.force_authenticate(staff)

    offered = api.get(f"/api/v1/staff/stays/{first.pk}/rooms")
    assert offered.status_code == 200
    assert offered.json()[0] == {
        "id": room.pk,
        "number": "601",
        "room_type": "Deluxe King",
        "status": "clean",
        "is_upgrade": False,
    }
    assert api.post(f"/api/v1/staff/stays/{first.pk}/room", {"room": "601"}, format="json").status_code == 200

    refused = api.post(f"/api/v1/staff/stays/{second.pk}/room", {"room": "601"}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "room_unavailable"
    assert "Room 601 is already assigned to APIONE" in refused.json()["message"]
    unknown = api.post(f"/api/v1/staff/stays/{second.pk}/room", {"room": "999"}, format="json")
    assert unknown.status_code == 404 and unknown.json()["code"] == "room_not_found"


def test_admin_stay_form_refuses_a_double_booking_with_its_message(client, hotel):
    client.force_login(StaffFactory(hotel=hotel))
    room = RoomFactory(hotel=hotel, number="701")
    _stay(hotel, room=room, confirmation_number="HOLDER1", guest__last_name="Holder")
    second = _stay(hotel, confirmation_number="WANTS1")
    data = {
        "hotel": hotel.pk,
        "confirmation_number": "WANTS1",
        "guest": second.guest_id,
        "arrival": D,
        "departure": D + dt.timedelta(days=2),
        "room": room.pk,
        "adults": 1,
        "children": 0,
        "status": "confirmed",
        "online_checkin_status": "not_started",
    }
    page = client.post(f"/admin/stays/stay/{second.pk}/change/", data)
    assert page.status_code == 200
    assert "Room 701 is already assigned to HOLDER1 (Hélène Holder)" in page.content.decode()
    second.refresh_from_db()
    assert second.room is None
