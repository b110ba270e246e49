"""The outbox: enqueue a notification with the event that causes it, deliver it exactly once.

    from integrations.notifications.services import notify
    notify(hotel=hotel, channel="email", recipient=guest.email, template="checkin_completed",
           language="fr", context={"first_name": "Hélène", "room_number": "412"}, stay=stay,
           dedupe_key=f"checkin_completed:{stay.pk}")

`notify` writes the row in the caller's transaction and queues the Celery delivery task when that
transaction commits; callers never talk to Celery. Delivery (`deliver`) claims the row in one
statement (UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING: status -> sending,
attempts + 1, a lease), renders it, sends it through the hotel's channel provider, then marks it
sent, failed (retried later with exponential backoff and jitter) or dead. A template missing for
the row's channel (in every candidate language) is permanent: the row is dead at once. The sweep
(`sweep`, every ~30 s from beat) re-queues rows that are overdue: a lost broker message, a retry
whose message never came, or a worker that died holding a lease; a row that stays overdue (its
message is waiting behind a backlog) is re-queued again only after a doubling wait (grace, 2 x grace,
4 x grace, ... capped), so a backlog does not pile up duplicate broker messages.

Guarantees: a row is never lost once its transaction commits (the sweep finds it); a row is sent by
one worker at a time (claim + lease; writes are fenced by the attempt number); a sent row is never
sent again. Only a worker killed after the vendor accepted a message but before the row was marked
sent leads to one re-send after the lease; providers get a stable idempotency key for that case.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import functools
import logging
import random
import time
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone

from ..exceptions import ProviderError
from ..registry import Capability
from . import postgres
from .models import Notification
from .postgres import INTERRUPTED

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
        _deliver_after_commit(row.pk)
    return row


# Rows written in one transaction go to the workers in messages of this many ids, not one message
# per row: the broker round trips and the task overhead are paid once per batch.
DELIVERY_BATCH = 100


def _deliver_after_commit(pk: int) -> None:
    """Queue the row's delivery when the transaction commits, batched with the transaction's other rows.

    The first row of a transaction starts a list of ids and registers one flush of that list; later
    rows of the same transaction join it. Django replaces `connection.run_on_commit` when a
    transaction (or a savepoint) commits or rolls back, so a list whose transaction ended is never
    joined again: its flush ran, or was dropped with the rollback. (Ids added inside a savepoint
    that rolled back still go out with their list: their claim finds no row and skips them.)"""
    if not connection.in_atomic_block:
        enqueue_deliveries([pk])  # autocommit: the row is committed already
        return
    current = connection.__dict__.get("_outbox_pending")
    if current is None or current[0] is not connection.run_on_commit:
        ids: list[int] = []
        transaction.on_commit(functools.partial(_flush_pending, ids))
        current = connection.__dict__["_outbox_pending"] = (connection.run_on_commit, ids)
    current[1].append(pk)


def _flush_pending(ids: list[int]) -> None:
    if ids:
        batch = list(ids)
        ids.clear()
        enqueue_deliveries(batch)


def enqueue_deliveries(ids: list[int]) -> None:
    """Send delivery tasks for these rows, DELIVERY_BATCH ids per message (logged, not raised, when
    the broker is down: the sweep queues them)."""
    from kombu.exceptions import KombuError

    from ..tasks import deliver_notifications

    for start in range(0, len(ids), DELIVERY_BATCH):
        chunk = ids[start : start + DELIVERY_BATCH]
        try:
            deliver_notifications.apply_async((chunk,))
        except (KombuError, OSError) as exc:
            logger.warning("%s notifications not queued (%s); the sweep will", len(chunk), type(exc).__name__)


# -- delivery -------------------------------------------------------------------------------------
def claim(notification_id: int, *, hotels: dict | None = None) -> Notification | None:
    """Take the row for one delivery attempt, or None if it is not ours to send now (sent, dead, not
    due yet, leased by another worker, or locked by one right now). The row comes with its hotel
    (`hotels`: instances by id, shared by the rows of a batch)."""
    if connection.vendor == "postgresql":
        return _unless_dead(postgres.claim(notification_id, lease(), hotels=hotels))
    return _claim_locked(notification_id)


def _unless_dead(row: Notification | None) -> Notification | None:
    """A row the claim dead-lettered (its last attempt was interrupted) is not ours to send."""
    if row is not None and row.status == Status.DEAD:
        logger.warning("Notification %s dead: its last attempt was interrupted", row.pk)
        return None
    return row


def _claim_locked(notification_id: int) -> Notification | None:
    """Portable claim (SQLite demo): lock, check, update in a transaction."""
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
            row.last_error = (row.last_error or INTERRUPTED)[:500]
            row.save(update_fields=["status", "next_attempt_at", "last_error", "updated_at"])
            return None
        row.status = Status.SENDING
        row.attempts += 1
        row.next_attempt_at = now + lease()
        row.requeues, row.requeue_at = 0, None
        row.save(update_fields=["status", "attempts", "next_attempt_at", "requeues", "requeue_at", "updated_at"])
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


@contextlib.contextmanager
def _outbox_commits_without_fsync_wait():
    """The outbox's own bookkeeping (claim, sent, failed) commits without waiting for the WAL flush.

    A worker that dies loses nothing (its commits are in PostgreSQL); only a crash of the database
    server itself can forget the last few hundred milliseconds of them, and then a message is sent a
    second time with the same idempotency key, as after a worker crash. Waiting for the disk on every
    row would cap a worker at the disk's flush rate (~12 ms per commit on a busy VM)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def deliver_many(ids: Iterable[int]) -> dict[str, int]:
    """Deliver these rows one after the other (one in flight at a time, so a worker that dies resends
    at most one), reusing each hotel's channel provider (and its connections) across the batch.

    On PostgreSQL a sent row is marked sent and the next row claimed in one round trip (two
    transactions, see `postgres.mark_sent_and_claim`): the next row is claimed only after this one
    is recorded, so a worker still holds one unsent row at a time."""
    ids = list(ids)
    outcomes: dict[str, int] = {}
    providers: dict = {}
    hotels: dict = {}
    # Every row must start its send well within its lease (the task's time limits are per task):
    # what is left after a quarter of the lease goes back to the queue as a new batch. A row claimed
    # ahead is claimed within that budget and sent right away.
    budget = lease().total_seconds() * 0.25
    started = time.monotonic()
    ahead: tuple[int, Notification | None] | None = None  # (id, row) claimed with the previous mark
    with _outbox_commits_without_fsync_wait():
        for position, pk in enumerate(ids):
            if ahead is not None and ahead[0] == pk:
                row, ahead = ahead[1], None
            elif position and time.monotonic() - started > budget:
                enqueue_deliveries(ids[position:])
                outcomes["requeued"] = len(ids) - position
                break
            else:
                row = claim(pk, hotels=hotels)
            outcome, message_id = _send(row, providers) if row is not None else ("skipped", None)
            if outcome == ACCEPTED:
                following = ids[position + 1] if position + 1 < len(ids) else None
                if following is not None and postgres.usable() and time.monotonic() - started <= budget:
                    done, claimed = postgres.mark_sent_and_claim(row, message_id, following, lease(), hotels=hotels)
                    outcome, ahead = _sent(row, done), (following, _unless_dead(claimed))
                else:
                    outcome = _finish_sent(row, message_id)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def deliver(notification_id: int, *, providers: dict | None = None) -> str:
    """One delivery attempt. Returns the outcome: sent, failed, dead or skipped. Never raises for a
    vendor failure (that is recorded on the row). `providers`: a cache of channel providers by
    (hotel, channel), shared by the rows of one batch."""
    row = claim(notification_id)
    if row is None:
        return "skipped"
    outcome, message_id = _send(row, providers)
    return _finish_sent(row, message_id) if outcome == ACCEPTED else outcome


ACCEPTED = "accepted"


def _send(row: Notification, providers: dict | None) -> tuple[str, str | None]:
    """Render the claimed row and send it: (ACCEPTED, the provider's message id) when the channel
    took it (the caller marks it sent), else the failure is recorded and (its outcome, None)."""
    from ..channels.base import DeliveryError
    from ..manager import get_integration_manager

    try:
        message = build_message(row)
    except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
        # Retrying cannot help until someone adds or fixes the files (then "retry" in the admin).
        return _finish_failed(row, template_error(row, exc), permanent=True), None
    try:
        key = (row.hotel_id, row.channel)
        provider = providers.get(key) if providers is not None else None
        if provider is None:
            provider = get_integration_manager(row.hotel).get(Capability(row.channel))
            if providers is not None:
                providers[key] = provider
        result = provider.send(message)
    except DeliveryError as exc:
        if exc.permanent:
            return _finish_failed(row, str(exc), permanent=True), None
        return _finish_failed(row, str(exc), retry_after=exc.retry_after), None
    except ProviderError as exc:
        return _finish_failed(row, str(exc.detail), retry_after=exc.retry_after), None
    except Exception as exc:  # a bug or an unexpected vendor reply: retried, named without details
        logger.exception("Notification %s: unexpected %s while sending", row.pk, type(exc).__name__)
        return _finish_failed(row, f"Unexpected error ({type(exc).__name__})."), None
    return ACCEPTED, result.provider_message_id


def template_error(row: Notification, exc: Exception) -> str:
    """The row's error for a template that cannot be rendered: names the template, never the context."""
    if isinstance(exc, TemplateDoesNotExist):
        return (
            f"Template {row.template!r} not found for {row.channel} in language {row.language!r} "
            f"(nor its fallbacks): missing {exc.args[0] if exc.args else 'file'}."
        )
    return f"Template {row.template!r} ({row.channel}, {row.language!r}) cannot be rendered: {type(exc).__name__}."


def _fenced(row: Notification):
    """The row as we claimed it: still sending, same attempt (a lease taken over means not ours)."""
    return Notification.objects.filter(pk=row.pk, status=Status.SENDING, attempts=row.attempts)


def _finish_sent(row: Notification, provider_message_id: str) -> str:
    from ..realtime import NOTIFICATION_SENT, publish

    if postgres.usable():
        # A worker: the row, its realtime event and the NOTIFY in one statement.
        return _sent(row, postgres.mark_sent(row, provider_message_id))
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
        if updated:
            publish(
                hotel_id=row.hotel_id,
                type=NOTIFICATION_SENT,
                stay_id=row.stay_id,
                data={"notification_id": row.pk, "channel": row.channel, "template": row.template},
            )
    return _sent(row, bool(updated))


def _sent(row: Notification, marked: bool) -> str:
    if not marked:
        logger.warning("Notification %s: lease lost before it was marked sent", row.pk)
        return "skipped"
    # Debug only: a worker sends hundreds a second, and the row (sent_at, provider id) and its
    # realtime event already record each one; the task logs its batch's counts.
    logger.debug("Notification %s sent by %s (attempt %s)", row.pk, row.channel, row.attempts)
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

    The due time is left alone; the row records that it was re-queued (`requeues`) and when the sweep
    may re-queue it again (`requeue_at`): after grace, then 2 x grace, 4 x grace, ... up to
    NOTIFICATION_SWEEP_REQUEUE_MAX_SECONDS. A row whose message is only waiting behind a backlog thus
    gets a few duplicate messages (each skipped by the claim), not one per grace period; a row whose
    message was really lost is re-queued after one grace period. A worker's claim resets the count."""
    now = timezone.now()
    grace = float(_setting("NOTIFICATION_SWEEP_GRACE_SECONDS", 60))
    cap = max(grace, float(_setting("NOTIFICATION_SWEEP_REQUEUE_MAX_SECONDS", 600)))
    batch = batch or int(_setting("NOTIFICATION_SWEEP_BATCH", 500))
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status__in=Notification.ACTIVE_STATUSES, next_attempt_at__lte=now - dt.timedelta(seconds=grace))
            .filter(Q(requeue_at__isnull=True) | Q(requeue_at__lte=now))
            .order_by("next_attempt_at")
            .values_list("pk", "requeues")[:batch]
        )
        by_count: dict[int, list[int]] = {}
        for pk, requeues in rows:
            by_count.setdefault(requeues, []).append(pk)
        for requeues, pks in by_count.items():
            wait = min(cap, grace * 2 ** min(requeues, 20))
            Notification.objects.filter(pk__in=pks).update(
                requeues=min(requeues + 1, 1000), requeue_at=now + dt.timedelta(seconds=wait), updated_at=now
            )
        ids = [pk for pk, _ in rows]
        if ids:
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
            row.requeues, row.requeue_at = 0, None
            row.save(
                update_fields=["status", "next_attempt_at", "max_attempts", "requeues", "requeue_at", "updated_at"]
            )
        retried = [row.pk for row in rows]
        transaction.on_commit(lambda: [enqueue_delivery(pk) for pk in retried])
    return len(retried)
