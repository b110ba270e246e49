"""Atomic rate-limit counters: fixed windows kept in Redis, one round trip per check.

`run([Hit(key, window), Peek(key), ...])` runs every operation of one check in a single Lua
script (one EVALSHA: one command and one reply for the whole check, executed atomically by Redis):
a hit is `INCR key`, plus `EXPIRE key window` when the key has no expiry yet (the window starts with
the first hit, and the count can never be lost between a read and a write, whatever the number of
processes); a peek is `GET key`; both return the count and the key's TTL.

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
class CacheFlag:
    """Whether a key of the Django cache is set (value 1 or 0), read in the same round trip as the
    counters: e.g. the PMS freshness marker a lookup needs right after its throttle check."""

    cache_key: str


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


def run(operations: list[Hit | Peek | CacheFlag]) -> list[Count]:
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _run_redis(backend, operations)
    return local.run(operations)


# KEYS: the counters; ARGV[i]: the window of KEYS[i] in seconds for a hit, 0 for a peek, -1 for a
# cache flag. Returns count1, ttl1, count2, ttl2, ...
_SCRIPT = """
local out = {}
for i, key in ipairs(KEYS) do
    local window = tonumber(ARGV[i])
    local value
    if window > 0 then
        value = redis.call('INCR', key)
    elseif window == 0 then
        value = tonumber(redis.call('GET', key) or '0')
    else
        value = redis.call('EXISTS', key)
    end
    local ttl = redis.call('TTL', key)
    if window > 0 and ttl < 0 then
        redis.call('EXPIRE', key, window)
        ttl = window
    end
    out[#out + 1] = value
    out[#out + 1] = ttl
end
return out
"""
_scripts: dict[int, object] = {}


def _script(client):
    # register_script computes the SHA once; EVALSHA falls back to EVAL after a Redis restart.
    script = _scripts.get(id(client))
    if script is None:
        script = _scripts[id(client)] = client.register_script(_SCRIPT)
    return script


def _redis_key(cache: RedisCache, op) -> str:
    # make_key, not make_and_validate_key: the validation only warns about keys memcached would
    # refuse, walking every character of every key on the hot paths; these keys are ours (scopes,
    # client addresses, digests).
    if isinstance(op, CacheFlag):
        return cache.make_key(op.cache_key)  # where cache.set() put it
    return cache.make_key(f"{KEY_NAMESPACE}:{op.key}")


def _run_redis(cache: RedisCache, operations) -> list[Count]:
    import redis

    keys = [_redis_key(cache, op) for op in operations]
    windows = [op.window if isinstance(op, Hit) else -1 if isinstance(op, CacheFlag) else 0 for op in operations]
    try:
        client = cache._cache.get_client(write=True)
        replies = _script(client)(keys=keys, args=windows, client=client)
    except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
        raise CountersUnavailable(str(exc)) from exc
    return [Count(int(replies[i] or 0), max(int(replies[i + 1]), 0)) for i in range(0, len(replies), 2)]


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
                if isinstance(op, CacheFlag):
                    results.append(Count(int(_cache_flag(op.cache_key)), 0))
                    continue
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


def _cache_flag(cache_key: str) -> bool:
    # Without Redis the Django cache is the process's own (no round trip); with Redis down, unknown.
    try:
        return caches["default"].get(cache_key) is not None
    except Exception:
        return False


local = LocalCounters()
