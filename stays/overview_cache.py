"""The guest's stay overview, kept rendered in each web process and dropped the moment it changes.

`GET /api/v1/guest/stay` is the guest app's hottest read. Each process keeps, per stay, what the
guest-token check needs (hotel, status, when access ends) and the overview already rendered to
JSON bytes, so a request for a cached stay costs no database round trip at all.

Freshness comes from PostgreSQL itself, not from the code paths that write: triggers on every
table the overview shows (stays, guests, hotels, rooms: migration mystay/0001) NOTIFY
`mystay_overview` with the changed row's id, whoever wrote it (the admin, a service, the PMS
refresh's `.update()`, the PMS sync's bulk upserts, raw SQL). Each process LISTENs on one
connection in a daemon thread and drops the entries concerned as soon as the commit's notification
arrives. A process also drops an entry itself when one of its own transactions commits a change
(model signals), so its own next read is fresh without waiting for the round trip through
PostgreSQL. While the listener is not connected (starting, reconnecting after the database
restarted) the cache is bypassed and emptied: nothing is served that a lost notification could
have invalidated. Entries also expire after OVERVIEW_CACHE_SECONDS, a backstop (nothing in the
overview changes with the clock; the token's expiry is checked on every request). Without
PostgreSQL (the SQLite demo) there is no cache: every read is a query.

Another app whose data is shown in the overview adds its table with `overview_trigger_sql()` in a
migration of its own.

The guest lookup uses the same cache: which stays carry a confirmation number is kept per process
too (`stays_with_confirmation`), dropped by the `confirmation:<number>` notifications of a trigger on
every insert, update and delete of a stay (migration mystay/0002), so a lookup within the PMS
freshness window costs no query either.
"""

from __future__ import annotations

import copy
import functools
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

logger = logging.getLogger("mystay.overview_cache")

CHANNEL = "mystay_overview"
LISTENER_NAME = "mystay-overview-listener"
# Which entries a notification names: "stay:12", "guest:7", "hotel:1", "room:40", "confirmation:ABC123".
KINDS = ("stay", "guest", "hotel", "room", "confirmation")
_KEYED_BY_TEXT = {"confirmation"}
# Also announced on the channel, for the realtime streams' token re-checks (staff tokens, users:
# integrations/realtime_stream.py); the cache holds nothing of these kinds and ignores them.
TOKEN_KINDS = ("staff_token", "user")


@dataclass(frozen=True)
class Overview:
    """One stay as the guest API sees it; `stay` is a private copy, read-only."""

    stay: object
    body: bytes
    loaded_at: float

    @property
    def stay_id(self) -> int:
        return self.stay.pk

    @functools.cached_property
    def lookup_members(self) -> bytes:
        """The stay as a guest lookup answers it (its "hotel" and "stay" members), rendered on first
        use: a guest looks their stay up again and again (new device, new session), it rarely changes."""
        from stays.api.serializers import render_lookup_members

        return render_lookup_members(self.stay)


class OverviewCache:
    """A bounded LRU of Overview per stay id, with the reverse indexes the notifications need."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[int, Overview] = OrderedDict()
        self._by: dict[str, dict[int, set[int]]] = {kind: {} for kind in ("guest", "hotel", "room")}
        # Confirmation number -> (ids of the stays that carry it, when that was read).
        self._confirmations: OrderedDict[str, tuple[tuple[int, ...], float]] = OrderedDict()
        # Bumped by every invalidation: a load that raced one is served but not kept.
        self.epoch = 0

    def __len__(self):
        return len(self._entries)

    def get(self, stay_id: int, max_age: float) -> Overview | None:
        with self._lock:
            entry = self._entries.get(stay_id)
            if entry is None:
                return None
            if time.monotonic() - entry.loaded_at > max_age:
                self._drop(stay_id)
                return None
            self._entries.move_to_end(stay_id)
            return entry

    def put(self, entry: Overview, epoch: int) -> bool:
        with self._lock:
            if epoch != self.epoch:
                return False
            self._drop(entry.stay_id)
            self._entries[entry.stay_id] = entry
            for kind, related_id in self._related(entry):
                if related_id is not None:
                    self._by[kind].setdefault(related_id, set()).add(entry.stay_id)
            while len(self._entries) > self.max_entries:
                self._drop(next(iter(self._entries)))
            return True

    def stay_ids(self, confirmation: str, max_age: float) -> tuple[int, ...] | None:
        with self._lock:
            found = self._confirmations.get(confirmation)
            if found is None:
                return None
            if time.monotonic() - found[1] > max_age:
                del self._confirmations[confirmation]
                return None
            self._confirmations.move_to_end(confirmation)
            return found[0]

    def put_stay_ids(self, confirmation: str, stay_ids: tuple[int, ...], epoch: int) -> bool:
        with self._lock:
            if epoch != self.epoch:
                return False
            self._confirmations[confirmation] = (stay_ids, time.monotonic())
            self._confirmations.move_to_end(confirmation)
            while len(self._confirmations) > self.max_entries:
                self._confirmations.popitem(last=False)
            return True

    def invalidate(self, kind: str, object_id: int | str) -> None:
        with self._lock:
            self.epoch += 1
            if kind == "confirmation":
                self._confirmations.pop(object_id, None)
            elif kind == "stay":
                self._drop(object_id)
            elif kind in self._by:
                for stay_id in list(self._by[kind].get(object_id, ())):
                    self._drop(stay_id)

    def clear(self) -> None:
        with self._lock:
            self.epoch += 1
            self._entries.clear()
            self._confirmations.clear()
            for index in self._by.values():
                index.clear()

    @staticmethod
    def _related(entry: Overview):
        stay = entry.stay
        return (("guest", stay.guest_id), ("hotel", stay.hotel_id), ("room", stay.room_id))

    def _drop(self, stay_id: int) -> None:
        entry = self._entries.pop(stay_id, None)
        if entry is None:
            return
        for kind, related_id in self._related(entry):
            ids = self._by[kind].get(related_id)
            if ids is not None:
                ids.discard(stay_id)
                if not ids:
                    del self._by[kind][related_id]


class Listener:
    """One LISTEN connection per process, in a daemon thread; `live` while it is connected."""

    def __init__(self, cache: OverviewCache):
        self.cache = cache
        self.live = threading.Event()
        self.pid = None
        self.thread = None
        self.reconnects = 0
        self.received = 0
        self._start_lock = threading.Lock()
        self._stop = threading.Event()

    def ensure_started(self) -> None:
        # Started lazily in each process (web servers fork or spawn their workers after import).
        if self.pid == os.getpid() and self.thread is not None and self.thread.is_alive():
            return
        with self._start_lock:
            if self.pid == os.getpid() and self.thread is not None and self.thread.is_alive():
                return
            self.pid = os.getpid()
            self.live.clear()
            self.cache.clear()
            self.thread = threading.Thread(target=self._run, name="overview-listener", daemon=True)
            self.thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """End the listener thread (tests; a process that exits simply lets the daemon thread die)."""
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout)
        self.live.clear()
        self.cache.clear()
        self.thread = None
        self._stop = threading.Event()

    def _run(self) -> None:
        import psycopg

        from integrations.realtime_stream import _conninfo

        stop = self._stop
        backoff = 0.2
        while not stop.is_set():
            try:
                with psycopg.connect(**_conninfo(), application_name=LISTENER_NAME, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    # Anything cached before this point may have missed a notification.
                    self.cache.clear()
                    self.live.set()
                    backoff = 0.2
                    idle = 0
                    while not stop.is_set():
                        got = 0
                        for notify in conn.notifies(timeout=1.0):
                            got += 1
                            self._apply(notify.payload)
                        self.received += got
                        idle = 0 if got else idle + 1
                        if idle >= 10:  # a quiet connection that died is noticed here
                            conn.execute("SELECT 1")
                            idle = 0
            except Exception as exc:
                self.live.clear()
                self.cache.clear()
                if stop.is_set():
                    break
                self.reconnects += 1
                logger.warning("Overview listener lost its connection (%s); retrying", exc.__class__.__name__)
                stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
        self.live.clear()

    def _apply(self, payload: str) -> None:
        kind, _, raw_id = payload.partition(":")
        try:
            self.cache.invalidate(kind, raw_id if kind in _KEYED_BY_TEXT else int(raw_id))
        except ValueError:
            logger.warning("Ignoring malformed overview notification %r", payload[:80])


def _enabled() -> bool:
    return connections["default"].vendor == "postgresql" and settings.OVERVIEW_CACHE_SECONDS > 0


cache = OverviewCache(max_entries=getattr(settings, "OVERVIEW_CACHE_MAX_ENTRIES", 20_000))
listener = Listener(cache)


def render(stay) -> bytes:
    """The overview's JSON bytes (the same shape as GuestStaySerializer documents)."""
    from mystay.api.renderers import dumps
    from stays.api.serializers import render_guest_stay

    return dumps(render_guest_stay(stay))


def _load(stay_id: int) -> Overview | None:
    from stays.selectors import stay_for_guest

    stay = stay_for_guest(stay_id)
    if stay is None:
        return None
    return Overview(stay=stay, body=render(stay), loaded_at=time.monotonic())


def _detached(stay):
    """A copy of the stay and of its loaded hotel, guest and room that no change to the original
    reaches (a deep copy costs more than the query; the fields are plain values)."""
    clone = copy.copy(stay)  # Django copies the instance state and its related-object cache
    cached = clone._state.fields_cache
    for name, related in list(cached.items()):
        cached[name] = copy.copy(related) if related is not None else None
    return clone


def overview(stay_id: int) -> tuple[Overview | None, bool]:
    """The stay's overview and whether it was loaded now (False: served from this process's cache).

    A loaded overview's `stay` is the request's own instance; a cached one's is shared and read-only."""
    if not _enabled():
        return _load(stay_id), True
    listener.ensure_started()
    if not listener.live.is_set():
        return _load(stay_id), True
    entry = cache.get(stay_id, settings.OVERVIEW_CACHE_SECONDS)
    if entry is not None:
        return entry, False
    epoch = cache.epoch
    loaded = _load(stay_id)
    if loaded is not None and listener.live.is_set():
        # The cache keeps its own copy: the request may change its instance (and save it, or not).
        cache.put(Overview(stay=_detached(loaded.stay), body=loaded.body, loaded_at=loaded.loaded_at), epoch)
    return loaded, True


def _live() -> bool:
    if not _enabled():
        return False
    listener.ensure_started()
    return listener.live.is_set()


def cached_overview(stay_id: int) -> Overview | None:
    """The stay's overview if this process has it and may serve it (no query at all), else None.
    Shared and read-only, like any cached entry."""
    if not _live():
        return None
    return cache.get(stay_id, settings.OVERVIEW_CACHE_SECONDS)


def rendered_lookup_members(stay) -> bytes | None:
    """The lookup's rendering of `stay` when it is the cache's own shared instance (so unchanged
    since it was read), else None: a stay the lookup refreshed or read itself is rendered anew."""
    entry = cache.get(stay.pk, settings.OVERVIEW_CACHE_SECONDS)
    return entry.lookup_members if entry is not None and entry.stay is stay else None


def known_stays_with_confirmation(confirmation: str) -> list | None:
    """The stays with this number if this process has them all cached (no query at all), else None."""
    if not _live():
        return None
    stay_ids = cache.stay_ids(confirmation, settings.OVERVIEW_CACHE_SECONDS)
    if stay_ids is None:
        return None
    entries = [cache.get(stay_id, settings.OVERVIEW_CACHE_SECONDS) for stay_id in stay_ids]
    if any(entry is None for entry in entries):
        return None
    return [entry.stay for entry in entries if entry.stay.confirmation_number == confirmation]


def stays_with_confirmation(confirmation: str) -> list | None:
    """The stays that carry this (normalized) confirmation number, with their hotel, guest and room,
    to be treated as shared and read-only (`private_copy` before changing one); None when there is no
    cache (then ask the database). A number this process has not seen costs one query for all its
    stays, which then serve the lookup and the guest's reads from the cache."""
    if not _live():
        return None
    stay_ids = cache.stay_ids(confirmation, settings.OVERVIEW_CACHE_SECONDS)
    if stay_ids is None:
        from stays.selectors import stays_with_relations

        epoch = cache.epoch
        stays = list(stays_with_relations().filter(confirmation_number=confirmation).order_by("id"))
        if listener.live.is_set() and cache.put_stay_ids(confirmation, tuple(s.pk for s in stays), epoch):
            for stay in stays:
                cache.put(Overview(stay=_detached(stay), body=render(stay), loaded_at=time.monotonic()), epoch)
        return stays
    stays = []
    for stay_id in stay_ids:
        entry, _loaded = overview(stay_id)
        # A stay's number may have changed since the list was read: only what still matches counts.
        if entry is not None and entry.stay.confirmation_number == confirmation:
            stays.append(entry.stay)
    return stays


def private_copy(stay):
    """A copy of a cached stay (and of its hotel, guest and room) that a request may change and save."""
    return _detached(stay)


def invalidate(kind: str, object_id: int | str) -> None:
    """Drop this process's entries for a changed row (the triggers tell every process anyway)."""
    cache.invalidate(kind, object_id)


def overview_trigger_sql(
    table: str, kind: str, column: str, *, events: str = "INSERT OR UPDATE OR DELETE", name: str = ""
):
    """(forward, reverse) SQL for a migration: changes to `table` invalidate the overview of the
    stay (kind "stay"), guest, hotel or room whose id is in `column` (or the lookup's list of the
    confirmation number in `column`, or a TOKEN_KINDS row). `name`: the trigger's, when a table has
    more than one."""
    if kind not in KINDS + TOKEN_KINDS:
        raise ValueError(kind)
    name = name or f"{table}_overview_changed"
    forward = (
        f"DROP TRIGGER IF EXISTS {name} ON {table}; "
        f"CREATE TRIGGER {name} AFTER {events} ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION mystay_overview_changed('{kind}', '{column}');"
    )
    return forward, f"DROP TRIGGER IF EXISTS {name} ON {table};"


# The row's id column (by name, so one function serves every table); an UPDATE that moves the row
# to another stay (or guest, ...) invalidates both. Identical payloads in one transaction are
# delivered once by PostgreSQL.
TRIGGER_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION mystay_overview_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_id text;
    old_id text;
BEGIN
    IF TG_OP <> 'DELETE' THEN
        new_id := to_jsonb(NEW) ->> TG_ARGV[1];
        IF new_id IS NOT NULL THEN
            PERFORM pg_notify('{CHANNEL}', TG_ARGV[0] || ':' || new_id);
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_id := to_jsonb(OLD) ->> TG_ARGV[1];
        IF old_id IS NOT NULL AND old_id IS DISTINCT FROM new_id THEN
            PERFORM pg_notify('{CHANNEL}', TG_ARGV[0] || ':' || old_id);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
"""


def connect_signals() -> None:
    """This process's own committed changes drop its entries at once (other processes: the triggers)."""
    from django.db import transaction
    from django.db.models.signals import post_delete, post_save

    from stays.models import Guest, Hotel, Room, Stay

    def on_change(sender, instance, **kwargs):
        kind = _SENDER_KINDS[sender]
        transaction.on_commit(lambda: invalidate(kind, instance.pk), using=kwargs.get("using"))
        if sender is Stay:  # a new stay, or a new number: the lookup's list for that number
            number = instance.confirmation_number
            transaction.on_commit(lambda: invalidate("confirmation", number), using=kwargs.get("using"))

    _SENDER_KINDS.update({Stay: "stay", Guest: "guest", Hotel: "hotel", Room: "room"})
    for model in _SENDER_KINDS:
        post_save.connect(on_change, sender=model, weak=False, dispatch_uid=f"overview_cache.{model.__name__}.save")
        post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=f"overview_cache.{model.__name__}.delete")


_SENDER_KINDS: dict = {}
