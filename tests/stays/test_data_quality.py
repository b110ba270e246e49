import importlib

import pytest
from django.apps import apps as global_apps
from django.db import connection

from integrations.models import HotelIntegrations
from stays.models import Guest, Hotel

from .factories import GuestFactory, HotelFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_phone_stored_in_e164_national_numbers_read_in_the_hotels_country(hotel):
    hotel.country = "FR"
    hotel.save()
    guest = GuestFactory(hotel=hotel, phone="06 12 34 56 78", email="  Anna.Lima@Example.COM ")
    guest.refresh_from_db()
    assert str(guest.phone) == "+33612345678"
    assert guest.email == "anna.lima@example.com"
    tokyo = GuestFactory(hotel=hotel, phone="+81 90-1234-5678")
    tokyo.refresh_from_db()
    assert str(tokyo.phone) == "+819012345678"


def test_unreadable_numbers_are_kept_not_dropped(hotel):
    guest = GuestFactory(hotel=hotel, phone="call me maybe")
    guest.refresh_from_db()
    assert guest.phone == "call me maybe"


def test_admin_refuses_a_bad_phone_and_a_bad_country(client, hotel):
    hotel.country = "FR"
    hotel.save()
    desk = StaffFactory(hotel=hotel)
    client.force_login(desk)
    data = {
        "hotel": hotel.pk,
        "first_name": "Ana",
        "last_name": "Lima",
        "email": "ana@example.com",
        "phone": "call me maybe",
        "nationality": "ZZ",
        "language": "en",
    }
    page = client.post("/admin/stays/guest/add/", data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Enter a valid phone number" in html
    assert "Select a valid choice. ZZ is not one of the available choices." in html
    ok = client.post("/admin/stays/guest/add/", {**data, "phone": "01 70 00 00 01", "nationality": "BR"})
    assert ok.status_code == 302
    guest = Guest.objects.get(last_name="Lima")
    assert str(guest.phone) == "+33170000001" and guest.nationality == "BR"


def test_every_hotel_gets_its_integrations_record():
    hotel = HotelFactory(code="NEW1")
    assert HotelIntegrations.objects.filter(hotel=hotel).count() == 1
    hotel.name = "Renamed"
    hotel.save()
    assert HotelIntegrations.objects.filter(hotel=hotel).count() == 1


def test_data_migration_normalises_existing_rows_and_keeps_bad_ones(hotel):
    hotel.country = "FR"
    hotel.save()
    HotelIntegrations.objects.filter(hotel=hotel).delete()
    good = GuestFactory(hotel=hotel)
    bad = GuestFactory(hotel=hotel)
    with connection.cursor() as cursor:  # rows as an older version wrote them
        cursor.execute(
            "UPDATE stays_guest SET phone = %s, email = %s WHERE id = %s", ["06 12 34 56 78", " A@B.FR", good.pk]
        )
        cursor.execute("UPDATE stays_guest SET phone = %s WHERE id = %s", ["call me maybe", bad.pk])
        cursor.execute("UPDATE stays_hotel SET country = %s WHERE id = %s", ["fr", hotel.pk])
    migration = importlib.import_module("stays.migrations.0007_data_quality")
    migration.normalise(global_apps, None)
    good.refresh_from_db()
    bad.refresh_from_db()
    assert str(good.phone) == "+33612345678" and good.email == "a@b.fr"
    assert bad.phone == "call me maybe"
    assert Hotel.objects.get(pk=hotel.pk).country == "FR"
    assert HotelIntegrations.objects.filter(hotel=hotel).exists()
