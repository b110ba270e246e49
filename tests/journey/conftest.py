"""Fixtures for the guest journey: a hotel whose check-in is open now, ready rooms, an arriving
stay, the guest's API client, and helpers for each step."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stays.models import JourneySettings, Room
from stays.services.tokens import issue_guest_token
from tests.stays.factories import RoomFactory, StaffFactory, StayFactory


@pytest.fixture
def open_hotel(hotel):
    JourneySettings.objects.create(
        hotel=hotel,
        early_checkin_allowed=True,
        terms_version="2026-01",
    )
    return hotel


@pytest.fixture
def rooms(open_hotel):
    return [
        RoomFactory(hotel=open_hotel, number="201", room_type="Deluxe King", status=Room.Status.CLEAN),
        RoomFactory(hotel=open_hotel, number="202", room_type="Deluxe King", status=Room.Status.INSPECTED),
        RoomFactory(hotel=open_hotel, number="301", room_type="Junior Suite", status=Room.Status.CLEAN),
    ]


@pytest.fixture
def arriving(open_hotel, rooms):
    stay = StayFactory(
        hotel=open_hotel,
        confirmation_number="PAR2001",
        arrival=open_hotel.local_today(),
        departure=open_hotel.local_today() + dt.timedelta(days=2),
        room_type="Deluxe King",
    )
    stay.guest.phone = "+33612345678"
    stay.guest.pms_profile_id = "P-77"
    stay.guest.save()
    return stay


def bearer(api, stay):
    token, _ = issue_guest_token(stay)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


@pytest.fixture
def guest(api, arriving):
    return bearer(api, arriving)


@pytest.fixture
def desk_user(open_hotel):
    return StaffFactory(hotel=open_hotel, email="desk@par.test")


def passport_photo() -> SimpleUploadedFile:
    from PIL import Image  # installed with the ocr app

    out = io.BytesIO()
    Image.new("RGB", (1000, 700), (200, 190, 170)).save(out, format="JPEG")
    return SimpleUploadedFile("passport.jpg", out.getvalue(), content_type="image/jpeg")


def upload_id(api):
    return api.post("/api/v1/guest/checkin/id-document", {"image": passport_photo()}, format="multipart")


def add_card(api, pm="pm_mock_visa"):
    return api.post("/api/v1/guest/checkin/card", {"payment_method_id": pm}, format="json")


def register(api, **extra):
    body = {"arrival_time": "14:30", "accept_terms": True, "terms_version": "2026-01", **extra}
    return api.post("/api/v1/guest/checkin/registration", body, format="json")


def complete(api):
    return api.post("/api/v1/guest/checkin/complete", format="json")


def step(body, name):
    return next(s for s in body["steps"] if s["step"] == name)
