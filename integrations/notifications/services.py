"""The outbox: enqueue a notification with the event that causes it, deliver it exactly once.

    from integrations.notifications.services import notify
    notify(hotel=hotel, channel="email", recipient=guest.email, template="checkin_completed",
           language="fr", context={"first_name": "Hélène", "room_number": "412"}, stay=stay,
           dedupe_key=f"checkin_completed:{stay.pk}")

`notify` writes the row in the caller's transaction and queues the Celery delivery task when that
transaction commits; callers never talk to Celery. Delivery (`deliver`) claims the row with
SELECT ... FOR UPDATE SKIP LOCKED (status -> sending, attempts + 1, a lease), sends it through the
hotel's channel provider, then marks it sent, failed (retried later with exponential backoff and
jitter) or dead. The sweep (`sweep`, every ~30 s from beat) re-queues rows that are overdue: a lost
broker message, a retry whose message never came, or a worker that died holding a lease.

Guarantees: a row is never lost once its transaction commits (the sweep finds it); a row is sent by
one worker at a time (claim + lease; writes are fenced by the attempt number); a sent row is never
sent again. Only a worker killed after the vendor accepted a message but before the row was marked
sent leads to one re-send after the lease; providers get a stable idempotency key for that case.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import random
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..exceptions import ProviderError
from ..registry import Capability
from .models import Notification

logger = logging.getLogger("mystay.notifications")

Status = Notification.Status
CHANNELS = {c.value for c in Notification.Channel}


# -- settings -------------------------------------------------------------------------------------
def _setting(name: str, default):
    return getattr(settings, name, default)


def max_attempts_default() -> int:
    return int(_setting("NOTIFICATION_MAX_ATTEMPTS", 10))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=float(_setting("NOTIFICATION_LEASE_SECONDS", 300)))


def backoff_seconds(attempts: int, *, retry_after: float | None = None) -> float:
    """Delay before the next attempt after `attempts` failed ones: exponential, capped, "equal jitter"
    (half fixed, half random, so retries of many rows spread out), never less than the vendor's
    Retry-After."""
    base = float(_setting("NOTIFICATION_RETRY_BASE_SECONDS", 30))
    cap = float(_setting("NOTIFICATION_RETRY_MAX_SECONDS", 3600))
    delay = min(cap, base * (2 ** max(0, attempts - 1)))
    delay = delay / 2 + random.uniform(0, delay / 2)
    return max(delay, float(retry_after or 0))


# -- enqueue --------------------------------------------------------------------------------------
def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def enqueue_delivery(notification_id: int, *, countdown: float | None = None) -> None:
    """Send the delivery task now (call it from transaction.on_commit). A broker outage is logged,
    not raised: the row is stored and the sweep will queue it."""
    from kombu.exceptions import KombuError

    from ..tasks import deliver_notification

    try:
        deliver_notification.apply_async((notification_id,), countdown=countdown)
    except (KombuError, OSError) as exc:
        logger.warning("Notification %s not queued (%s); the sweep will", notification_id, type(exc).__name__)


def notify(
    *,
    hotel,
    channel: str,
    recipient: str,
    template: str,
    language: str = "",
    context: dict | None = None,
    stay=None,
    dedupe_key: str | None = None,
) -> Notification:
    """Write a notification to the outbox in the current transaction; delivery starts on commit.

    Idempotent on `dedupe_key`: a second call with the same key returns the existing row (whatever
    its status) and queues nothing. Keep `context` to what the template needs (ids, first name,
    dates): it is stored and shown to staff.
    """
    channel = str(channel)
    if channel not in CHANNELS:
        raise ValueError(f"Unknown channel {channel!r}")
    recipient = (recipient or "").strip()
    if not recipient:
        raise ValueError("A notification needs a recipient")
    key = dedupe_key or f"{template}:{uuid.uuid4().hex}"
    row, created = Notification.objects.get_or_create(
        dedupe_key=key,
        defaults={
            "hotel": hotel,
            "stay": stay,
            "channel": channel,
            "recipient": recipient,
            "template": template,
            "language": (language or getattr(hotel, "default_language", "") or "en")[:8],
            "context": _jsonable(context or {}),
            "status": Status.PENDING,
            "max_attempts": max_attempts_default(),
            "next_attempt_at": timezone.now(),
        },
    )
    if created:
        transaction.on_commit(lambda: enqueue_delivery(row.pk))
    return row


# -- delivery -------------------------------------------------------------------------------------
def claim(notification_id: int) -> Notification | None:
    """Take the row for one delivery attempt, or None if it is not ours to send now (sent, dead, not
    due yet, leased by another worker, or locked by one right now)."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("hotel")
            .filter(pk=notification_id, status__in=Notification.ACTIVE_STATUSES, next_attempt_at__lte=now)
            .first()
        )
        if row is None:
            return None
        if row.attempts >= row.max_attempts:
            # Its last attempt was interrupted (the worker died holding the lease): give up now.
            row.status, row.next_attempt_at = Status.DEAD, None
            row.last_error = (row.last_error or "The last attempt was interrupted.")[:500]
            row.save(update_fields=["status", "next_attempt_at", "last_error", "updated_at"])
            return None
        row.status = Status.SENDING
        row.attempts += 1
        row.next_attempt_at = now + lease()
        row.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    return row


def build_message(row: Notification):
    from ..channels.base import OutboundMessage
    from .rendering import render

    hotel = row.hotel
    context = {"hotel_name": hotel.name, "hotel_phone": hotel.phone, "hotel_email": hotel.email, **row.context}
    rendered = render(
        template=row.template, channel=row.channel, language=row.language, context=context, tz=hotel.tzinfo
    )
    data = {"notification_id": row.pk, "template": row.template}
    if row.stay_id:
        data["stay_id"] = row.stay_id
    return OutboundMessage(
        recipient=row.recipient,
        subject=rendered["subject"],
        text=rendered["text"],
        html=rendered["html"],
        data=data,
        idempotency_key=row.dedupe_key,
        reply_to=hotel.email,
    )


def deliver(notification_id: int) -> str:
    """One delivery attempt. Returns the outcome: sent, failed, dead or skipped. Never raises for a
    vendor failure (that is recorded on the row)."""
    from ..channels.base import DeliveryError
    from ..manager import get_integration_manager

    row = claim(notification_id)
    if row is None:
        return "skipped"
    try:
        provider = get_integration_manager(row.hotel).get(Capability(row.channel))
        result = provider.send(build_message(row))
    except DeliveryError as exc:
        if exc.permanent:
            return _finish_failed(row, str(exc), permanent=True)
        return _finish_failed(row, str(exc), retry_after=exc.retry_after)
    except ProviderError as exc:
        return _finish_failed(row, str(exc.detail), retry_after=exc.retry_after)
    except Exception as exc:  # a bug or an unexpected vendor reply: retried, named without details
        logger.exception("Notification %s: unexpected %s while sending", row.pk, type(exc).__name__)
        return _finish_failed(row, f"Unexpected error ({type(exc).__name__}).")
    return _finish_sent(row, result.provider_message_id)


def _fenced(row: Notification):
    """The row as we claimed it: still sending, same attempt (a lease taken over means not ours)."""
    return Notification.objects.filter(pk=row.pk, status=Status.SENDING, attempts=row.attempts)


def _finish_sent(row: Notification, provider_message_id: str) -> str:
    from ..realtime import NOTIFICATION_SENT, publish

    now = timezone.now()
    with transaction.atomic():
        updated = _fenced(row).update(
            status=Status.SENT,
            sent_at=now,
            next_attempt_at=None,
            last_error="",
            provider_message_id=(provider_message_id or "")[:255],
            updated_at=now,
        )
        if not updated:
            logger.warning("Notification %s: lease lost before it was marked sent", row.pk)
            return "skipped"
        publish(
            hotel_id=row.hotel_id,
            type=NOTIFICATION_SENT,
            stay_id=row.stay_id,
            data={"notification_id": row.pk, "channel": row.channel, "template": row.template},
        )
    logger.info("Notification %s sent by %s (attempt %s)", row.pk, row.channel, row.attempts)
    return "sent"


def _finish_failed(row: Notification, error: str, *, permanent: bool = False, retry_after=None) -> str:
    now = timezone.now()
    dead = permanent or row.attempts >= row.max_attempts
    delay = None if dead else backoff_seconds(row.attempts, retry_after=retry_after)
    with transaction.atomic():
        updated = _fenced(row).update(
            status=Status.DEAD if dead else Status.FAILED,
            next_attempt_at=None if dead else now + dt.timedelta(seconds=delay),
            last_error=error[:500],
            updated_at=now,
        )
        if updated and not dead and delay <= float(_setting("NOTIFICATION_RETRY_QUEUE_MAX_SECONDS", 600)):
            # Short waits are queued with a countdown; longer ones are left to the sweep.
            transaction.on_commit(lambda: enqueue_delivery(row.pk, countdown=delay))
    if not updated:
        return "skipped"
    outcome = "dead" if dead else "failed"
    logger.warning("Notification %s %s after attempt %s/%s: %s", row.pk, outcome, row.attempts, row.max_attempts, error)
    return outcome


# -- sweep and retry ------------------------------------------------------------------------------
def sweep(*, batch: int | None = None) -> int:
    """Re-queue rows overdue by more than the grace period (a lost message, or a lease that ran out).
    Their due time is reset to now, so a row is re-queued at most once per grace period."""
    now = timezone.now()
    grace = dt.timedelta(seconds=float(_setting("NOTIFICATION_SWEEP_GRACE_SECONDS", 60)))
    batch = batch or int(_setting("NOTIFICATION_SWEEP_BATCH", 500))
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status__in=Notification.ACTIVE_STATUSES, next_attempt_at__lte=now - grace)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:batch]
        )
        if ids:
            Notification.objects.filter(pk__in=ids).update(next_attempt_at=now, updated_at=now)
            transaction.on_commit(lambda: [enqueue_delivery(pk) for pk in ids])
    if ids:
        logger.info("Outbox sweep re-queued %s notifications", len(ids))
    return len(ids)


def retry_notifications(ids: Iterable[int]) -> int:
    """Staff "retry": failed and dead rows become pending now, with a few more attempts allowed."""
    extra = int(_setting("NOTIFICATION_RETRY_EXTRA_ATTEMPTS", 3))
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update().filter(pk__in=list(ids), status__in=[Status.FAILED, Status.DEAD])
        )
        for row in rows:
            row.status = Status.PENDING
            row.next_attempt_at = now
            row.max_attempts = max(row.max_attempts, row.attempts + extra)
            row.save(update_fields=["status", "next_attempt_at", "max_attempts", "updated_at"])
        retried = [row.pk for row in rows]
        transaction.on_commit(lambda: [enqueue_delivery(pk) for pk in retried])
    return len(retried)
