"""Guest lookup: confirmation number + last name (or e-mail) -> a guest token bound to that stay."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from rest_framework import status

from mystay.api.errors import ApiError
from stays import selectors
from stays.models import Stay
from stays.text import fold_name, normalize_confirmation

from . import pms_refresh, tokens


class StayNotFound(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    default_code = "stay_not_found"
    # One message for an unknown confirmation and for a wrong name, so nothing can be enumerated.
    default_detail = "We could not find a reservation with these details."


class StayEnded(ApiError):
    status_code = status.HTTP_410_GONE
    default_code = "stay_ended"
    default_detail = "This stay has ended; please contact the hotel for your receipt."


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


def lookup_stay(*, confirmation: str, last_name: str = "", email: str = "", hotel_code: str = "") -> LookupResult:
    confirmation = normalize_confirmation(confirmation)
    last_name_key = fold_name(last_name)
    email = (email or "").strip().lower()
    for stay in selectors.stays_by_confirmation(confirmation, hotel_code or None):
        if not _matches(stay, last_name_key, email):
            continue
        stay = pms_refresh.refresh_stay(stay)
        # The PMS may have changed the name on the reservation: check the refreshed copy again.
        if not _matches(stay, last_name_key, email):
            continue
        if stay.status in tokens.ENDED_STATUSES or tokens.guest_token_expiry(stay) <= timezone.now():
            raise StayEnded()
        token, expires_at = tokens.issue_guest_token(stay)
        return LookupResult(stay=stay, token=token, expires_at=expires_at, stale=False)
    raise StayNotFound()
