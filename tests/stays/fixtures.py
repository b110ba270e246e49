import pytest

from .factories import HotelFactory, StaffFactory, StayFactory


@pytest.fixture
def hotel(db):
    return HotelFactory(code="PAR", name="Paris", timezone="Europe/Paris", currency="EUR")


@pytest.fixture
def other_hotel(db):
    return HotelFactory(code="TYO", name="Tokyo", timezone="Asia/Tokyo", currency="JPY")


@pytest.fixture
def stay(hotel):
    return StayFactory(hotel=hotel, confirmation_number="ABC123")


@pytest.fixture
def front_desk(hotel):
    return StaffFactory(hotel=hotel, email="desk@par.test")


def lookup(api, confirmation, last_name):
    return api.get("/api/v1/stays/lookup", {"confirmation": confirmation, "last_name": last_name})


def guest_token(api, stay):
    response = lookup(api, stay.confirmation_number, stay.guest.last_name)
    assert response.status_code == 200, response.content
    return response.json()["token"]
