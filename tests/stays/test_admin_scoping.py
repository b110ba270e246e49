import pytest

from stays.models import Stay

from .factories import StaffFactory, StayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hotels(hotel, other_hotel):
    mine = StayFactory(hotel=hotel, confirmation_number="MINE1", guest__last_name="Mine")
    theirs = StayFactory(hotel=other_hotel, confirmation_number="THEIRS1", guest__last_name="Theirs")
    return mine, theirs


def test_front_desk_lists_only_own_hotel(client, front_desk, two_hotels):
    client.force_login(front_desk)
    page = client.get("/admin/stays/stay/")
    assert page.status_code == 200
    assert b"MINE1" in page.content
    assert b"THEIRS1" not in page.content
    guests = client.get("/admin/stays/guest/")
    assert b"Mine" in guests.content and b"Theirs" not in guests.content


def test_front_desk_cannot_open_or_change_other_hotel_stay(client, front_desk, two_hotels):
    _, theirs = two_hotels
    client.force_login(front_desk)
    opened = client.get(f"/admin/stays/stay/{theirs.pk}/change/")
    assert opened.status_code == 302  # the admin answers "does not exist" and goes back to the index
    posted = client.post(
        f"/admin/stays/stay/{theirs.pk}/change/",
        {
            "hotel": theirs.hotel_id,
            "confirmation_number": "HACKED",
            "guest": theirs.guest_id,
            "arrival": theirs.arrival,
            "departure": theirs.departure,
            "adults": 1,
            "children": 0,
            "status": "cancelled",
            "online_checkin_status": "not_started",
        },
    )
    assert posted.status_code == 302
    theirs.refresh_from_db()
    assert theirs.confirmation_number == "THEIRS1" and theirs.status == "confirmed"


def test_front_desk_can_change_own_stay_but_not_move_it_to_another_hotel(client, front_desk, two_hotels, other_hotel):
    mine, _ = two_hotels
    Stay.objects.filter(pk=mine.pk).update(pms_reservation_id="")  # made in MyStay: its fields are editable
    client.force_login(front_desk)
    form = {
        "hotel": mine.hotel_id,
        "confirmation_number": "MINE1",
        "guest": mine.guest_id,
        "arrival": mine.arrival,
        "departure": mine.departure,
        "adults": 2,
        "children": 0,
        "room_type": "Suite",
        "status": "confirmed",
        "online_checkin_status": "not_started",
    }
    assert client.post(f"/admin/stays/stay/{mine.pk}/change/", form).status_code == 302
    mine.refresh_from_db()
    assert mine.adults == 2 and mine.room_type == "Suite"
    moved = client.post(f"/admin/stays/stay/{mine.pk}/change/", {**form, "hotel": other_hotel.pk})
    assert moved.status_code == 200  # form error: that hotel is not a valid choice
    mine.refresh_from_db()
    assert mine.hotel_id != other_hotel.pk


def test_front_desk_cannot_see_other_hotels_or_staff_screen(client, front_desk, other_hotel):
    client.force_login(front_desk)
    hotels = client.get("/admin/stays/hotel/")
    assert b"Tokyo" not in hotels.content
    assert client.get(f"/admin/stays/hotel/{other_hotel.pk}/change/").status_code == 302
    assert client.get("/admin/stays/user/").status_code == 403  # front desk has no staff screen


def test_hotel_admin_manages_only_own_staff(client, hotel, other_hotel):
    admin = StaffFactory(hotel=hotel, role="hotel_admin", email="boss@par.test")
    foreign = StaffFactory(hotel=other_hotel, email="desk@tyo.test")
    client.force_login(admin)
    page = client.get("/admin/stays/user/")
    assert page.status_code == 200
    assert b"boss@par.test" in page.content and b"desk@tyo.test" not in page.content
    assert client.get(f"/admin/stays/user/{foreign.pk}/change/").status_code == 302


def test_superuser_sees_all_hotels(client, two_hotels):
    from stays.models import User

    root = User.objects.create_superuser(email="root@mystay.test", password="x")
    client.force_login(root)
    page = client.get("/admin/stays/stay/")
    assert b"MINE1" in page.content and b"THEIRS1" in page.content
    assert Stay.objects.count() == 2


def test_front_desk_day_filter(client, front_desk, two_hotels):
    client.force_login(front_desk)
    page = client.get("/admin/stays/stay/?day=arrivals")
    assert page.status_code == 200
    assert b"MINE1" in page.content


def test_front_desk_signs_into_admin_with_email_and_password(client, front_desk, two_hotels):
    response = client.post(
        "/admin/login/?next=/admin/stays/stay/",
        {"username": "desk@par.test", "password": "correct horse battery", "next": "/admin/stays/stay/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/stays/stay/"
    page = client.get("/admin/stays/stay/")
    assert b"MINE1" in page.content and b"THEIRS1" not in page.content


def test_pms_owned_and_journey_fields_are_read_only_for_front_desk(client, front_desk, two_hotels):
    mine, _ = two_hotels
    client.force_login(front_desk)
    page = client.get(f"/admin/stays/stay/{mine.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "come from the hotel&#x27;s PMS" in html or "come from the hotel's PMS" in html
    for name in ["arrival", "departure", "confirmation_number", "status", "adults"]:
        assert f'name="{name}"' not in html, name
    form = {"arrival": "2030-01-01", "departure": "2030-01-05", "status": "checked_in", "adults": 3}
    assert client.post(f"/admin/stays/stay/{mine.pk}/change/", form).status_code == 302
    mine.refresh_from_db()
    assert mine.status == "confirmed" and mine.adults == 1 and str(mine.arrival) != "2030-01-01"
