"""Server side of the realtime streams: one LISTEN connection per process fans events out to
every open server-sent-events stream of that process, without a thread per client.

- On PostgreSQL a single asyncio task LISTENs on `mystay_events`; when the connection drops (the
  database restarted) it reconnects with backoff and tells every stream to catch up from the event
  table, so nothing published meanwhile is lost.
- Elsewhere (the SQLite demo) the same task polls the event table once a second.
- A stream resumes from `Last-Event-ID` by reading the table, then follows live events.
- A stream ends when its token stops being valid (staff sign-out or deactivation, guest sign-out,
  stay checked out): the client gets a `session_ended` event and the response closes. When what the
  token grants changes (another hotel, other departments) the response just closes and the client's
  EventSource reconnects into its new scope.

How "an event is never sent to a token that is no longer valid" holds without a query per event:
the same LISTEN connection also LISTENs on `mystay_overview`, where triggers announce every change
to the rows a token depends on (stays, hotels: mystay/0001; staff tokens, users: stays/0008).
PostgreSQL delivers one connection's notifications in commit order, so a revocation that committed
before an event is dispatched before it: the subscriptions concerned are marked dirty synchronously,
and a dirty stream re-reads its token from the database before it sends anything. A clean stream
sends without any query, and ends by itself once its token has expired. While the listener is not
connected nothing is known to be clean: on reconnecting every stream is marked dirty and catches
up. Without PostgreSQL (polling) every event is re-checked.

Behind the notifications, a safety net: one task per process re-reads each open stream's token
every REALTIME_TOKEN_RECHECK_SECONDS, one at a time, and ends the streams whose token it finds no
longer valid. It never holds up an event (a thousand streams re-checked at once would queue a
thousand reads in front of the next event on the two database threads).
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, connections

from .models import RealtimeEvent
from .realtime import CHANNEL, event_payload

logger = logging.getLogger("mystay.realtime")

# Row changes that may end a token, "<kind>:<id>" (stays/overview_cache.py's channel and triggers).
CHANGES_CHANNEL = "mystay_overview"

CATCH_UP = object()  # queue marker: read the table for anything missed (then re-check the token)
RECHECK = object()  # queue marker: a row the token depends on changed; re-check now, event or not
TICK = object()  # queue marker: heartbeat time (and a periodic re-check when one is due)

# Every database read of the streams (auth, replay, catch-up, token re-checks) runs on this small
# pool, so a thousand open streams share two database connections instead of holding one each.
_db_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="realtime-db")
# How many calls the streams made to the database, by function (the tests assert that an ordinary
# event costs none).
db_calls: collections.Counter = collections.Counter()


def _with_fresh_connection(fn, *args):
    # Outside the request cycle nobody else checks these connections: drop broken or stale ones
    # (the database restarted) before use, as Django does at the start of each request.
    close_old_connections()
    return fn(*args)


async def run_db(fn, *args):
    db_calls[getattr(fn, "__name__", "call")] += 1
    return await asyncio.get_running_loop().run_in_executor(_db_pool, _with_fresh_connection, fn, *args)


def format_sse(event: dict) -> str:
    return f"id: {event['id']}\nevent: {event['type']}\ndata: {json.dumps(event, separators=(',', ':'))}\n\n"


@dataclass(frozen=True, slots=True)
class Frame:
    """One event, rendered once for every stream that gets it."""

    id: int
    event: dict
    data: bytes

    @classmethod
    def of(cls, event: dict) -> Frame:
        return cls(event["id"], event, format_sse(event).encode())


@dataclass(frozen=True)
class Grant:
    """What a token allows right now: one hotel's events (one stay's, some departments') until when."""

    hotel_id: int
    stay_id: int | None = None
    departments: frozenset[str] | None = None  # None = every department
    expires_at: float = math.inf  # UNIX time at which the token stops working by itself


@dataclass(eq=False)
class Subscription:
    hotel_id: int
    stay_id: int | None = None  # a guest stream: only this stay's events
    departments: frozenset[str] | None = None  # a staff stream: None = every department
    # Reads what the stream's token grants now (on the database pool), None once it is no longer
    # valid; no recheck = the stream never ends by itself (the admin board's session stream).
    recheck: Callable[[], Grant | None] | None = None
    expires_at: float = math.inf
    # Rows whose change may end or narrow the token, e.g. ("stay", 12), ("staff_token", 3), ("user", 7).
    depends_on: tuple[tuple[str, int], ...] = ()
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(maxsize=1000))
    last_id: int = 0
    dirty: bool = False  # a row in depends_on changed since the last re-check
    checked_at: float = field(default_factory=time.monotonic)
    verdict: str | None = None  # what the periodic re-check found, when the stream must end
    _seen: set = field(default_factory=set)
    _seen_order: collections.deque = field(default_factory=collections.deque)

    @classmethod
    def granted(cls, grant: Grant, *, recheck, depends_on) -> Subscription:
        return cls(
            hotel_id=grant.hotel_id,
            stay_id=grant.stay_id,
            departments=grant.departments,
            expires_at=grant.expires_at,
            recheck=recheck,
            depends_on=tuple(depends_on),
        )

    def matches(self, event: dict) -> bool:
        if event["hotel"] != self.hotel_id:
            return False
        if self.stay_id is not None:
            return event["stay"] == self.stay_id
        return not event["department"] or self.departments is None or event["department"] in self.departments

    def same_scope(self, grant: Grant) -> bool:
        return (grant.hotel_id, grant.stay_id, grant.departments) == (self.hotel_id, self.stay_id, self.departments)

    def expired(self) -> bool:
        return time.time() >= self.expires_at

    def mark_dirty(self) -> None:
        if not self.dirty:
            self.dirty = True
            self.offer(RECHECK)  # wake an idle stream, so a signed-out client is told at once

    def offer(self, item) -> None:
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            # A slow client: drop the backlog and let it catch up from the table instead.
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(CATCH_UP)

    def mark_sent(self, event_id: int) -> bool:
        """False when this event was already sent (replay and live delivery can overlap)."""
        if event_id in self._seen:
            return False
        self._seen.add(event_id)
        self._seen_order.append(event_id)
        if len(self._seen_order) > 2000:
            self._seen.discard(self._seen_order.popleft())
        self.last_id = max(self.last_id, event_id)
        return True


class Broadcaster:
    def __init__(self):
        self.subscriptions: set[Subscription] = set()
        self._by_hotel: dict[int, set[Subscription]] = collections.defaultdict(set)
        self._by_row: dict[tuple[str, int], set[Subscription]] = collections.defaultdict(set)
        self.tasks: dict[str, asyncio.Task] = {}
        self.listening = asyncio.Event()
        # True while revocations reach us in commit order with the events (PostgreSQL LISTEN).
        self.ordered_revocations = False
        self.reconnects = 0

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        for name, job in (("listen", self._run), ("tick", self._tick_forever), ("sweep", self._sweep_forever)):
            task = self.tasks.get(name)
            if task is None or task.done():
                self.tasks[name] = loop.create_task(job())

    def subscribe(self, subscription: Subscription) -> None:
        self.subscriptions.add(subscription)
        self._by_hotel[subscription.hotel_id].add(subscription)
        for row in subscription.depends_on:
            self._by_row[row].add(subscription)
        self.start()

    def unsubscribe(self, subscription: Subscription) -> None:
        self.subscriptions.discard(subscription)
        _discard(self._by_hotel, subscription.hotel_id, subscription)
        for row in subscription.depends_on:
            _discard(self._by_row, row, subscription)

    def dispatch(self, event: dict) -> None:
        frame = None
        for subscription in list(self._by_hotel.get(event["hotel"], ())):
            if subscription.matches(event):
                if not self.ordered_revocations:
                    subscription.dirty = True  # nothing tells us of revocations: check before each event
                frame = frame or Frame.of(event)
                subscription.offer(frame)

    def row_changed(self, kind: str, row_id: int) -> None:
        for subscription in list(self._by_row.get((kind, row_id), ())):
            subscription.mark_dirty()

    def _recheck_and_catch_up_all(self) -> None:
        for subscription in list(self.subscriptions):
            subscription.dirty = True
            subscription.offer(CATCH_UP)

    async def _run(self) -> None:
        if connections["default"].vendor == "postgresql":
            await self._listen_forever()
        else:
            await self._poll_forever()

    async def _listen_forever(self) -> None:
        import psycopg

        backoff = 0.2
        while True:
            try:
                params = _conninfo()
                async with await psycopg.AsyncConnection.connect(**params, autocommit=True) as conn:
                    # One connection for both: PostgreSQL orders its notifications by commit.
                    await conn.execute(f"LISTEN {CHANNEL}")
                    await conn.execute(f"LISTEN {CHANGES_CHANNEL}")
                    backoff = 0.2
                    self.ordered_revocations = True
                    self.listening.set()
                    self._recheck_and_catch_up_all()  # anything published or revoked while not listening
                    async for notify in conn.notifies():
                        self._receive(notify.channel, notify.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.ordered_revocations = False
                self.listening.clear()
                self.reconnects += 1
                logger.warning("Realtime listener lost its connection (%s); retrying", exc.__class__.__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    def _receive(self, channel: str, payload: str) -> None:
        if channel == CHANGES_CHANNEL:
            kind, _, raw_id = payload.partition(":")
            if raw_id.isdigit():
                self.row_changed(kind, int(raw_id))
            return
        try:
            self.dispatch(json.loads(payload))
        except (ValueError, KeyError, TypeError):
            logger.warning("Ignoring malformed realtime payload")

    async def _poll_forever(self) -> None:
        last = await run_db(_latest_id)
        self.listening.set()
        while True:
            await asyncio.sleep(settings.REALTIME_POLL_SECONDS)
            for event in await run_db(_events_after, last):
                last = event["id"]
                self.dispatch(event)

    async def _tick_forever(self) -> None:
        # One timer for all streams (not a wait_for per stream and per event).
        while True:
            await asyncio.sleep(settings.REALTIME_HEARTBEAT_SECONDS)
            for subscription in list(self.subscriptions):
                subscription.offer(TICK)

    async def _sweep_forever(self) -> None:
        # The safety net behind the notifications (see the module's docstring).
        while True:
            period = settings.REALTIME_TOKEN_RECHECK_SECONDS
            await asyncio.sleep(min(1.0, period / 4))
            now = time.monotonic()
            due = [s for s in self.subscriptions if s.recheck is not None and now - s.checked_at >= period]
            # Paced over half the period: a burst of reads would compete with the event loop for the CPU.
            pause = min(0.05, period / 2 / max(1, len(due)))
            for subscription in sorted(due, key=lambda s: s.checked_at):
                if subscription not in self.subscriptions or subscription.verdict is not None:
                    continue
                subscription.checked_at = time.monotonic()
                verdict = await _check(subscription, keep_on_error=True)
                if verdict != VALID:
                    subscription.verdict = verdict
                    subscription.offer(RECHECK)  # wake it to end
                await asyncio.sleep(pause)


def _discard(index: dict, key, subscription: Subscription) -> None:
    members = index.get(key)
    if members is not None:
        members.discard(subscription)
        if not members:
            del index[key]


def _conninfo() -> dict:
    s = connections["default"].settings_dict
    params = {
        "dbname": s["NAME"],
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
        "host": s.get("HOST") or None,
        "port": s.get("PORT") or None,
        "connect_timeout": 3,
    }
    return {k: v for k, v in params.items() if v not in (None, "")}


def _latest_id() -> int:
    event = RealtimeEvent.objects.order_by("-id").only("id").first()
    return event.pk if event else 0


def _events_after(last: int) -> list[dict]:
    return [event_payload(e) for e in RealtimeEvent.objects.filter(id__gt=last).order_by("id")[:1000]]


_broadcasters: dict[int, Broadcaster] = {}


def broadcaster() -> Broadcaster:
    """The broadcaster of the running event loop (one per process under uvicorn)."""
    loop = asyncio.get_running_loop()
    instance = _broadcasters.get(id(loop))
    if instance is None:
        instance = _broadcasters[id(loop)] = Broadcaster()
    return instance


def _scoped(subscription: Subscription):
    qs = RealtimeEvent.objects.filter(hotel_id=subscription.hotel_id)
    if subscription.stay_id is not None:
        return qs.filter(stay_id=subscription.stay_id)
    return qs


def _missed_sync(subscription: Subscription, after: int, limit: int = 500) -> list[dict]:
    payloads = (event_payload(e) for e in _scoped(subscription).filter(id__gt=after).order_by("id")[:limit])
    return [p for p in payloads if subscription.matches(p)]


async def _missed(subscription: Subscription, after: int) -> list[Frame]:
    return [Frame.of(event) for event in await run_db(_missed_sync, subscription, after)]


SESSION_ENDED = (
    b'event: session_ended\ndata: {"code":"session_ended","message":"Your session has ended; sign in again."}\n\n'
)
HEARTBEAT = b": heartbeat\n\n"

# What a re-check found: send on; tell the client its session ended; or close the response and let
# the client's EventSource reconnect (its scope changed, or the check could not be made).
VALID, ENDED, RECONNECT = "valid", "ended", "reconnect"


async def _verdict(subscription: Subscription) -> str:
    """May the stream send on? Only a dirty stream reads its token again; a clean one costs nothing."""
    if subscription.verdict is not None:  # the periodic re-check found it ended
        return subscription.verdict
    if subscription.expired():
        return ENDED
    if not subscription.dirty or subscription.recheck is None:
        return VALID
    # Cleared before the read, not after: a change notified while it runs marks the stream again.
    subscription.dirty = False
    subscription.checked_at = time.monotonic()
    # Failed, a revocation may be pending: send nothing; the client reconnects and is checked anew.
    return await _check(subscription, keep_on_error=False)


async def _check(subscription: Subscription, *, keep_on_error: bool) -> str:
    try:
        grant = await run_db(subscription.recheck)
    except Exception:
        logger.warning("Realtime token re-check failed")
        return VALID if keep_on_error else RECONNECT
    if grant is None:
        return ENDED
    if not subscription.same_scope(grant):
        return RECONNECT
    subscription.expires_at = grant.expires_at
    return VALID


async def event_stream(subscription: Subscription, last_event_id: int | None):
    """The body of one SSE response: replay from Last-Event-ID, then live events and heartbeats."""
    hub = broadcaster()
    hub.subscribe(subscription)
    if subscription.recheck is not None:
        # A revocation dispatched before the subscription was indexed was not seen: check once now.
        subscription.mark_dirty()
    try:
        yield f"retry: {settings.REALTIME_RETRY_MS}\n\n".encode()
        if last_event_id is not None:
            subscription.last_id = last_event_id
            subscription.offer(CATCH_UP)
        else:
            subscription.last_id = await run_db(_latest_id)
        while True:
            item = await subscription.queue.get()
            frames = ()
            if item is CATCH_UP:
                frames = await _missed(subscription, subscription.last_id)
                # Checked after the read: every event read committed before a token still valid now.
                subscription.dirty = subscription.recheck is not None
            elif isinstance(item, Frame):
                frames = (item,)
            verdict = await _verdict(subscription)
            if verdict == ENDED:
                yield SESSION_ENDED
                return
            if verdict == RECONNECT:
                return
            for frame in frames:
                if subscription.mark_sent(frame.id):
                    yield frame.data
            if item is TICK:
                yield HEARTBEAT
    finally:
        hub.unsubscribe(subscription)
