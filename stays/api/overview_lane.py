"""`GET /api/v1/guest/stay` for a stay this process has cached, answered without running Django.

Once the overview is in the process's cache (stays/overview_cache.py: rendered once per change,
dropped the moment PostgreSQL says the stay, its guest, hotel or room changed), what is left of a
request is Django's machinery. This lane (mystay/wsgi_lanes.py) answers the plain case with exactly
the checks the view makes, in the same order and with the same functions:

1. the bearer token is a guest token whose signature and expiry hold (tokens.read_guest_token);
2. its stay is in this process's cache, whose listener is live (overview_cache.cached_overview);
3. the stay still accepts the token: same hotel, not ended, not signed out
   (tokens.check_stay_accepts_guest_token);
4. the stay's guest throttle admits one more request (the same counter as GuestThrottle, one
   Redis round trip; counters in process memory when Redis is down, as for the view);

and answers with the cached body. Anything else goes to Django, which answers as it always does: a
token that fails a check (401), a stay not cached yet (Django loads and caches it), a request with a
query string or a body. A throttled request also goes to Django, whose throttle counts it once more
and answers the 429: the window's end does not move, only a count already over the limit grows.
"""

from __future__ import annotations

from mystay.api.throttles import count_request, guest_ident
from mystay.wsgi_lanes import FastLane
from stays import overview_cache
from stays.services import tokens

PATH = "/api/v1/guest/stay"


def cached_body(environ) -> bytes | None:
    """The overview to answer with, after the view's own checks; None when Django must answer."""
    header = environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.startswith(tokens.GUEST_PREFIX) or " " in raw.strip():
        return None
    try:
        claims = tokens.read_guest_token(raw.strip())
        entry = overview_cache.cached_overview(claims.stay_id)
        if entry is None:
            return None
        tokens.check_stay_accepts_guest_token(entry.stay, claims)
    except tokens.InvalidToken:
        return None
    allowed, _ = count_request("guest", guest_ident(entry.stay_id))
    return entry.body if allowed else None


lane = FastLane(cached_body)
