"""Digital keys for stays: issue, extend or move, revoke, expire. Every vendor call follows the
record-first pattern: the DigitalKey row is committed (pending) before the vendor is asked, then
completed with the outcome, so a retry re-sends the same row with the same idempotency key.

Call these outside an enclosing transaction (the pending row must be committed before the call).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations import realtime
from integrations.exceptions import ProviderAuthFailed, ProviderError
from integrations.manager import get_integration_manager
from integrations.registry import Capability

from .exceptions import KeyNotAllowed
from .models import LIVE_STATUSES, DigitalKey, KeyStatus
from .providers.base import DigitalKeyRefused, KeyRequest

logger = logging.getLogger("mystay.keys")

ENDED_STAY_STATUSES = ("checked_out", "cancelled", "no_show")


def key_provider(hotel):
    """The hotel's key provider, or None when the hotel issues no digital keys ("none")."""
    manager = get_integration_manager(hotel)
    if not manager.is_configured(Capability.DIGITAL_KEY):
        return None
    return manager.get_digital_key()


def key_valid_until(stay) -> dt.datetime:
    """Check-out time on the departure day, in the hotel's time zone."""
    hotel = stay.hotel
    return dt.datetime.combine(stay.departure, hotel.check_out_time, tzinfo=hotel.tzinfo)


def _request(stay, *, room_number: str, valid_from: dt.datetime, valid_until: dt.datetime) -> KeyRequest:
    guest = stay.guest
    return KeyRequest(
        reference=f"mystay-stay-{stay.pk}",
        reservation_id=stay.pms_reservation_id or f"MOCK-{stay.pk}",
        confirmation_number=stay.confirmation_number,
        room_number=room_number,
        valid_from=valid_from,
        valid_until=valid_until,
        guest_first_name=guest.first_name,
        guest_last_name=guest.last_name,
        guest_email=guest.email,
        guest_phone=guest.phone,
    )


def _key_request(key: DigitalKey, **changes) -> KeyRequest:
    values = {"room_number": key.room_number, "valid_from": key.valid_from, "valid_until": key.valid_until}
    values.update(changes)
    return _request(key.stay, **values)


def _announce(key: DigitalKey) -> None:
    realtime.publish(
        hotel_id=key.hotel_id,
        type=realtime.KEY_UPDATED,
        stay_id=key.stay_id,
        data={"key_id": str(key.public_id), "status": key.status},
    )


def _lock(key: DigitalKey) -> DigitalKey:
    return DigitalKey.objects.select_related("stay__hotel", "stay__guest").select_for_update().get(pk=key.pk)


def _record_error(key: DigitalKey, exc: ProviderError, *, final: bool) -> None:
    """A refusal (or refused credentials) is final: the row fails and a retry issues a new one.
    Anything else (timeout, vendor down, unreadable answer) leaves the outcome unknown: the row
    stays as it was and a retry re-sends it with the same idempotency key."""
    with transaction.atomic():
        locked = _lock(key)
        if final and locked.status == KeyStatus.PENDING:
            locked.status = KeyStatus.FAILED
        locked.failure_code = exc.error_code[:64]
        locked.failure_message = str(exc.detail)[:300]
        locked.save()
        _announce(locked)


def _is_final(exc: ProviderError) -> bool:
    return isinstance(exc, DigitalKeyRefused | ProviderAuthFailed)


def live_key(stay) -> DigitalKey | None:
    return DigitalKey.objects.filter(stay=stay, status__in=LIVE_STATUSES).order_by("-created_at").first()


def issue_key_for_stay(*, stay, actor=None) -> DigitalKey | None:
    """The stay's key for its room: issued once (a retry returns or re-sends the same key). None when
    the hotel issues no digital keys. Only a checked-in stay with a room gets a key. A live key for
    another room of the same stay is moved to this room rather than doubled."""
    provider = key_provider(stay.hotel)
    if provider is None:
        return None
    if stay.status != "checked_in":
        raise KeyNotAllowed("Keys are issued to checked-in guests only.", code="stay_not_checked_in")
    if not stay.room_id:
        raise KeyNotAllowed("The stay has no room yet; assign a room first.", code="room_not_assigned")
    room_number = stay.room.number
    current = live_key(stay)
    if current is not None and current.room_number != room_number and current.status == KeyStatus.ACTIVE:
        return extend_key(key=current, room=stay.room, actor=actor)
    now = timezone.now()
    valid_until = key_valid_until(stay)
    if valid_until <= now:
        raise KeyNotAllowed("The stay's departure time has passed.", code="stay_departed")
    key = DigitalKey.objects.filter(stay=stay, room_number=room_number, status__in=LIVE_STATUSES).first()
    if key is None:
        try:
            with transaction.atomic():
                key = DigitalKey(
                    hotel_id=stay.hotel_id,
                    stay=stay,
                    room=stay.room,
                    room_number=room_number,
                    provider=provider.name,
                    valid_from=now,
                    valid_until=valid_until,
                    created_by=actor,
                )
                key.idempotency_key = f"mystay-key-{key.public_id}"
                key.save()
        except IntegrityError:  # issued concurrently by another request: continue with that row
            key = DigitalKey.objects.get(stay=stay, room_number=room_number, status__in=LIVE_STATUSES)
    if key.status == KeyStatus.ACTIVE:
        return key
    return _send_issue(key, provider=provider)


def _send_issue(key: DigitalKey, *, provider) -> DigitalKey:
    request = _key_request(key)
    try:
        info = provider.issue_key(request, idempotency_key=key.idempotency_key)
    except ProviderError as exc:
        _record_error(key, exc, final=_is_final(exc))
        raise
    with transaction.atomic():
        locked = _lock(key)
        if locked.status == KeyStatus.PENDING:
            locked.status = KeyStatus.ACTIVE if info.status in ("active", "pending") else info.status
            locked.vendor_key_id = info.id[:255]
            locked.vendor_reference = info.vendor_reference[:255]
            locked.invite_url = info.invite_url[:500]
            locked.delivery_channel = info.delivery_channel[:32]
            locked.valid_from = info.valid_from or locked.valid_from
            locked.valid_until = info.valid_until or locked.valid_until
            locked.issued_at = timezone.now()
            locked.failure_code = locked.failure_message = ""
            locked.save()
            _announce(locked)
    return locked


def extend_key(*, key: DigitalKey, valid_until: dt.datetime | None = None, room=None, actor=None) -> DigitalKey:
    """Move the key to another room and/or change its end (a new departure). Only an active key."""
    if key.status != KeyStatus.ACTIVE:
        raise KeyNotAllowed(f"This key is {key.get_status_display().lower()}; only an active key can change.")
    stay = key.stay
    valid_until = valid_until or key_valid_until(stay)
    if valid_until <= key.valid_from:
        raise KeyNotAllowed("The new end of the key must be after its start.", code="invalid_key_validity")
    room_number = room.number if room is not None else key.room_number
    provider = key_provider(stay.hotel)
    if provider is None:
        raise KeyNotAllowed("This hotel issues no digital keys.", code="keys_not_configured")
    request = _key_request(key, room_number=room_number, valid_until=valid_until)
    try:
        info = provider.extend_key(key.vendor_key_id, request, old_room_number=key.room_number)
    except ProviderError as exc:
        _record_error(key, exc, final=False)  # the key stays as it was: active for its old room/dates
        raise
    try:
        with transaction.atomic():
            locked = _lock(key)
            locked.room_number = room_number
            if room is not None:
                locked.room = room
            locked.valid_until = info.valid_until or valid_until
            locked.vendor_key_id = info.id[:255] or locked.vendor_key_id
            locked.invite_url = info.invite_url[:500] or locked.invite_url
            locked.failure_code = locked.failure_message = ""
            locked.save()
            _announce(locked)
    except IntegrityError:
        raise KeyNotAllowed("This stay already has a live key for that room.", code="key_exists") from None
    return locked


def revoke_key(*, key: DigitalKey, actor=None, reason: str = "staff") -> DigitalKey:
    """Revoke one key at the vendor, then record it. A key never confirmed by the vendor (pending,
    no vendor id) is closed locally: there is nothing at the vendor to revoke by id."""
    if not key.is_live:
        return key
    provider = key_provider(key.hotel)
    if key.vendor_key_id and provider is not None:
        try:
            provider.revoke_key(key.vendor_key_id, _key_request(key))
        except ProviderError as exc:
            _record_error(key, exc, final=False)
            raise
    with transaction.atomic():
        locked = _lock(key)
        if locked.is_live:
            locked.status = KeyStatus.REVOKED
            locked.revoked_at = timezone.now()
            locked.revoke_reason = reason[:64]
            locked.failure_code = locked.failure_message = ""
            locked.save()
            _announce(locked)
    return locked


def revoke_keys_for_stay(*, stay, actor=None, reason: str = "checked_out") -> list[DigitalKey]:
    """Revoke every live key of a stay (check-out, cancellation). A vendor failure does not stop the
    others; the key keeps its failure for staff (and expires at its end anyway). Returns the keys
    still live."""
    still_live = []
    for key in DigitalKey.objects.filter(stay=stay, status__in=LIVE_STATUSES).select_related("hotel"):
        try:
            revoke_key(key=key, actor=actor, reason=reason)
        except ProviderError as exc:
            logger.warning("Key %s of stay %s not revoked: %s", key.pk, stay.pk, exc.error_code)
            still_live.append(key)
    return still_live


def follow_pms_change(*, stay) -> None:
    """The PMS changed a stay (sync or lookup refresh): revoke keys of a stay that ended, move or
    extend the live key when the room or the departure changed. Errors are logged and recorded on
    the key; the next change or staff retry it."""
    if stay.status in ENDED_STAY_STATUSES:
        revoke_keys_for_stay(stay=stay, reason=f"stay_{stay.status}")
        return
    key = live_key(stay)
    if key is None or key.status != KeyStatus.ACTIVE:
        return
    room = stay.room if stay.room_id else None
    moved = room is not None and room.number != key.room_number
    if not moved and key_valid_until(stay) == key.valid_until:
        return
    try:
        extend_key(key=key, room=room if moved else None)
    except (ProviderError, KeyNotAllowed) as exc:
        logger.warning("Key %s of stay %s not moved/extended: %s", key.pk, stay.pk, exc.error_code)


def expire_keys(*, now: dt.datetime | None = None) -> int:
    """Active keys past their end are expired (the vendors end them on their own)."""
    now = now or timezone.now()
    expired = 0
    for key in DigitalKey.objects.filter(status=KeyStatus.ACTIVE, valid_until__lte=now):
        with transaction.atomic():
            locked = _lock(key)
            if locked.status == KeyStatus.ACTIVE and locked.valid_until <= now:
                locked.status = KeyStatus.EXPIRED
                locked.save(update_fields=["status", "updated_at"])
                _announce(locked)
                expired += 1
    return expired


def refresh_key_status(*, key: DigitalKey) -> DigitalKey:
    """Ask the vendor for the key's state (where it offers that) and record a revocation or expiry
    it reports."""
    provider = key_provider(key.hotel)
    if provider is None or not provider.supports_status or not key.vendor_key_id:
        return key
    info = provider.get_key_status(key.vendor_key_id, _key_request(key))
    if info.status in (KeyStatus.REVOKED, KeyStatus.EXPIRED) and key.is_live:
        with transaction.atomic():
            locked = _lock(key)
            locked.status = info.status
            if info.status == KeyStatus.REVOKED:
                locked.revoked_at = timezone.now()
                locked.revoke_reason = "vendor"
            locked.save()
            _announce(locked)
        return locked
    return key
