"""Read queries for digital keys."""

from __future__ import annotations

from .models import LIVE_STATUSES, DigitalKey


def keys_for_stay(stay) -> list[DigitalKey]:
    return list(DigitalKey.objects.filter(stay=stay).order_by("-created_at", "-id"))


def current_key(stay) -> DigitalKey | None:
    """The stay's live key, else its latest key (revoked, expired or failed), else None."""
    keys = keys_for_stay(stay)
    return next((k for k in keys if k.status in LIVE_STATUSES), keys[0] if keys else None)


def key_summary(key: DigitalKey | None) -> dict | None:
    """The guest-facing shape of a key (no vendor internals beyond the invite link)."""
    if key is None:
        return None
    return {
        "id": str(key.public_id),
        "status": key.status,
        "room_number": key.room_number,
        "valid_from": key.valid_from,
        "valid_until": key.valid_until,
        "invite_url": key.invite_url,
        "delivery_channel": key.delivery_channel,
        "failure_code": key.failure_code,
    }
