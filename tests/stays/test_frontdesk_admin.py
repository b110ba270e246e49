import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stays import admin_extensions
from stays.admin_extensions import StayButton
from stays.models import Room, Stay
from stays.services import rooms

from .factories import RoomFactory, StaffFactory, StayFactory

pytestmark = pytest.mark.django_db


def counts(html):
    """{count name: first number} from the board's cards."""
    return {
        name: int(number)
        for name, number in re.findall(r'data-count="(\w+)">(?:<a [^>]*>)?<div class="fd-num">(\d+)', html)
    }


def make_day(hotel, n_extra=0):
    today = hotel.local_today()
    day = dt.timedelta(days=1)
    room = RoomFactory(hotel=hotel, number="101", status=Room.Status.INSPECTED)
    RoomFactory(hotel=hotel, number="102", status=Room.Status.DIRTY)
    RoomFactory(hotel=hotel, number="103", status=Room.Status.OUT_OF_ORDER)
    StayFactory(hotel=hotel, arrival=today, departure=today + day, room=room, guest__last_name="Arrivée")
    StayFactory(hotel=hotel, arrival=today, departure=today + 2 * day, online_checkin_status="completed")
    StayFactory(hotel=hotel, arrival=today, departure=today + day, status="checked_in", checked_in_at=None)
    StayFactory(hotel=hotel, arrival=today, departure=today + day, status="cancelled")  # not on the board
    StayFactory(hotel=hotel, arrival=today - 2 * day, departure=today + day, status="checked_in")
    StayFactory(hotel=hotel, arrival=today - 2 * day, departure=today, status="checked_in")  # due out
    StayFactory(hotel=hotel, arrival=today - 3 * day, departure=today, status="checked_out")  # left
    StayFactory(hotel=hotel, arrival=today + day, departure=today + 2 * day)  # tomorrow: not today
    for i in range(n_extra):
        StayFactory(hotel=hotel, arrival=today, departure=today + day, guest__last_name=f"Extra{i}")


def test_today_board_counts_match_the_data(client, hotel, other_hotel, front_desk):
    make_day(hotel)
    StayFactory(hotel=other_hotel, arrival=other_hotel.local_today())  # another hotel's arrival
    client.force_login(front_desk)
    html = client.get("/admin/").content.decode()
    assert counts(html) == {
        "arrivals": 3 - 1,  # 3 expected today, 1 already arrived
        "in_house": 3,
        "departures": 1,  # 2 due today, 1 already left
        "online_checkin": 1,
        "no_room": 1,
        "rooms_ready": 1,
    }
    assert "/ 3</span>" in html and "Arrivée" in html
    assert "Hotel time (Europe/Paris)" in html


def test_board_search_by_name_confirmation_or_room(client, hotel, front_desk):
    make_day(hotel)
    target = StayFactory(hotel=hotel, confirmation_number="FIND123", guest__last_name="Zoë")
    client.force_login(front_desk)
    for query in ["find123", "zoe", "FIND"]:
        html = client.get("/admin/", {"q": query}).content.decode()
        assert f"/admin/stays/stay/{target.pk}/change/" in html, query
    html = client.get("/admin/", {"q": "101"}).content.decode()
    assert "Search “101”" in html and "Arrivée" in html


def test_board_reads_a_fixed_number_of_queries(client, hotel, front_desk):
    make_day(hotel)
    client.force_login(front_desk)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    make_day_more = [StayFactory(hotel=hotel, arrival=hotel.local_today(), status="checked_in") for _ in range(15)]
    assert make_day_more
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")
    assert len(many) == len(few)


def test_board_quick_actions_check_in_arrivals_and_check_out_departures(client, hotel, front_desk):
    make_day(hotel)
    client.force_login(front_desk)
    html = client.get("/admin/").content.decode()
    arrival = Stay.objects.get(guest__last_name="Arrivée")
    due_out = Stay.objects.get(departure=hotel.local_today(), status="checked_in")
    assert f'href="/admin/journey/stay/{arrival.pk}/check-in/"' in html
    assert f'href="/admin/journey/stay/{due_out.pk}/check-out/"' in html
    in_house = Stay.objects.filter(status="checked_in").exclude(pk=due_out.pk).first()
    assert f"/admin/journey/stay/{in_house.pk}/check-out/" not in html  # leaves another day


def test_superuser_picks_a_hotel(client, hotel, other_hotel):
    StayFactory(hotel=other_hotel, arrival=other_hotel.local_today(), guest__last_name="Tanaka")
    StayFactory(hotel=hotel, arrival=hotel.local_today(), guest__last_name="Durand")
    boss = StaffFactory(hotel=None, role="", is_superuser=True, email="root@mystay.test")
    client.force_login(boss)
    tokyo = client.get("/admin/", {"hotel": "TYO"}).content.decode()
    assert "Tanaka" in tokyo and "Durand" not in tokyo and "Asia/Tokyo" in tokyo
    again = client.get("/admin/").content.decode()  # remembered
    assert "Tanaka" in again


def test_events_stream_needs_an_admin_session(client, hotel):
    assert client.get("/admin/today/events").status_code == 401
    boss = StaffFactory(hotel=None, role="", is_superuser=True, email="root@mystay.test")
    client.force_login(boss)
    refused = client.get("/admin/today/events", {"hotel": "NOPE"})
    assert refused.status_code == 400 and refused.json()["code"] == "hotel_required"


def test_stay_page_is_a_cockpit(client, hotel, front_desk):
    room = RoomFactory(hotel=hotel, number="204", status=Room.Status.DIRTY)
    stay = StayFactory(hotel=hotel, room=room, guest__first_name="Ana", guest__last_name="Lima")

    def buttons(request, s):
        return [StayButton("Issue key", f"/admin/keys/{s.pk}/", method="post", group="keys")]

    admin_extensions.register_stay_buttons(buttons)
    try:
        client.force_login(front_desk)
        html = client.get(f"/admin/stays/stay/{stay.pk}/change/").content.decode()
    finally:
        admin_extensions.STAY_BUTTON_PROVIDERS.remove(buttons)
    assert 'id="stay-cockpit"' in html and "Ana Lima" in html
    assert f'action="/admin/keys/{stay.pk}/"' in html and 'data-group="keys"' in html
    assert 'data-step="room"' in html and "Room 204" in html
    assert "come from the hotel" in html and stay.pms_reservation_id in html
    assert 'id="audit-history"' in html
    # What blocks check-in reads as sentences for the desk, not as data structures.
    assert 'data-blocker="identity_required"' in html and "Scan your ID document." in html
    assert "{&#x27;step&#x27;" not in html and "JourneyStep.Step" not in html


def test_history_shows_old_and_new_values_with_who(client, hotel, front_desk):
    room = RoomFactory(hotel=hotel, number="305")
    stay = StayFactory(hotel=hotel)
    client.force_login(front_desk)
    page = client.get(f"/admin/stays/stay/{stay.pk}/change/")
    assert page.status_code == 200
    rooms.assign_room(stay=stay, room=room)  # without a request: "system"
    room.status = Room.Status.DIRTY
    room.save()
    client.post(
        f"/admin/stays/room/{room.pk}/change/",
        {"hotel": hotel.pk, "number": "305", "room_type": "Suite", "status": "dirty"},
    )
    html = client.get(f"/admin/stays/stay/{stay.pk}/change/").content.decode()
    assert re.search(r"<b>room</b>: <del>—</del> → <ins>305 \(Suite\)</ins>", html)
    room_history = client.get(f"/admin/stays/room/{room.pk}/change/").content.decode()
    assert re.search(r"<b>status</b>: <del>Clean</del> → <ins>Dirty</ins>", room_history)
    assert re.search(r"<b>room type</b>: <del>Deluxe King</del> → <ins>Suite</ins>", room_history)
    assert front_desk.email in room_history


def test_tokyo_front_desk_sees_tokyo_times(client, other_hotel):
    tokyo_desk = StaffFactory(hotel=other_hotel, email="desk@tyo.test")
    stay = StayFactory(
        hotel=other_hotel,
        status="checked_in",
        checked_in_at=dt.datetime(2026, 11, 30, 6, 5, tzinfo=dt.UTC),  # 15:05 in Tokyo
    )
    client.force_login(tokyo_desk)
    html = client.get(f"/admin/stays/stay/{stay.pk}/change/").content.decode()
    assert "checked in 30 Nov 15:05" in html
    assert "hotel time (Asia/Tokyo)" in html


def test_superuser_sees_each_stay_in_its_hotels_time(client, hotel, other_hotel):
    at = dt.datetime(2026, 11, 30, 6, 5, tzinfo=dt.UTC)
    paris = StayFactory(hotel=hotel, status="checked_in", checked_in_at=at)
    tokyo = StayFactory(hotel=other_hotel, status="checked_in", checked_in_at=at)
    client.force_login(StaffFactory(hotel=None, role="", is_superuser=True, email="root@mystay.test"))
    assert "checked in 30 Nov 07:05" in client.get(f"/admin/stays/stay/{paris.pk}/change/").content.decode()
    assert "checked in 30 Nov 15:05" in client.get(f"/admin/stays/stay/{tokyo.pk}/change/").content.decode()


def test_day_filter_uses_the_hotels_today(client, other_hotel):
    tokyo_desk = StaffFactory(hotel=other_hotel, email="desk@tyo.test")
    today = other_hotel.local_today()
    arriving = StayFactory(hotel=other_hotel, arrival=today, confirmation_number="TYOTODAY")
    StayFactory(hotel=other_hotel, arrival=today + dt.timedelta(days=1), confirmation_number="TYOLATER")
    client.force_login(tokyo_desk)
    html = client.get("/admin/stays/stay/", {"day": "arrivals"}).content.decode()
    assert arriving.confirmation_number in html and "TYOLATER" not in html
    assert "arrival__gte" not in html  # no second, UTC-based "today" filter on the list
