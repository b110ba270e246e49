"""The outbox's delivery statements on PostgreSQL: each step of a delivery in one round trip.

- claim: UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING the row and its hotel.
- mark sent: the row (fenced by its attempt), its `notification.sent` realtime event and the NOTIFY,
  in one statement.
- mark sent, then claim the next row (`mark_sent_and_claim`, autocommit only): one query string,
  `BEGIN; <mark sent>; COMMIT; <claim>`. A multi-statement simple query runs as one transaction
  unless it holds transaction commands (PostgreSQL's protocol documentation, "Multiple Statements
  in a Simple Query"), so these are two transactions, in this order, for one round trip (without
  the BEGIN the COMMIT works too, with a server-log warning per row): the mark is committed even if
  the claim fails, and the next row is claimed only once this one is recorded, so a worker
  holds at most one claimed-but-unsent row at any time (a killed worker re-sends at most one).

A worker's batch thus costs two round trips per row (this pair, and the channel's send) instead of
three. Both statements are prepared (SQL PREPARE, in the round trip of their first use on a
connection) and run with EXECUTE: planning the claim costs PostgreSQL several times what running it
does. Django leaves psycopg's own preparing off (for transaction-mode poolers); psycopg's would
also need its pipeline mode, one socket write per statement, for the two transactions. SQL-level
prepared statements live in the server session: they suit the in-process psycopg pool (or a
session-mode pooler), not PgBouncer in transaction mode. Column values become model
instances through the few fields that convert them (JSON), looked up once per model rather than per
row; a batch converts each hotel's columns once.
"""

from __future__ import annotations

import functools
import json
import weakref

from django.db import ProgrammingError, connection
from django.utils import timezone

from .models import Notification

Status = Notification.Status
INTERRUPTED = "The last attempt was interrupted."


def usable() -> bool:
    """The one-round-trip marks apply: PostgreSQL, and no transaction of the caller's to join."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _hotel_model():
    return Notification._meta.get_field("hotel").related_model


def _columns(model, alias: str) -> list[str]:
    quote = connection.ops.quote_name
    return [f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields]


def _literal(value: str) -> str:
    """A constant of ours (a status, a message) as an SQL string literal: fewer parameters to bind."""
    return "'" + str(value).replace("'", "''") + "'"


@functools.cache
def _row_loader(model):
    """(attnames, [(index, column, converters)]) for the fields whose database value is converted."""
    fields = model._meta.concrete_fields
    converting = []
    for index, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if converters:
            converting.append((index, col, converters))
    return [f.attname for f in fields], converting


def instance(model, values):
    """A model instance from raw column values (in concrete field order), through the fields' converters."""
    attnames, converting = _row_loader(model)
    values = list(values)
    for index, col, converters in converting:
        for converter in converters:
            values[index] = converter(values[index], col, connection)
    return model.from_db(connection.alias, attnames, values)


CLAIM, SENT = "mystay_outbox_claim", "mystay_outbox_sent"
_prepared_on: weakref.WeakSet = weakref.WeakSet()  # psycopg connections that have both statements


def _prepare_sql() -> str:
    return (
        f"PREPARE {CLAIM} (bigint, timestamptz, timestamptz) AS {_claim_sql()}; "
        f"PREPARE {SENT} (bigint, integer, timestamptz, text, text, text) AS {_sent_sql()}; "
    )


def _execute(sql: str, params: list):
    """Run `sql` (EXECUTEs of the prepared statements; several statements allowed) in one round trip,
    preparing the statements first, in the same query string, on a connection that lacks them.
    Returns the cursor, on the first statement's result."""
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    for retry in (False, True):
        prepare = raw not in _prepared_on
        # Client-side binding, whatever Django's cursors do: a simple query, which may hold several
        # statements. Wrapped as Django wraps its cursors (errors, and the query log tests count).
        cursor = psycopg.ClientCursor(raw)
        cursor = connection.make_debug_cursor(cursor) if connection.queries_logged else connection.make_cursor(cursor)
        try:
            cursor.execute((_prepare_sql() if prepare else "") + sql, params)
        except ProgrammingError as exc:
            if retry or not isinstance(exc.__cause__, psycopg.errors.InvalidSqlStatementName):
                raise
            # Someone ran DEALLOCATE ALL or DISCARD ALL: the first EXECUTE failed, nothing ran.
            _prepared_on.discard(raw)
            continue
        _prepared_on.add(raw)
        for _ in range(2 if prepare else 0):
            cursor.nextset()
        return cursor
    raise AssertionError("unreachable")


# -- claim ----------------------------------------------------------------------------------------
@functools.cache
def _claim_sql() -> str:
    quote = connection.ops.quote_name
    hotel_model = _hotel_model()
    table, hotel_table = quote(Notification._meta.db_table), quote(hotel_model._meta.db_table)
    returning = ", ".join(_columns(Notification, "n") + _columns(hotel_model, "h"))
    active = ", ".join(_literal(s) for s in Notification.ACTIVE_STATUSES)
    dead, sending = _literal(Status.DEAD), _literal(Status.SENDING)
    spent = "n.attempts >= n.max_attempts"
    # When the row's attempts are used up (its last one was interrupted) the claim dead-letters it.
    return f"""
        UPDATE {table} AS n SET
            status = CASE WHEN {spent} THEN {dead} ELSE {sending} END,
            attempts = CASE WHEN {spent} THEN n.attempts ELSE n.attempts + 1 END,
            next_attempt_at = CASE WHEN {spent} THEN NULL ELSE $3 END,
            last_error = CASE WHEN {spent} THEN LEFT(COALESCE(NULLIF(n.last_error, ''), {_literal(INTERRUPTED)}), 500)
                         ELSE n.last_error END,
            requeues = 0,
            requeue_at = NULL,
            updated_at = $2
        FROM {hotel_table} AS h
        WHERE n.id = (
            SELECT id FROM {table}
            WHERE id = $1 AND status IN ({active}) AND next_attempt_at <= $2
            FOR UPDATE SKIP LOCKED
        ) AND h.{quote(hotel_model._meta.pk.column)} = n.hotel_id
        RETURNING {returning}
    """  # noqa: S608 -- names come from the models, constants from the code, values are parameters


def _claim_params(notification_id: int, lease) -> list:
    now = timezone.now()
    return [notification_id, now, now + lease]


def _claimed(found, hotels: dict | None) -> Notification | None:
    """The claimed row with its hotel, or None. `hotels`: instances by id, shared by a batch's rows."""
    if found is None:
        return None
    width = len(Notification._meta.concrete_fields)
    row = instance(Notification, found[:width])
    if row.status == Status.DEAD:
        return row  # the caller logs it and skips it
    hotel = hotels.get(row.hotel_id) if hotels is not None else None
    if hotel is None:
        hotel = instance(_hotel_model(), found[width:])
        if hotels is not None:
            hotels[row.hotel_id] = hotel
    row.hotel = hotel
    return row


def claim(notification_id: int, lease, *, hotels: dict | None = None) -> Notification | None:
    """The row for one attempt (status sending; or dead when its attempts are spent), or None."""
    cursor = _execute(f"EXECUTE {CLAIM}(%s, %s, %s)", _claim_params(notification_id, lease))
    return _claimed(cursor.fetchone(), hotels)


# -- mark sent ------------------------------------------------------------------------------------
@functools.cache
def _sent_sql() -> str:
    from ..models import RealtimeEvent
    from ..realtime import CHANNEL, NOTIFICATION_SENT

    quote = connection.ops.quote_name
    table, events = quote(Notification._meta.db_table), quote(RealtimeEvent._meta.db_table)
    event_type = _literal(NOTIFICATION_SENT)
    # The NOTIFY payload is what `integrations.realtime.event_payload` gives for the stored event.
    return f"""
        WITH done AS (
            UPDATE {table} SET status = {_literal(Status.SENT)}, sent_at = $3, next_attempt_at = NULL,
                last_error = '', provider_message_id = $5, updated_at = $3
            WHERE id = $1 AND status = {_literal(Status.SENDING)} AND attempts = $2
            RETURNING hotel_id, stay_id
        ), event AS (
            INSERT INTO {events} (hotel_id, stay_id, department, type, data, created_at)
            SELECT hotel_id, stay_id, '', {event_type}, $6::jsonb, $3 FROM done
            RETURNING id, hotel_id, stay_id
        )
        SELECT pg_notify({_literal(CHANNEL)}, json_build_object(
            'id', id, 'type', {event_type}::text, 'hotel', hotel_id, 'stay', stay_id, 'department', '',
            'data', $6::json, 'created_at', $4::text)::text)
        FROM event
    """  # noqa: S608 -- names come from the models, constants from the code, values are parameters


def _sent_params(row: Notification, provider_message_id: str) -> list:
    now = timezone.now()
    data = json.dumps({"notification_id": row.pk, "channel": row.channel, "template": row.template})
    return [row.pk, row.attempts, now, now.isoformat(), (provider_message_id or "")[:255], data]


def mark_sent(row: Notification, provider_message_id: str) -> bool:
    """Mark the row sent if it is still ours (False: the lease was taken over)."""
    cursor = _execute(f"EXECUTE {SENT}(%s, %s, %s, %s, %s, %s)", _sent_params(row, provider_message_id))
    return cursor.fetchone() is not None


def mark_sent_and_claim(
    row: Notification, provider_message_id: str, next_id: int, lease, *, hotels: dict | None = None
) -> tuple[bool, Notification | None]:
    """`mark_sent(row)`, committed, then `claim(next_id)`, in one round trip. Autocommit only (see
    `usable`): the COMMIT would end a caller's transaction."""
    cursor = _execute(
        f"BEGIN; EXECUTE {SENT}(%s, %s, %s, %s, %s, %s); COMMIT; EXECUTE {CLAIM}(%s, %s, %s)",
        _sent_params(row, provider_message_id) + _claim_params(next_id, lease),
    )
    cursor.nextset()
    done = cursor.fetchone() is not None
    cursor.nextset()  # the COMMIT
    cursor.nextset()
    return done, _claimed(cursor.fetchone(), hotels)
