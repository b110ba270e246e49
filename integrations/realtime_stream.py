"""Server side of the realtime streams: one LISTEN connection per process fans events out to
every open server-sent-events stream of that process, without a thread per client.

- On PostgreSQL a single asyncio task LISTENs on `mystay_events`; when the connection drops (the
  database restarted) it reconnects with backoff and tells every stream to catch up from the event
  table, so nothing published meanwhile is lost.
- Elsewhere (the SQLite demo) the same task polls the event table once a second.
- A stream resumes from `Last-Event-ID` by reading the table, then follows live events.
- A stream ends when its token stops being valid (staff sign-out, guest sign-out, stay checked out):
  the token is re-checked before every event sent and every REALTIME_TOKEN_RECHECK_SECONDS while
  idle; the client gets a `session_ended` event and the response closes.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, connections

from .models import RealtimeEvent
from .realtime import CHANNEL, event_payload

logger = logging.getLogger("mystay.realtime")

CATCH_UP = object()  # queue marker: read the table for anything missed

# Every database read of the streams (auth, replay, catch-up) runs on this small pool, so a
# thousand open streams share two database connections instead of holding one each.
_db_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="realtime-db")


def _with_fresh_connection(fn, *args):
    # Outside the request cycle nobody else checks these connections: drop broken or stale ones
    # (the database restarted) before use, as Django does at the start of each request.
    close_old_connections()
    return fn(*args)


async def run_db(fn, *args):
    return await asyncio.get_running_loop().run_in_executor(_db_pool, _with_fresh_connection, fn, *args)


@dataclass(eq=False)
class Subscription:
    hotel_id: int
    stay_id: int | None = None  # a guest stream: only this stay's events
    departments: frozenset[str] | None = None  # a staff stream: None = every department
    # Re-checks the stream's token (run on the database pool); None = never expires.
    still_valid: Callable[[], bool] | None = None
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(maxsize=1000))
    last_id: int = 0
    _seen: collections.deque = field(default_factory=lambda: collections.deque(maxlen=2000))

    def matches(self, event: dict) -> bool:
        if event["hotel"] != self.hotel_id:
            return False
        if self.stay_id is not None:
            return event["stay"] == self.stay_id
        return not event["department"] or self.departments is None or event["department"] in self.departments

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
        self._seen.append(event_id)
        self.last_id = max(self.last_id, event_id)
        return True


class Broadcaster:
    def __init__(self):
        self.subscriptions: set[Subscription] = set()
        self.task: asyncio.Task | None = None
        self.listening = asyncio.Event()
        self.reconnects = 0

    def start(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    def subscribe(self, subscription: Subscription) -> None:
        self.subscriptions.add(subscription)
        self.start()

    def unsubscribe(self, subscription: Subscription) -> None:
        self.subscriptions.discard(subscription)

    def dispatch(self, event: dict) -> None:
        for subscription in list(self.subscriptions):
            if subscription.matches(event):
                subscription.offer(event)

    def _catch_up_all(self) -> None:
        for subscription in list(self.subscriptions):
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
                    await conn.execute(f"LISTEN {CHANNEL}")
                    backoff = 0.2
                    self.listening.set()
                    self._catch_up_all()  # anything published while we were not listening
                    async for notify in conn.notifies():
                        try:
                            self.dispatch(json.loads(notify.payload))
                        except (ValueError, KeyError):
                            logger.warning("Ignoring malformed realtime payload")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.listening.clear()
                self.reconnects += 1
                logger.warning("Realtime listener lost its connection (%s); retrying", exc.__class__.__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    async def _poll_forever(self) -> None:
        last = await run_db(_latest_id)
        self.listening.set()
        while True:
            await asyncio.sleep(settings.REALTIME_POLL_SECONDS)
            for event in await run_db(_events_after, last):
                last = event["id"]
                self.dispatch(event)


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


async def _missed(subscription: Subscription, after: int) -> list[dict]:
    return await run_db(_missed_sync, subscription, after)


def format_sse(event: dict) -> str:
    return f"id: {event['id']}\nevent: {event['type']}\ndata: {json.dumps(event, separators=(',', ':'))}\n\n"


SESSION_ENDED = (
    'event: session_ended\ndata: {"code":"session_ended","message":"Your session has ended; sign in again."}\n\n'
)


class _TokenWatch:
    """When the stream's token was last confirmed valid, and the check itself."""

    def __init__(self, subscription: Subscription):
        self.subscription = subscription
        self.checked_at = time.monotonic()

    def due(self) -> bool:
        return time.monotonic() - self.checked_at >= settings.REALTIME_TOKEN_RECHECK_SECONDS

    async def valid(self) -> bool:
        if self.subscription.still_valid is None:
            return True
        self.checked_at = time.monotonic()
        try:
            return await run_db(self.subscription.still_valid)
        except Exception:  # the database is briefly away: keep the stream, check again later
            logger.warning("Realtime token re-check failed; keeping the stream until the next check")
            return True


async def event_stream(subscription: Subscription, last_event_id: int | None):
    """The body of one SSE response: replay from Last-Event-ID, then live events and heartbeats."""
    hub = broadcaster()
    hub.subscribe(subscription)
    watch = _TokenWatch(subscription)
    try:
        yield f"retry: {settings.REALTIME_RETRY_MS}\n\n"
        if last_event_id is not None:
            for event in await _missed(subscription, last_event_id):
                if subscription.mark_sent(event["id"]):
                    yield format_sse(event)
            subscription.last_id = max(subscription.last_id, last_event_id)
        else:
            subscription.last_id = await run_db(_latest_id)
        while True:
            timeout = min(settings.REALTIME_HEARTBEAT_SECONDS, settings.REALTIME_TOKEN_RECHECK_SECONDS)
            try:
                item = await asyncio.wait_for(subscription.queue.get(), timeout=timeout)
            except TimeoutError:
                if watch.due() and not await watch.valid():
                    yield SESSION_ENDED
                    return
                yield ": heartbeat\n\n"
                continue
            # Every event is sent only to a token still valid (a signed-out staff member gets nothing more).
            if not await watch.valid():
                yield SESSION_ENDED
                return
            if item is CATCH_UP:
                for event in await _missed(subscription, subscription.last_id):
                    if subscription.mark_sent(event["id"]):
                        yield format_sse(event)
            elif subscription.mark_sent(item["id"]):
                yield format_sse(item)
    finally:
        hub.unsubscribe(subscription)
