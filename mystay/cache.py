"""The Redis cache wiring: one connection pool per process, and a fast "Redis is down" answer.

Django's RedisCache builds its pool inside the cache object, and cache objects are per thread
(and per asyncio context under ASGI): every worker thread opened its own connections. The pool
class below hands every cache object of the process the same pool for the same URL and options.

When Redis cannot be reached, the pool says so at once for a short while instead of paying a
connect timeout on every cache call of every request: callers already treat a cache error as
"no cache" (circuit breaker, integration versions, throttles), so an outage costs nothing per call.
"""

from __future__ import annotations

import threading
import time

import redis
from django.core.cache.backends import redis as django_redis

# After a failed connect, further connects fail immediately for this many seconds.
DOWN_FOR_SECONDS = 2.0


class SharedConnectionPool(redis.ConnectionPool):
    _shared: dict[tuple, SharedConnectionPool] = {}
    _lock = threading.Lock()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._down_until = 0.0

    @classmethod
    def from_url(cls, url, **kwargs):
        key = (url, repr(sorted(kwargs.items(), key=lambda item: item[0])))
        with cls._lock:
            pool = cls._shared.get(key)
            if pool is None:
                pool = cls._shared[key] = super().from_url(url, **kwargs)
            return pool

    def get_connection(self, *args, **kwargs):
        if time.monotonic() < self._down_until:
            raise redis.ConnectionError("Redis was unreachable a moment ago; not retrying yet.")
        try:
            return super().get_connection(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            self._down_until = time.monotonic() + DOWN_FOR_SECONDS
            raise

    def mark_up(self) -> None:
        self._down_until = 0.0

    @classmethod
    def reset_all(cls) -> None:
        """Forget the "down" marks (tests that bring a Redis back)."""
        with cls._lock:
            for pool in cls._shared.values():
                pool.mark_up()


class RedisCacheClient(django_redis.RedisCacheClient):
    """One `redis.Redis` per pool, reused: Django builds a new one for every cache call, which (its
    table of ~170 response callbacks) costs more than the command itself on a hot path."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = getattr(pool, "_shared_client", None)
        if client is None:
            client = pool._shared_client = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


def redis_cache_settings(url: str, *, key_prefix: str) -> dict:
    return {
        "BACKEND": "mystay.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "pool_class": "mystay.cache.SharedConnectionPool",
            # A cache that does not answer within these is treated as down, never waited for.
            "socket_connect_timeout": 0.5,
            "socket_timeout": 1.0,
            "health_check_interval": 30,
        },
    }
