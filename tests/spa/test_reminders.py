"""Spa reminders: sent once per booking, the hotel's number of hours before."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from integrations.notifications.models import Notification
from spa.models import SpaBooking, SpaSettings
from spa.services.reminders import send_due_reminders
from spa.tasks import send_reminders

pytestmark = pytest.mark.django_db


def confirmed(stay, starts_in: dt.timedelta, **extra):
    start = (timezone.now() + starts_in).replace(microsecond=0)
    return SpaBooking.objects.create(
        hotel=stay.hotel,
        stay=stay,
        guest=stay.guest,
        provider="mock",
        service_id="par-signature-60",
        service_name="Signature relaxing massage",
        duration_minutes=60,
        practitioner_id="par-camille",
        practitioner_name="Camille Martin",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        price=Decimal("120"),
        currency="EUR",
        status=extra.pop("status", "confirmed"),
        **extra,
    )


def reminders():
    return Notification.objects.filter(template="spa_booking_reminder")


def test_reminder_sent_once_within_the_hotels_window(stay, hotel):
    SpaSettings.objects.create(hotel=hotel, reminder_hours=3)
    soon = confirmed(stay, dt.timedelta(hours=2))
    later = confirmed(stay, dt.timedelta(hours=5))
    confirmed(stay, dt.timedelta(hours=1), status="cancelled")

    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    send_reminders()  # the beat task: same service, nothing more
    assert list(reminders().values_list("dedupe_key", flat=True)) == [f"spa_booking_reminder:{soon.public_id}"]
    email = reminders().get()
    assert email.recipient == stay.guest.email and email.context["service_name"] == "Signature relaxing massage"
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None

    # Two hours later the second booking is within its window: reminded once, the first not again.
    assert send_due_reminders(now=timezone.now() + dt.timedelta(hours=2, minutes=30)) == 1
    assert reminders().count() == 2
    later.refresh_from_db()
    assert later.reminder_sent_at is not None


def test_no_reminder_when_hotel_turned_them_off(stay, hotel):
    SpaSettings.objects.create(hotel=hotel, reminder_hours=0)
    confirmed(stay, dt.timedelta(minutes=30))
    assert send_due_reminders() == 0
    assert not reminders().exists()
