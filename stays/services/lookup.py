"""Guest lookup: confirmation number + last name (or e-mail) -> a guest token bound to that stay."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.utils import timezone
from rest_framework import status

from integrations.exceptions import ProviderUnavailable
from mystay.api.errors import ApiError
from stays import overview_cache, selectors
from stays.models import Hotel, Stay
from stays.text import fold_name, normalize_confirmation

from . import pms_refresh, tokens

logger = logging.getLogger("mystay.stays")


class StayNotFound(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    default_code = "stay_not_found"
    # One message for an unknown confirmation and for a wrong name, so nothing can be enumerated.
    default_detail = "We could not find a reservation with these details."


class StayEnded(ApiError):
    status_code = status.HTTP_410_GONE
    default_code = "stay_ended"
    default_detail = "This stay has ended; please contact the hotel for your receipt."


class PmsNeeded(Exception):
    """The answer needs the hotel's PMS, and the caller asked for none (`pms=False`)."""


@dataclass(frozen=True)
class LookupResult:
    stay: Stay
    token: str
    expires_at: dt.datetime
    stale: bool


def _matches(stay: Stay, last_name_key: str, email: str) -> bool:
    if last_name_key and stay.guest.last_name_key == last_name_key:
        return True
    return bool(email) and stay.guest.email.strip().lower() == email


def _issue(stay: Stay, *, stale: bool) -> LookupResult:
    if stay.status in tokens.ENDED_STATUSES or tokens.guest_token_expiry(stay) <= timezone.now():
        raise StayEnded()
    token, expires_at = tokens.issue_guest_token(stay)
    return LookupResult(stay=stay, token=token, expires_at=expires_at, stale=stale)


def _from_pms(confirmation: str, hotel_code: str, last_name_key: str, email: str) -> Stay | None:
    """A reservation the hotel's PMS knows and we have never seen: fetch it, check the second factor,
    and keep a local copy. With the PMS down and nothing local, the answer is 503 pms_unavailable.
    A reservation that cannot be stored (a day use, conflicting local stays) is not found."""
    hotel = Hotel.objects.filter(code=hotel_code.strip().upper(), is_active=True).first()
    if hotel is None:
        return None
    try:
        reservation = pms_refresh.fetch_reservation(hotel, confirmation, interactive=True)
    except pms_refresh.PMS_DOWN_ERRORS as exc:
        logger.warning("Lookup at %s: PMS unreachable (%s) and no local copy", hotel.code, exc.error_code)
        raise ProviderUnavailable(capability="pms", provider=exc.provider) from None
    if reservation is None:
        return None
    name_ok = bool(last_name_key) and fold_name(reservation.guest_last_name) == last_name_key
    email_ok = bool(email) and reservation.guest_email.strip().lower() == email
    if not (name_ok or email_ok):
        return None
    return pms_refresh.import_reservation(hotel, reservation)


def _candidates(confirmation: str, hotel_code: str) -> tuple[list[Stay], bool]:
    """The stays a lookup considers (at most 5, active hotels only), and whether they are the
    process cache's shared read-only instances (stays/overview_cache.py) or the request's own."""
    cached = overview_cache.stays_with_confirmation(confirmation)
    if cached is None:
        return selectors.stays_by_confirmation(confirmation, hotel_code or None), False
    code = hotel_code.strip().upper()
    stays = [s for s in cached if s.hotel.is_active and (not code or s.hotel.code == code)]
    stays.sort(key=lambda s: (s.arrival, s.pk))  # the database's order (Stay.Meta.ordering)
    return stays[:5], True


def freshness_markers(confirmation: str) -> dict[int, str]:
    """The PMS freshness marker keys of the stays this process already knows by this number (no
    query, no round trip: the view reads them with its throttle check and passes `fresh=`)."""
    stays = overview_cache.known_stays_with_confirmation(normalize_confirmation(confirmation))
    return {stay.pk: pms_refresh.freshness_key(stay) for stay in stays or ()}


def lookup_stay(
    *,
    confirmation: str,
    last_name: str = "",
    email: str = "",
    hotel_code: str = "",
    fresh: dict[int, bool] | None = None,
    pms: bool = True,
) -> LookupResult:
    """Find the stay, refresh it from the hotel's PMS, and issue a guest token.

    When the PMS cannot answer, the local copy is used and the result says `stale`. With a hotel code,
    a reservation the PMS knows but we never saw is fetched and stored. Every miss looks the same.
    `fresh`: the freshness markers already read, by stay id (`freshness_markers`). `pms=False`:
    raise PmsNeeded rather than ask the PMS (the WSGI fast lane answers only what needs no vendor).
    """
    fresh = fresh or {}
    confirmation = normalize_confirmation(confirmation)
    last_name_key = fold_name(last_name)
    email = (email or "").strip().lower()
    stays, shared = _candidates(confirmation, hotel_code)
    for stay in stays:
        if not _matches(stay, last_name_key, email):
            continue
        stale = False
        try:
            is_fresh = fresh[stay.pk] if stay.pk in fresh else pms_refresh.recently_refreshed(stay)
            if not is_fresh and not pms:
                raise PmsNeeded()
            if shared and not is_fresh:
                # The refresh may change the stay: never the cache's shared instance.
                stay = overview_cache.private_copy(stay)
            stay = pms_refresh.refresh_stay(stay, interactive=True, fresh=is_fresh)
        except pms_refresh.PMS_DOWN_ERRORS as exc:
            stale = True
            logger.warning("Lookup at %s answered from the local copy: %s", stay.hotel.code, exc.error_code)
        # The PMS may have changed the name on the reservation: check the refreshed copy again.
        if not _matches(stay, last_name_key, email):
            continue
        return _issue(stay, stale=stale)
    if hotel_code and not stays:
        if not pms:
            raise PmsNeeded()
        stay = _from_pms(confirmation, hotel_code, last_name_key, email)
        if stay is not None:
            return _issue(stay, stale=False)
    raise StayNotFound()


def lookup_query(query: dict, **options) -> LookupResult:
    """`lookup_stay` for a validated lookup query (LookupQuerySerializer's fields)."""
    return lookup_stay(
        confirmation=query["confirmation"],
        last_name=query.get("last_name", ""),
        email=query.get("email", ""),
        hotel_code=query.get("hotel", ""),
        **options,
    )
