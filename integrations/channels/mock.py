"""Mock channel (e-mail, SMS and push): sends nothing, records each delivery in the shared cache.

For the offline demo, the tests and the throughput bench. Like a vendor API with idempotency keys,
a message whose key was already accepted is not delivered again (the first message id is returned),
but every call is counted, so a test can see a re-send.

    mock-channel:calls:<key>       number of send() calls for that key
    mock-channel:delivered:<key>   provider message id of the accepted delivery
    mock-channel:delivered         number of distinct keys delivered (all hotels)

Config: `fail_first` transient failures per key before success, `fail_permanently`, `latency_ms`.
"""

from __future__ import annotations

import time
import uuid

from django.core.cache import cache

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
        attempt = _incr(f"{PREFIX}:calls:{key}")
        if self.config.get("latency_ms"):
            time.sleep(self.config["latency_ms"] / 1000)
        if self.config.get("fail_permanently"):
            raise PermanentDeliveryError("Mock channel refuses this recipient.", code="mock_refused")
        if attempt <= self.config.get("fail_first", 0):
            raise TransientDeliveryError(f"Mock channel failure {attempt}.", code="mock_unavailable")
        message_id = f"mock-{uuid.uuid4().hex}"
        if cache.add(f"{PREFIX}:delivered:{key}", message_id, timeout=TTL):
            _incr(f"{PREFIX}:delivered")
            return SendResult(provider_message_id=message_id)
        return SendResult(provider_message_id=cache.get(f"{PREFIX}:delivered:{key}") or message_id)
