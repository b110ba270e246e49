"""Online check-in invitations: sent once per stay, `hotel.checkin_invitation_hours` before arrival
(arrival day at the hotel's check-in hour, in the hotel's time zone)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from integrations.notifications import events, selectors

from ..models import Hotel, Stay

logger = logging.getLogger("mystay.stays")


def arrival_moment(hotel: Hotel, arrival: dt.date) -> dt.datetime:
    return dt.datetime.combine(arrival, hotel.check_in_time, tzinfo=hotel.tzinfo)


def stays_due_for_invitation(hotel: Hotel, *, now: dt.datetime | None = None):
    """Confirmed stays not checked in whose arrival (check-in hour) is within the lead time from now."""
    now = now or timezone.now()
    local_today = now.astimezone(hotel.tzinfo).date()
    horizon = now + dt.timedelta(hours=hotel.checkin_invitation_hours)
    last_day = horizon.astimezone(hotel.tzinfo).date()
    candidates = (
        Stay.objects.filter(
            hotel=hotel,
            status=Stay.Status.CONFIRMED,
            arrival__gte=local_today,
            arrival__lte=last_day,
        )
        .exclude(online_checkin_status=Stay.CheckinStatus.COMPLETED)
        .only("pk", "arrival")
        .order_by("arrival", "pk")
    )
    due = [s for s in candidates if arrival_moment(hotel, s.arrival) <= horizon]
    already = selectors.stay_ids_with_template([s.pk for s in due], events.CHECKIN_INVITATION)
    return [s for s in due if s.pk not in already]


def send_checkin_invitation(stay: Stay):
    """Queue the invitation of one stay (idempotent: key `checkin_invitation:<stay id>`)."""
    with transaction.atomic():
        return events.notify_checkin_invitation(stay_id=stay.pk)


def resend_checkin_invitation(stay: Stay):
    """Staff "resend": a new invitation even though one was sent already."""
    with transaction.atomic():
        key = f"{events.CHECKIN_INVITATION}:{stay.pk}:resend:{timezone.now():%Y%m%dT%H%M%S%f}"
        return events.notify_checkin_invitation(stay_id=stay.pk, dedupe_key=key)


def send_due_checkin_invitations(*, now: dt.datetime | None = None) -> int:
    """The beat: invite every due stay of every active hotel. Returns the number of stays invited."""
    invited = 0
    for hotel in Hotel.objects.filter(is_active=True):
        for stay in stays_due_for_invitation(hotel, now=now):
            if send_checkin_invitation(stay):
                invited += 1
    if invited:
        logger.info("Check-in invitations queued for %s stays", invited)
    return invited
