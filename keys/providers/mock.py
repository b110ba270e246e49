"""The `mock` digital-key provider: the embedded default, offline, for the demo and tests.

It keeps no state (the DigitalKey rows are the state): ids derive from the idempotency key, so a
retried issue returns the same key, as at a vendor that honours Idempotency-Key.
"""

from __future__ import annotations

import hashlib

from integrations.registry import ConfigField

from .base import ACTIVE, REVOKED, DigitalKeyInfo, KeyRequest


class MockKeysProvider:
    name = "mock"
    label = "Mock mobile keys (offline)"
    supports_status = True
    config_fields = (
        ConfigField(
            "invite_base_url",
            type="url",
            default="https://keys.mystay.test/k",
            help="Base of the invitation links the mock hands out.",
        ),
    )

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.invite_base_url = config.get("invite_base_url") or "https://keys.mystay.test/k"

    def _info(self, key_id: str, request: KeyRequest, status: str) -> DigitalKeyInfo:
        return DigitalKeyInfo(
            id=key_id,
            status=status,
            room_number=request.room_number,
            valid_from=request.valid_from,
            valid_until=request.valid_until,
            invite_url=f"{self.invite_base_url}/{key_id}" if status == ACTIVE else "",
            delivery_channel="app",
            vendor_reference=f"mock-{self.hotel.code}",
        )

    def issue_key(self, request: KeyRequest, *, idempotency_key: str) -> DigitalKeyInfo:
        key_id = "mk_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:20]
        return self._info(key_id, request, ACTIVE)

    def extend_key(self, key_id: str, request: KeyRequest, *, old_room_number: str = "") -> DigitalKeyInfo:
        return self._info(key_id, request, ACTIVE)

    def revoke_key(self, key_id: str, request: KeyRequest) -> DigitalKeyInfo:
        return self._info(key_id, request, REVOKED)

    def get_key_status(self, key_id: str, request: KeyRequest) -> DigitalKeyInfo:
        return self._info(key_id, request, ACTIVE)

    def health_check(self) -> bool:
        return True
