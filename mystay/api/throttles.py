"""Throttles on atomic counters (mystay.ratelimit): one Redis round trip per check.

- Read endpoints (lookup, the guest API) fail open when Redis is unreachable: they fall back to
  per-process counters, so a cache outage never takes the guest API down.
- The login door fails safe: 503 `rate_limit_unavailable` rather than unlimited password guesses.

The client is `REMOTE_ADDR` as rewritten by `mystay.client_address` (trusted proxies only).
Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("10/min", "5/15min", ...).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from mystay import ratelimit
from mystay.api.errors import ApiError
from stays.text import normalize_confirmation

logger = logging.getLogger("mystay.api.throttles")


class RateLimitUnavailable(ApiError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "rate_limit_unavailable"
    default_detail = "Sign-in is briefly unavailable; please try again in a minute."


def rate_for(scope: str) -> tuple[int, int]:
    return ratelimit.parse_rate(api_settings.DEFAULT_THROTTLE_RATES[scope])


def client_ident(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def hashed(value: str) -> str:
    # Confirmation numbers and e-mail addresses do not belong in Redis key listings.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def run_counters(operations, *, fail_safe: bool) -> list[ratelimit.Count]:
    try:
        return ratelimit.run(operations)
    except ratelimit.CountersUnavailable as exc:
        if fail_safe:
            logger.warning("Rate-limit counters unreachable (%s): refusing sign-in", exc)
            raise RateLimitUnavailable() from None
        logger.warning("Rate-limit counters unreachable (%s): per-process counters instead", exc)
        return ratelimit.local.run(operations)


def count_request(scope: str, ident: str, *, fail_safe: bool = False) -> tuple[bool, int]:
    """One request more on `ident`'s counter for `scope`: (still within the rate, seconds to wait)."""
    limit, window = rate_for(scope)
    (count,) = run_counters([ratelimit.Hit(f"{scope}:{ident}", window)], fail_safe=fail_safe)
    return count.value <= limit, count.retry_after or window


def guest_ident(stay_id: int) -> str:
    return f"stay-{stay_id}"


class CounterThrottle(BaseThrottle):
    """A fixed-window counter per `ident`; subclasses say what they count and whether they fail safe."""

    scope = ""
    fail_safe = False

    def ident(self, request, view) -> str | None:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def allow_request(self, request, view):
        ident = self.ident(request, view)
        if ident is None:
            return True
        allowed, self._wait = count_request(self.scope, ident, fail_safe=self.fail_safe)
        return allowed

    def wait(self):
        return self._wait


class StaffLoginThrottle(CounterThrottle):
    """Sign-in attempts per client address (django-axes also locks per account and per client)."""

    scope = "staff_login"
    fail_safe = True

    def ident(self, request, view):
        return client_ident(request)


class GuestThrottle(CounterThrottle):
    scope = "guest"

    def ident(self, request, view):
        stay_id = getattr(request.user, "stay_id", None)  # not `.stay`: that would read the database
        return guest_ident(stay_id) if stay_id is not None else client_ident(request)


# -- the lookup's failure counters (defect: a stranger could lock a guest out) ---------------------
# Where the WSGI fast lane leaves the outcome of the check it made (a LookupGuard or the Throttled
# to raise) for Django, when it hands the request on: a request is counted once. Not an HTTP_ key,
# so no client can set it.
PRECHECKED = "mystay.lookup_guard"


@dataclass
class LookupGuard:
    """Lookups per client address (lookup_client), and failures per (confirmation, client) and per
    confirmation; successes never count as failures.

    - A client that failed `lookup_pair_failures` times on a confirmation is refused (429) for it.
    - Once a confirmation has `lookup_confirmation_failures` failures from everywhere, only clients
      that have not failed on it yet are answered, and a wrong answer from them is a 429 too:
      a distributed guesser gets one try per address, while the guest with the right name (who has
      not failed from their own device) still gets through. Nobody can lock a guest out.
    """

    confirmation_key: str
    pair_key: str
    pair_failures: int = 0
    confirmation_failures: int = 0
    # The cache flags asked for with the check (`flags=`), set or not.
    flags: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def check(cls, request, confirmation: str, flags: tuple[str, ...] = ()) -> LookupGuard:
        """The client's lookup counter and both failure counters: one round trip for the whole check.
        `flags`: Django cache keys the lookup will need (its PMS freshness markers), read in the same
        round trip; `guard.flags` says which are set. A check the WSGI fast lane already made for
        this request (stays/api/lookup_lane.py) is not made again: its outcome is used."""
        if PRECHECKED in request.META:
            outcome = request.META[PRECHECKED]
            if isinstance(outcome, Exception):
                raise outcome
            return outcome
        return cls.check_client(client_ident(request), confirmation, flags)

    @classmethod
    def check_client(cls, client: str, confirmation: str, flags: tuple[str, ...] = ()) -> LookupGuard:
        confirmation = normalize_confirmation(confirmation)
        guard = cls(
            confirmation_key=f"lookup_confirmation_failures:{hashed(confirmation)}",
            pair_key=f"lookup_pair_failures:{hashed(confirmation)}:{client}",
        )
        client_limit, client_window = rate_for("lookup_client")
        lookups, pair, whole, *flagged = run_counters(
            [
                ratelimit.Hit(f"lookup_client:{client}", client_window),
                ratelimit.Peek(guard.pair_key),
                ratelimit.Peek(guard.confirmation_key),
                *(ratelimit.CacheFlag(key) for key in flags),
            ],
            fail_safe=False,
        )
        guard.flags = {key: bool(count.value) for key, count in zip(flags, flagged, strict=True)}
        if lookups.value > client_limit:
            raise Throttled(wait=lookups.retry_after or client_window)
        guard.pair_failures, guard.confirmation_failures = pair.value, whole.value
        pair_limit, _ = rate_for("lookup_pair_failures")
        if pair.value >= pair_limit:
            raise Throttled(wait=pair.retry_after or 60)
        if guard.confirmation_full and pair.value > 0:
            raise Throttled(wait=whole.retry_after or 60)
        return guard

    @property
    def confirmation_full(self) -> bool:
        return self.confirmation_failures >= rate_for("lookup_confirmation_failures")[0]

    def record_failure(self) -> int:
        """Count a miss; returns the seconds to wait when it must be answered as a 429, else 0."""
        _, pair_window = rate_for("lookup_pair_failures")
        _, confirmation_window = rate_for("lookup_confirmation_failures")
        _pair, whole = run_counters(
            [ratelimit.Hit(self.pair_key, pair_window), ratelimit.Hit(self.confirmation_key, confirmation_window)],
            fail_safe=False,
        )
        return (whole.retry_after or confirmation_window) if self.confirmation_full else 0
