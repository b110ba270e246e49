"""Online check-in invitations: sent once per stay, `hotel.checkin_invitation_hours` before arrival
(arrival day at the hotel's check-in hour, in the hotel's time zone)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integrations.manager import get_integration_manager
from integrations.notifications import events, selectors
from integrations.registry import Capability

from ..models import Hotel, Stay

logger = logging.getLogger("mystay.stays")


def arrival_moment(hotel: Hotel, arrival: dt.date) -> dt.datetime:
    return dt.datetime.combine(arrival, hotel.check_in_time, tzinfo=hotel.tzinfo)


def reachable_guests(hotel: Hotel) -> Q | None:
    """Stays whose guest the hotel can reach by a channel it has (an address for e-mail, a phone for
    SMS), or None when it has neither: the beat does not reload guests it cannot invite."""
    manager = get_integration_manager(hotel)
    reachable = Q()
    if manager.is_configured(Capability.EMAIL):
        reachable |= ~Q(guest__email="")
    if manager.is_configured(Capability.SMS):
        reachable |= ~Q(guest__phone="")
    return reachable or None


def stays_due_for_invitation(hotel: Hotel, *, now: dt.datetime | None = None):
    """Confirmed stays not checked in whose arrival (check-in hour) is within the lead time from now,
    and whose guest the hotel can reach (see reachable_guests)."""
    now = now or timezone.now()
    reachable = reachable_guests(hotel)
    if reachable is None:
        return []
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
        .filter(reachable)
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
    """The beat: invite every due stay of every active hotel. Returns the number of stays invited.

    One hotel failing (a misconfigured provider, a bad row) is logged with its code and the error's
    class and does not stop the others; its stays are retried on the next beat (idempotent)."""
    invited = 0
    for hotel in Hotel.objects.filter(is_active=True).order_by("pk"):
        try:
            for stay in stays_due_for_invitation(hotel, now=now):
                if send_checkin_invitation(stay):
                    invited += 1
        except Exception as exc:  # noqa: BLE001 -- isolate hotels; the class is enough to look further
            logger.error("Check-in invitations of hotel %s failed: %s", hotel.code, type(exc).__name__)
    if invited:
        logger.info("Check-in invitations queued for %s stays", invited)
    return invited
