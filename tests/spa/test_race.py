"""Two guests race for one therapist's slot on PostgreSQL: one booking, one `slot_taken`."""

import threading
import uuid

import pytest
from django.db import connection

from spa.models import SpaBooking
from spa.providers.base import SlotTaken
from spa.services.bookings import book
from tests.stays.factories import HotelFactory, StayFactory

from .helpers import local_time


@pytest.mark.django_db(transaction=True)
def test_two_guests_one_slot():
    hotel = HotelFactory(code="PAR", timezone="Europe/Paris", currency="EUR")
    stays = [StayFactory(hotel=hotel) for _ in range(4)]
    start = local_time(hotel, 1, 10)
    barrier = threading.Barrier(len(stays))
    outcomes: list = []

    def attempt(stay):
        try:
            barrier.wait(timeout=10)
            result = book(
                stay=stay,
                service_id="par-signature-60",
                start=start,
                practitioner_id="par-camille",
                client_key=str(uuid.uuid4()),
            )
            outcomes.append(("booked", result.booking.status))
        except SlotTaken as exc:
            outcomes.append(("slot_taken", exc.error_code))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(stay,)) for stay in stays]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [("booked", "confirmed")] + [("slot_taken", "slot_taken")] * 3
    assert SpaBooking.objects.filter(status__in=["requested", "confirmed"]).count() == 1
