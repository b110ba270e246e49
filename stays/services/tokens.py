"""Guest and staff API tokens.

Guest tokens are signed with Django's signing (no table): they carry the stay, an expiry and the
stay's token generation, and are checked against the stay on every request, so a checked-out or
cancelled stay ends them at once, and so does a guest's sign-out (it bumps the generation: every
token of that stay issued before is dead, on every device). Staff tokens are random, stored only as
a SHA-256 digest, expire and can be revoked.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from stays.models import StaffToken, Stay

GUEST_PREFIX = "gst_"
STAFF_PREFIX = "stf_"
_GUEST_SALT = "mystay.guest-token.v1"
ENDED_STATUSES = {Stay.Status.CHECKED_OUT, Stay.Status.CANCELLED, Stay.Status.NO_SHOW}


class InvalidToken(Exception):
    pass


def guest_token_expiry(stay: Stay) -> dt.datetime:
    """Check-out time on the departure day, hotel time, plus a grace period for the folio/receipt."""
    hotel = stay.hotel
    local = dt.datetime.combine(stay.departure, hotel.check_out_time, tzinfo=hotel.tzinfo)
    return local + dt.timedelta(hours=settings.GUEST_TOKEN_GRACE_HOURS_AFTER_DEPARTURE)


def issue_guest_token(stay: Stay) -> tuple[str, dt.datetime]:
    expires_at = guest_token_expiry(stay)
    payload = {"s": stay.pk, "h": stay.hotel_id, "e": int(expires_at.timestamp()), "g": stay.guest_token_generation}
    return GUEST_PREFIX + signing.dumps(payload, salt=_GUEST_SALT, compress=True), expires_at


@dataclass(frozen=True)
class GuestClaims:
    stay_id: int
    hotel_id: int
    expires_at: dt.datetime
    generation: int = 0


# Verified tokens -> their claims, per process: a guest's app sends the same token with every
# request, and the signature of a given string verifies the same way every time (the key changes
# only with a restart). The expiry and the stay are still checked on every request.
_verified: dict[str, GuestClaims] = {}
_VERIFIED_MAX = 20_000


def read_guest_token(raw: str) -> GuestClaims:
    claims = _verified.get(raw)
    if claims is None:
        claims = _verify_guest_token(raw)
        if len(_verified) >= _VERIFIED_MAX:
            _verified.clear()  # rare, and cheap to refill; no LRU bookkeeping on the hot path
        _verified[raw] = claims
    if claims.expires_at <= timezone.now():
        raise InvalidToken("guest token expired")
    return claims


def _verify_guest_token(raw: str) -> GuestClaims:
    if not raw.startswith(GUEST_PREFIX):
        raise InvalidToken("not a guest token")
    try:
        payload = signing.loads(raw[len(GUEST_PREFIX) :], salt=_GUEST_SALT)
        claims = GuestClaims(
            stay_id=int(payload["s"]),
            hotel_id=int(payload["h"]),
            expires_at=dt.datetime.fromtimestamp(int(payload["e"]), tz=dt.UTC),
            generation=int(payload.get("g", 0)),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError, AttributeError):
        raise InvalidToken("invalid guest token") from None
    return claims


def check_stay_accepts_guest_token(stay: Stay | None, claims: GuestClaims) -> Stay:
    """The token works only while its stay exists, belongs to the same hotel and has not ended."""
    if stay is None or stay.hotel_id != claims.hotel_id:
        raise InvalidToken("stay not found")
    if stay.status in ENDED_STATUSES:
        raise InvalidToken("stay has ended")
    if claims.generation != stay.guest_token_generation:
        raise InvalidToken("guest signed out")
    if guest_token_expiry(stay) <= timezone.now():
        raise InvalidToken("stay has ended")
    return stay


def revoke_guest_tokens(stay: Stay) -> None:
    """The guest signed out: every guest token of this stay issued so far stops working.

    The `stay.guest_tokens_revoked` realtime event tells open streams (they re-check and close at once)
    and any per-process cache of the stay's token generation to drop it.
    """
    from integrations import realtime
    from stays import overview_cache

    with transaction.atomic():
        Stay.objects.filter(pk=stay.pk).update(guest_token_generation=F("guest_token_generation") + 1)
        # A queryset update sends no post_save: drop this process's cached stay on commit, as its
        # own saves do (overview_cache.connect_signals), instead of waiting for the trigger's NOTIFY
        # (other processes), so the next request here is refused at once.
        transaction.on_commit(lambda: overview_cache.invalidate("stay", stay.pk))
        stay.refresh_from_db(fields=["guest_token_generation"])
        realtime.publish(
            hotel_id=stay.hotel_id,
            stay_id=stay.pk,
            type="stay.guest_tokens_revoked",
            data={"generation": stay.guest_token_generation},
        )


def issue_staff_token(user, *, user_agent: str = "") -> tuple[str, StaffToken]:
    raw = STAFF_PREFIX + secrets.token_urlsafe(32)
    token = StaffToken.objects.create(
        user=user,
        digest=StaffToken.hash(raw),
        expires_at=timezone.now() + settings.STAFF_TOKEN_TTL,
        user_agent=user_agent[:200],
    )
    return raw, token


def find_staff_token(raw: str) -> StaffToken:
    if not raw.startswith(STAFF_PREFIX):
        raise InvalidToken("not a staff token")
    token = StaffToken.objects.select_related("user", "user__hotel").filter(digest=StaffToken.hash(raw)).first()
    if token is None or not token.is_active or not token.user.is_active:
        raise InvalidToken("invalid or expired staff token")
    return token


def revoke_staff_token(token: StaffToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
