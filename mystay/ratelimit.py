"""Atomic rate-limit counters: fixed windows kept in Redis, one round trip per check.

`run([Hit(key, window), Peek(key), ...])` sends every operation of one check in a single
MULTI/EXEC pipeline: a hit is `SET key 0 EX window NX` + `INCR key` + `TTL key` (the window starts
with the first hit and the count can never be lost between a read and a write, whatever the
number of processes), a peek is `GET key` + `TTL key`.

Without Redis (the demo's local-memory cache) the same counters live in process memory. When
Redis is configured but unreachable, `run` raises `CountersUnavailable` and the caller decides:
throttles of read endpoints fall back to the process-local counters (fail open, still bounded per
process), the login doors answer 503 (fail safe).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

KEY_NAMESPACE = "rl"


class CountersUnavailable(Exception):
    pass


@dataclass(frozen=True)
class Hit:
    key: str
    window: int  # seconds


@dataclass(frozen=True)
class Peek:
    key: str


@dataclass(frozen=True)
class Count:
    value: int
    retry_after: int  # seconds until the window ends (0 when there is no window)


_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|sec|second|m|min|minute|h|hour|d|day)s?\s*$")
_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
_UNITS |= {"d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/min" -> (10, 60); "5/15min" -> (5, 900); "100/h", "1000/day" ..."""
    match = _RATE.match(rate or "")
    if not match:
        raise ValueError(f"Not a rate: {rate!r} (expected e.g. 10/min or 5/15min)")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _UNITS[unit]


def run(operations: list[Hit | Peek]) -> list[Count]:
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _run_redis(backend, operations)
    return local.run(operations)


def _run_redis(cache: RedisCache, operations) -> list[Count]:
    import redis

    keys = [cache.make_and_validate_key(f"{KEY_NAMESPACE}:{op.key}") for op in operations]
    try:
        pipe = cache._cache.get_client(write=True).pipeline(transaction=True)
        for op, key in zip(operations, keys, strict=True):
            if isinstance(op, Hit):
                pipe.set(key, 0, ex=op.window, nx=True)
                pipe.incr(key)
            else:
                pipe.get(key)
            pipe.ttl(key)
        replies = pipe.execute()
    except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
        raise CountersUnavailable(str(exc)) from exc
    results, position = [], 0
    for op in operations:
        if isinstance(op, Hit):
            value, ttl = replies[position + 1], replies[position + 2]
            position += 3
        else:
            value, ttl = replies[position], replies[position + 1]
            position += 2
        results.append(Count(int(value or 0), max(int(ttl), 0)))
    return results


class LocalCounters:
    """The same fixed windows in process memory (no Redis, or Redis down)."""

    MAX_KEYS = 100_000

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def run(self, operations) -> list[Count]:
        now = time.monotonic()
        results = []
        with self._lock:
            if len(self._counts) > self.MAX_KEYS:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            for op in operations:
                value, ends = self._counts.get(op.key, (0, 0.0))
                if ends <= now:
                    value, ends = 0, 0.0
                if isinstance(op, Hit):
                    if not ends:
                        ends = now + op.window
                    value += 1
                    self._counts[op.key] = (value, ends)
                results.append(Count(value, max(int(ends - now + 0.999), 0) if ends else 0))
        return results

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


local = LocalCounters()
