"""Spa reminders: once per booking, the hotel's `reminder_hours` before the treatment.

The booking row is claimed (`reminder_sent_at` set under a row lock, in the same transaction that
enqueues the notification), so overlapping sweeps or a retried task send it once; the outbox's
dedupe key (`spa_booking_reminder:<booking id>`) is a second guard.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from integrations.notifications.events import notify_spa_booking_reminder

from ..models import SpaBooking, SpaBookingStatus, SpaSettings

DEFAULT_REMINDER_HOURS = SpaSettings._meta.get_field("reminder_hours").default
MAX_REMINDER_HOURS = 72


def due_reminders(now: dt.datetime):
    """Confirmed, not yet reminded bookings starting within the longest reminder window; the
    per-hotel window is checked row by row (few rows: the next three days at most)."""
    return (
        SpaBooking.objects.filter(
            status=SpaBookingStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(hours=MAX_REMINDER_HOURS),
        )
        .select_related("hotel__spa_settings")
        .order_by("starts_at")
    )


def _hours(booking) -> int:
    try:
        return booking.hotel.spa_settings.reminder_hours
    except SpaSettings.DoesNotExist:
        return DEFAULT_REMINDER_HOURS


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    for booking in due_reminders(now):
        hours = _hours(booking)
        if not hours or booking.starts_at > now + dt.timedelta(hours=hours):
            continue
        with transaction.atomic():
            claimed = SpaBooking.objects.filter(
                pk=booking.pk, status=SpaBookingStatus.CONFIRMED, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue  # another sweep took it, or it was cancelled meanwhile
            notify_spa_booking_reminder(
                stay_id=booking.stay_id,
                booking_id=booking.public_id,
                service_name=booking.service_name,
                starts_at=booking.starts_at.astimezone(booking.hotel.tzinfo),
                duration_minutes=booking.duration_minutes,
            )
        sent += 1
    return sent
