"""Realtime events: stored, then announced with PostgreSQL NOTIFY once the transaction commits.

    publish(hotel_id=..., type="stay.updated", stay_id=..., data={"status": "checked_in"})

Callers pass ids and types only, never personal data. The SSE endpoints (mystay/realtime_views.py)
LISTEN on the channel and stream events of the client's own stay or hotel.
"""

from __future__ import annotations

import json
import logging

from django.db import connection, transaction

logger = logging.getLogger("mystay.realtime")

CHANNEL = "mystay_events"

# Event types used across the apps (publish accepts others; these are the documented ones).
STAY_UPDATED = "stay.updated"
PAYMENT_UPDATED = "payment.updated"
NOTIFICATION_SENT = "notification.sent"
ESCALATION_RAISED = "escalation.raised"
KEY_UPDATED = "key.updated"
SPA_BOOKING_UPDATED = "spa_booking.updated"


def publish(*, hotel_id: int, type: str, stay_id: int | None = None, department: str = "", data: dict | None = None):
    """Record the event in the current transaction and NOTIFY listeners after commit."""
    from .models import RealtimeEvent

    event = RealtimeEvent.objects.create(
        hotel_id=hotel_id, stay_id=stay_id, department=department, type=type, data=data or {}
    )
    payload = json.dumps(event_payload(event), default=str)
    if len(payload) > MAX_PAYLOAD:
        raise ValueError("Realtime events carry ids and types only; this payload is too large for NOTIFY.")
    transaction.on_commit(lambda: _notify(payload))
    return event


MAX_PAYLOAD = 7500  # PostgreSQL's NOTIFY payload limit is 8000 bytes


def event_payload(event) -> dict:
    return {
        "id": event.pk,
        "type": event.type,
        "hotel": event.hotel_id,
        "stay": event.stay_id,
        "department": event.department,
        "data": event.data,
        "created_at": event.created_at.isoformat(),
    }


def _notify(payload: str) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite demo: streams poll the table instead
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])
    except Exception:  # the event row is stored; listeners catch up by id on their next poll
        logger.warning("pg_notify failed; streams will catch up from the table", exc_info=True)


def purge_old_events(*, older_than_hours: float | None = None) -> int:
    """Delete events older than the resume window: a client that was away longer reloads its state."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    from .models import RealtimeEvent

    hours = older_than_hours if older_than_hours is not None else settings.REALTIME_RETENTION_HOURS
    deleted, _ = RealtimeEvent.objects.filter(created_at__lt=timezone.now() - dt.timedelta(hours=hours)).delete()
    return deleted
