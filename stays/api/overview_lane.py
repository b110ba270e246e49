"""`GET /api/v1/guest/stay` for a stay this process has cached, answered without running Django.

The guest app polls its stay overview far more than anything else, and once the overview is in the
process's cache (stays/overview_cache.py: rendered once per change, dropped the moment PostgreSQL
says the stay, its guest, hotel or room changed) what is left of a request is Django's machinery:
the middleware chain, URL resolution, DRF's request wrapping and negotiation — several times the
cost of the work itself. On the WSGI server (`scripts/serve web`) this lane answers the plain case
with exactly the checks the view makes, in the same order and with the same functions:

1. the bearer token is a guest token whose signature and expiry hold (tokens.read_guest_token);
2. its stay is in this process's cache, whose listener is live (overview_cache.cached_overview);
3. the stay still accepts the token: same hotel, not ended, not signed out
   (tokens.check_stay_accepts_guest_token);
4. the stay's guest throttle admits one more request (the same counter as GuestThrottle, one
   Redis round trip; counters in process memory when Redis is down, as for the view).

and answers with the cached body and the headers Django gave to the same kind of request (its
security headers, CSP, cache policy and content type: mystay.wsgi_replay). Anything else goes to
Django, which answers as it always does: a request with a query string or a body, another
method, a token that fails a check (401), a stay not cached yet (Django loads and caches it), a
request of a kind (host, scheme, Accept) Django has not answered with a 200 yet in this process.
A throttled request also goes to Django, whose throttle counts it once more and answers the 429:
the window's end does not move, only a count already over the limit grows.

`GUEST_STAY_FAST_LANE=false` turns the lane off (every request through Django).
"""

from __future__ import annotations

import threading

from django.conf import settings

from mystay.api.throttles import count_request, guest_ident
from mystay.wsgi_replay import call_django, replayable
from stays import overview_cache
from stays.services import tokens

PATH = "/api/v1/guest/stay"
# What, besides the token and the stay, decides Django's answer and its headers: the host (allowed
# hosts), the scheme and the proxy's forwarded values (HTTPS redirect, HSTS), and Accept (406).
_VARIANT_KEYS = (
    "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_SSL", "HTTP_ACCEPT",
)  # fmt: skip
# Kinds of request kept per process: a client sending a new Accept on every request gets Django.
MAX_VARIANTS = 64


def _variant(environ) -> tuple | None:
    """The request's kind, or None when it is not a plain GET without query string or body."""
    if environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING"):
        return None
    if environ.get("CONTENT_LENGTH") not in (None, "", "0") or "HTTP_TRANSFER_ENCODING" in environ:
        return None
    return tuple(environ.get(key) for key in _VARIANT_KEYS)


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


class GuestStayLane:
    def __init__(self):
        self._lock = threading.Lock()
        self.headers: dict[tuple, list] = {}  # request kind -> Django's 200 headers, without length

    def __call__(self, environ, start_response, django_app):
        variant = _variant(environ) if settings.GUEST_STAY_FAST_LANE else None
        headers = self.headers.get(variant) if variant is not None else None
        if headers is not None:
            body = cached_body(environ)
            if body is not None:
                start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
                return [body]
        status, answered, body = call_django(django_app, environ, start_response)
        if variant is not None and headers is None and status.startswith("200 "):
            kept = replayable(answered)
            with self._lock:
                if kept is not None and len(self.headers) < MAX_VARIANTS:
                    self.headers[variant] = kept
        return [body]


lane = GuestStayLane()
