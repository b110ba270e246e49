"""The front desk in a real browser (Debian chromium, 1280 px wide): the Today board's counts, a
double room assignment refused with its message, and a Tokyo desk seeing Tokyo times."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from stays.models import Room, Stay
from tests.stays.factories import RoomFactory, StaffFactory, StayFactory
from tests.stays.test_frontdesk_admin import make_day

from .browser import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def first_number(text):
    return int(re.match(r"\s*(\d+)", text).group(1))


def test_today_board_counts_match_the_data(page, hotel):
    make_day(hotel)
    desk = StaffFactory(hotel=hotel, email="desk@par.test")
    today = hotel.local_today()
    live = Stay.objects.filter(hotel=hotel).exclude(status__in=["cancelled", "no_show"])
    expected = {
        "arrivals": live.filter(arrival=today, status="confirmed").count(),
        "in_house": live.filter(status="checked_in").count(),
        "departures": live.filter(departure=today, status="checked_in").count(),
        "rooms_ready": Room.objects.filter(hotel=hotel, status__in=["clean", "inspected"]).count(),
    }

    login(page, desk.email)
    shown = {name: first_number(page.locator(f'[data-count="{name}"] .fd-num').inner_text()) for name in expected}
    assert shown == expected
    assert page.locator("#fd-arrivals + .fd-table-wrap tbody tr").count() == live.filter(arrival=today).count()
    screenshot(page, "today-board")

    page.fill("input[name=q]", "Arrivée")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("text=Search “Arrivée”")
    assert page.locator("table[data-kind=search] tbody tr").count() == 1

    # The stay list at 1280 px: nothing cut off, the status column in view without scrolling.
    page.goto("/admin/stays/stay/")
    header = page.locator("th.column-status_").bounding_box()
    assert header is not None and header["x"] + header["width"] <= 1280
    screenshot(page, "stay-list-1280", full_page=False)


def test_double_room_assignment_is_refused_with_its_message(page, hotel):
    taken = RoomFactory(hotel=hotel, number="701", status=Room.Status.INSPECTED)
    free = RoomFactory(hotel=hotel, number="702", status=Room.Status.CLEAN)
    today = hotel.local_today()
    StayFactory(
        hotel=hotel,
        arrival=today,
        departure=today + dt.timedelta(days=2),
        room=taken,
        confirmation_number="HOLDER1",
        guest__last_name="Holder",
    )
    stay = StayFactory(
        hotel=hotel,
        arrival=today,
        departure=today + dt.timedelta(days=1),
        confirmation_number="WANTS1",
        guest__last_name="Wants",
    )
    desk = StaffFactory(hotel=hotel, email="desk@par.test")

    login(page, desk.email)
    page.goto(f"/admin/stays/stay/{stay.pk}/change/")
    page.select_option("select[name=room]", str(taken.pk))
    page.click("button[name=_continue]")
    error = page.locator("text=Room 701 is already assigned to HOLDER1")
    error.wait_for()
    screenshot(page, "double-booking-refused")
    stay.refresh_from_db()
    assert stay.room is None

    page.select_option("select[name=room]", str(free.pk))
    page.click("button[name=_continue]")
    page.wait_for_selector("text=was changed successfully")
    stay.refresh_from_db()
    assert stay.room == free
    assert page.locator("#audit-history").inner_text().count("702") >= 1
    assert desk.email in page.locator("#audit-history").inner_text()
    screenshot(page, "stay-cockpit")


def test_tokyo_front_desk_sees_tokyo_times(page, other_hotel):
    tokyo = ZoneInfo("Asia/Tokyo")
    at = dt.datetime(2026, 11, 30, 6, 5, tzinfo=dt.UTC)  # 15:05 in Tokyo, 07:05 in Paris
    stay = StayFactory(
        hotel=other_hotel,
        arrival=other_hotel.local_today(),
        status="checked_in",
        checked_in_at=at,
        guest__last_name="Satō",
    )
    desk = StaffFactory(hotel=other_hotel, email="desk@tyo.test")

    login(page, desk.email)
    clock = page.locator("#fd-hotel-time").inner_text()
    now = timezone.now().astimezone(tokyo)
    assert clock in {now.strftime("%H:%M"), (now - dt.timedelta(minutes=1)).strftime("%H:%M")}
    screenshot(page, "today-board-tokyo")

    page.goto(f"/admin/stays/stay/{stay.pk}/change/")
    assert "checked in 30 Nov 15:05" in page.locator("#stay-cockpit").inner_text()
    assert "Asia/Tokyo" in page.locator("#stay-cockpit").inner_text()
    screenshot(page, "stay-cockpit-tokyo")


def test_front_desk_checks_a_guest_in_with_a_room_and_a_key_then_out(page, hotel):
    from rest_framework.test import APIClient

    from keys.models import DigitalKey
    from stays.models import JourneySettings
    from tests.journey.conftest import add_card, bearer, register

    JourneySettings.objects.create(hotel=hotel, early_checkin_allowed=True, terms_version="2026-01")
    RoomFactory(hotel=hotel, number="201", room_type="Deluxe King", status=Room.Status.DIRTY)
    ready = RoomFactory(hotel=hotel, number="202", room_type="Deluxe King", status=Room.Status.INSPECTED)
    today = hotel.local_today()
    stay = StayFactory(
        hotel=hotel,
        confirmation_number="PAR2001",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        room_type="Deluxe King",
        guest__last_name="Moreau",
    )
    api = bearer(APIClient(), stay)  # the guest saved a card and registered online
    assert add_card(api).status_code == 200 and register(api).status_code == 200
    desk = StaffFactory(hotel=hotel, email="desk@par.test")

    login(page, desk.email)
    row = page.locator("#fd-arrivals + .fd-table-wrap tbody tr", has_text="Moreau")
    row.get_by_role("link", name="Check in…").click()
    page.wait_for_selector("#journey-room")
    assert page.locator("#journey-room option").nth(1).inner_text().startswith("202")  # the booked type first
    page.select_option("#journey-room", str(ready.pk))
    page.check("#journey-id-checked")
    screenshot(page, "journey-check-in")
    page.click("#journey-submit")
    page.wait_for_selector("text=is checked in to room 202")
    stay.refresh_from_db()
    assert stay.status == "checked_in" and stay.room == ready
    assert DigitalKey.objects.get(stay=stay).status == "active"
    assert "Checked in" in page.locator("#stay-cockpit").inner_text()
    screenshot(page, "journey-checked-in")

    page.goto("/admin/")
    in_house = page.locator("#fd-in-house + .fd-table-wrap tbody tr", has_text="Moreau")
    in_house.get_by_role("link", name="Open").click()
    page.locator("#stay-buttons").get_by_role("link", name="Check out…").click()
    page.click("#journey-submit")
    page.wait_for_selector("text=is checked out")
    stay.refresh_from_db()
    ready.refresh_from_db()
    assert stay.status == "checked_out" and ready.status == Room.Status.DIRTY
    assert DigitalKey.objects.get(stay=stay).status == "revoked"
    screenshot(page, "journey-checked-out")
