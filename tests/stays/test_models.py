import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from .factories import StayFactory

pytestmark = pytest.mark.django_db


def test_departure_must_be_after_arrival(hotel):
    today = dt.date.today()
    with pytest.raises(IntegrityError), transaction.atomic():
        StayFactory(hotel=hotel, arrival=today, departure=today)


def test_confirmation_is_unique_per_hotel_not_globally(hotel, other_hotel):
    StayFactory(hotel=hotel, confirmation_number="X1")
    StayFactory(hotel=other_hotel, confirmation_number="x1")  # normalised to X1, other hotel: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        StayFactory(hotel=hotel, confirmation_number=" x1 ")


def test_staff_needs_hotel_and_role(db):
    from stays.models import User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="lost@x.test", password="p")
