"""Mock channel (e-mail, SMS and push): sends nothing, records each delivery in the shared cache.

For the offline demo, the tests and the throughput bench. Like a vendor API with idempotency keys,
a message whose key was already accepted is not delivered again (the first message id is returned),
but every call is counted, so a test can see a re-send.

    mock-channel:calls:<key>       number of send() calls for that key
    mock-channel:delivered:<key>   provider message id of the accepted delivery
    mock-channel:delivered         number of distinct keys delivered (all hotels)

Config: `fail_first` transient failures per key before success, `fail_permanently`, `latency_ms`.

On Redis a send is one round trip (a Lua script does the counting and the accept-once), so the
notifications bench measures MyStay's outbox, not the mock; elsewhere (the demo's local-memory
cache) the same bookkeeping goes through the cache API.
"""

from __future__ import annotations

import time
import uuid

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from ..registry import ConfigField
from .base import ChannelProvider, OutboundMessage, PermanentDeliveryError, SendResult, TransientDeliveryError

PREFIX = "mock-channel"
TTL = 24 * 3600


def _incr(key: str) -> int:
    cache.add(key, 0, timeout=TTL)
    return cache.incr(key)


def calls(key: str) -> int:
    return int(cache.get(f"{PREFIX}:calls:{key}") or 0)


def delivered_count() -> int:
    return int(cache.get(f"{PREFIX}:delivered") or 0)


def delivered_ids(keys: list[str]) -> dict[str, str]:
    found = cache.get_many([f"{PREFIX}:delivered:{k}" for k in keys])
    return {k.split(":", 2)[2]: v for k, v in found.items()}


def call_counts(keys: list[str]) -> dict[str, int]:
    found = cache.get_many([f"{PREFIX}:calls:{k}" for k in keys])
    return {k.split(":", 2)[2]: int(v) for k, v in found.items()}


# KEYS: calls:<key>, delivered:<key>, delivered (counter). ARGV: ttl, fail_first, fail_permanently
# (0/1), the new message id (as the cache serializes it). Returns {attempt, accepted or existing id,
# or false when this call fails}.
_SEND_SCRIPT = """
local attempt = redis.call('INCR', KEYS[1])
if attempt == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if ARGV[3] == '1' or attempt <= tonumber(ARGV[2]) then return {attempt, false} end
if redis.call('SET', KEYS[2], ARGV[4], 'NX', 'EX', ARGV[1]) then
    if redis.call('INCR', KEYS[3]) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[1]) end
    return {attempt, ARGV[4]}
end
return {attempt, redis.call('GET', KEYS[2])}
"""


def _send_on_redis(
    backend: RedisCache, key: str, message_id: str, *, fail_first: int, fail_permanently: bool
) -> tuple[int, str | None]:
    client = backend._cache.get_client(write=True)
    script = getattr(client, "_mock_channel_send", None)
    if script is None:
        script = client._mock_channel_send = client.register_script(_SEND_SCRIPT)
    names = (f"calls:{key}", f"delivered:{key}", "delivered")
    keys = [backend.make_and_validate_key(f"{PREFIX}:{name}") for name in names]
    serializer = backend._cache._serializer
    attempt, accepted = script(
        keys=keys, args=[TTL, fail_first, int(bool(fail_permanently)), serializer.dumps(message_id)]
    )
    return int(attempt), (serializer.loads(accepted) if accepted else None)


class MockChannel(ChannelProvider):
    name = "mock"
    label = "Mock (records deliveries, sends nothing)"
    config_fields = (
        ConfigField("fail_first", type="int", default=0, help="Transient failures per message before success."),
        ConfigField("fail_permanently", type="bool", default=False, help="Refuse every message for good."),
        ConfigField("latency_ms", type="int", default=0, help="Simulated vendor latency."),
    )

    def send(self, message: OutboundMessage) -> SendResult:
        key = message.idempotency_key or message.recipient
        if self.config.get("latency_ms"):
            time.sleep(self.config["latency_ms"] / 1000)
        backend = caches["default"]
        if isinstance(backend, RedisCache):
            return self._send_on_redis(backend, key)
        attempt = _incr(f"{PREFIX}:calls:{key}")
        if self.config.get("fail_permanently"):
            raise PermanentDeliveryError("Mock channel refuses this recipient.", code="mock_refused")
        if attempt <= self.config.get("fail_first", 0):
            raise TransientDeliveryError(f"Mock channel failure {attempt}.", code="mock_unavailable")
        message_id = f"mock-{uuid.uuid4().hex}"
        if cache.add(f"{PREFIX}:delivered:{key}", message_id, timeout=TTL):
            _incr(f"{PREFIX}:delivered")
            return SendResult(provider_message_id=message_id)
        return SendResult(provider_message_id=cache.get(f"{PREFIX}:delivered:{key}") or message_id)

    def _send_on_redis(self, backend: RedisCache, key: str) -> SendResult:
        attempt, accepted = _send_on_redis(
            backend,
            key,
            f"mock-{uuid.uuid4().hex}",
            fail_first=self.config.get("fail_first", 0),
            fail_permanently=self.config.get("fail_permanently", False),
        )
        if self.config.get("fail_permanently"):
            raise PermanentDeliveryError("Mock channel refuses this recipient.", code="mock_refused")
        if accepted is None:
            raise TransientDeliveryError(f"Mock channel failure {attempt}.", code="mock_unavailable")
        return SendResult(provider_message_id=accepted)
