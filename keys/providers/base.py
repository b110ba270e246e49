"""The digital-key capability: its interface and the normalized key every provider returns.

The seed's methods in Python naming: `issue_key`, `revoke_key`, `extend_key`, `get_key_status`.
A provider receives a `KeyRequest` (who, which room, from when until when) and answers a
`DigitalKeyInfo`; callers never see a vendor's JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from rest_framework import status

from integrations.exceptions import ProviderError

# Normalized key statuses (DigitalKey.status uses the same values, plus "failed").
PENDING, ACTIVE, REVOKED, EXPIRED = "pending", "active", "revoked", "expired"
KEY_STATUSES = (PENDING, ACTIVE, REVOKED, EXPIRED)


@dataclass(frozen=True)
class KeyRequest:
    """What a key is for. `reservation_id` is the PMS reservation id (OPERA needs it), `reference`
    MyStay's own stable reference of the stay (vendors that keep an external reference get it)."""

    reference: str
    reservation_id: str
    confirmation_number: str
    room_number: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    guest_first_name: str = ""
    guest_last_name: str = ""
    guest_email: str = ""
    guest_phone: str = ""


@dataclass(frozen=True)
class DigitalKeyInfo:
    id: str  # the vendor's reference of the key (or key session)
    status: str  # pending | active | revoked | expired
    room_number: str
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None
    invite_url: str = ""  # where the guest installs / opens the key, when the vendor gives one
    delivery_channel: str = ""  # app | sms | email | wallet | payload
    vendor_reference: str = ""  # a second vendor id (e.g. OPERA's key creation time), informative

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "room_number": self.room_number,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "invite_url": self.invite_url,
            "delivery_channel": self.delivery_channel,
            "vendor_reference": self.vendor_reference,
        }


class DigitalKeyRefused(ProviderError):
    """The key vendor answered and said no (room not assigned, invalid phone, ...): retrying the same
    request will not help. HTTP 409 `digital_key_refused`; the vendor's reason is in the message."""

    status_code = status.HTTP_409_CONFLICT
    suffix = "refused"
    default_detail = "The key system refused to issue this key."

    def __init__(self, message=None, *, provider="", vendor_code=""):
        super().__init__(message, capability="digital_key", provider=provider)
        self.vendor_code = vendor_code


@runtime_checkable
class DigitalKeyProvider(Protocol):
    name: str
    label: str
    # False when the vendor offers no status query (OPERA relays to the lock system and keeps none).
    supports_status: bool

    def issue_key(self, request: KeyRequest, *, idempotency_key: str) -> DigitalKeyInfo: ...

    def revoke_key(self, key_id: str, request: KeyRequest) -> DigitalKeyInfo: ...

    def extend_key(self, key_id: str, request: KeyRequest, *, old_room_number: str = "") -> DigitalKeyInfo:
        """Move and/or extend: `request` carries the new room and `valid_until`."""
        ...

    def get_key_status(self, key_id: str, request: KeyRequest) -> DigitalKeyInfo: ...

    def health_check(self) -> bool: ...
