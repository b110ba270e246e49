"""Spa admin: the day by therapist, booking for a guest from the stay page, cancel with or without fee,
completed / no-show; everything scoped to the staff member's hotel."""

import re
import uuid

import pytest

from spa.admin import spa_stay_buttons
from spa.models import SpaBooking, SpaSettings
from spa.services.bookings import book
from tests.stays.factories import StaffFactory, StayFactory

from .helpers import local_time

pytestmark = pytest.mark.django_db
MASSAGE = "par-signature-60"


@pytest.fixture
def spa_desk(client, hotel):
    user = StaffFactory(hotel=hotel, email="spa@par.test", departments=["spa"])
    client.force_login(user)
    client.user = user
    return client


def booked(stay, hour, practitioner="par-camille", days=1):
    return book(
        stay=stay,
        service_id=MASSAGE,
        start=local_time(stay.hotel, days, hour),
        practitioner_id=practitioner,
        client_key=str(uuid.uuid4()),
    ).booking


def test_day_board_by_therapist_and_time(spa_desk, stay, hotel, other_hotel):
    booked(stay, 15, "par-lucas")
    booked(stay, 11)
    other_stay = StayFactory(hotel=hotel)
    booked(other_stay, 9)
    foreign = StayFactory(hotel=other_hotel)
    SpaBooking.objects.create(
        hotel=other_hotel, stay=foreign, guest=foreign.guest, provider="mock", service_id="x",
        service_name="Tokyo only",
        duration_minutes=60, practitioner_id="t", practitioner_name="Yui Tanaka", starts_at=local_time(hotel, 1, 10),
        ends_at=local_time(hotel, 1, 11), price=1, currency="JPY", status="confirmed",
    )  # fmt: skip
    day = local_time(hotel, 1, 9).date()
    page = spa_desk.get(f"/admin/spa/spabooking/day/?date={day}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tokyo only" not in html and "Yui Tanaka" not in html
    camille, lucas = html.index("Camille Martin"), html.index("Lucas Bernard")
    assert camille < lucas  # therapists in order, each with their day in time order
    section = html[camille:lucas]
    assert section.index("09:00–10:00") < section.index("11:00–12:00")
    assert "15:00–16:00" in html[lucas:]
    assert html.count("/cancel/") == 3


def test_stay_page_button_then_book_for_guest(spa_desk, stay, rf):
    request = rf.get("/")
    request.user = spa_desk.user
    labels = {b.label: b for b in spa_stay_buttons(request, stay)}
    assert labels["Book spa treatment"].url == f"/admin/spa/spabooking/book/{stay.pk}/"
    assert labels["Spa bookings (0)"].group == "spa"

    day = local_time(stay.hotel, 1, 9).date()
    search = spa_desk.get(f"/admin/spa/spabooking/book/{stay.pk}/", {"service": MASSAGE, "day": day.isoformat()})
    assert search.status_code == 200
    html = search.content.decode()
    start = local_time(stay.hotel, 1, 13)
    value = f"{start.isoformat()}|par-lucas"
    assert value in html
    token = re.search(r'name="token" value="([0-9a-f-]+)"', html).group(1)
    posted = {"service": MASSAGE, "day": day.isoformat(), "slot": value, "token": token, "notes": "Allergic to nuts"}
    done = spa_desk.post(f"/admin/spa/spabooking/book/{stay.pk}/", posted)
    assert done.status_code == 302 and done["Location"] == f"/admin/stays/stay/{stay.pk}/change/"
    # A double submit of the same form books once.
    spa_desk.post(f"/admin/spa/spabooking/book/{stay.pk}/", posted)
    booking = SpaBooking.objects.get()
    assert (booking.status, booking.practitioner_id, booking.starts_at) == ("confirmed", "par-lucas", start)
    assert booking.created_by == spa_desk.user and booking.notes == "Allergic to nuts"


def test_cancel_with_fee_or_waived(spa_desk, stay, hotel):
    SpaSettings.objects.create(hotel=hotel, free_cancellation_hours=72, late_cancellation_fee_percent=50)
    charged, waived = booked(stay, 10), booked(stay, 14)
    page = spa_desk.get(f"/admin/spa/spabooking/{charged.pk}/cancel/")
    assert b"60.00 EUR" in page.content
    spa_desk.post(f"/admin/spa/spabooking/{charged.pk}/cancel/", {"reason": "Guest asked late"})
    spa_desk.post(f"/admin/spa/spabooking/{waived.pk}/cancel/", {"waive_fee": "on"})
    charged.refresh_from_db()
    waived.refresh_from_db()
    assert (charged.status, charged.charge_status, str(charged.charge_amount)) == ("cancelled", "charged", "60.00")
    assert charged.cancelled_by == spa_desk.user and charged.cancel_reason == "Guest asked late"
    assert (waived.status, waived.fee_waived, waived.charge_status) == ("cancelled", True, "waived")


def test_complete_and_no_show_actions(spa_desk, stay):
    done, missed = booked(stay, 10), booked(stay, 14)
    url = "/admin/spa/spabooking/"
    spa_desk.post(url, {"action": "mark_completed", "_selected_action": [done.pk]})
    spa_desk.post(url, {"action": "mark_no_show_waived", "_selected_action": [missed.pk]})
    done.refresh_from_db()
    missed.refresh_from_db()
    assert (done.status, done.charge_status, done.charge_amount) == ("completed", "charged", done.price)
    assert (missed.status, missed.charge_status) == ("no_show", "waived")


def test_other_hotels_staff_cannot_touch(client, stay, other_hotel):
    booking = booked(stay, 10)
    client.force_login(StaffFactory(hotel=other_hotel, email="desk@tyo.test"))
    assert client.get(f"/admin/spa/spabooking/{booking.pk}/cancel/").status_code == 403
    assert client.get(f"/admin/spa/spabooking/book/{stay.pk}/").status_code == 404
    assert booking.practitioner_name.encode() not in client.get("/admin/spa/spabooking/day/").content
