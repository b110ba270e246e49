"""`GET /api/v1/stays/lookup` for stays this process has cached and the PMS answered for recently,
answered without running Django (the fast lane of mystay/wsgi_lanes.py).

A guest looks their stay up again and again (a new device, a new session, the app restarted), and
within the PMS freshness window the lookup needs neither the database nor the PMS: the stays that
carry the number are in this process's cache (stays/overview_cache.py), and the view's one Redis
round trip (LookupGuard: the client's counter, both failure counters and the stays' freshness
markers) says whether the PMS must be asked. This lane runs the view's own steps with the same
functions, in the same order: the client's address as the middleware reads it (trusted proxies
only), the guard, the query's validation, `lookup.lookup_stay` with the markers it read, and the
same rendering. It answers only a 200 that needed no vendor and no query:

- a query that does not validate, or a number this process does not know yet: Django answers
  (and counts the request) as usual;
- once the guard has counted the request, whatever comes next — a 429 from the guard, a stay to
  refresh from the PMS, a miss (404, counted as a failure by the view), an ended stay — is handed
  to Django with the guard's outcome in the environ (throttles.PRECHECKED), so the view does not
  count the request a second time.
"""

from __future__ import annotations

from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import QueryDict
from rest_framework.exceptions import Throttled

from mystay.api.throttles import PRECHECKED, LookupGuard
from mystay.client_address import client_address
from mystay.wsgi_lanes import FastLane
from stays import overview_cache
from stays.services import lookup

from . import serializers

PATH = "/api/v1/stays/lookup"


def answer(environ) -> bytes | None:
    try:
        params = QueryDict(get_bytes_from_wsgi(environ, "QUERY_STRING", ""))
        query = serializers.validate_lookup_query(params)
    except Exception:  # too many fields, bad encoding, invalid: Django answers, and says which
        return None
    confirmation = params.get("confirmation", "")  # as the view reads it
    markers = lookup.freshness_markers(confirmation)
    if not markers:
        return None
    try:
        guard = LookupGuard.check_client(client_address(environ), confirmation, flags=tuple(markers.values()))
    except Throttled as exc:
        environ[PRECHECKED] = exc
        return None
    environ[PRECHECKED] = guard
    try:
        fresh = {stay_id: guard.flags[key] for stay_id, key in markers.items()}
        result = lookup.lookup_query(query, fresh=fresh, pms=False)
    except Exception:  # a miss, an ended stay, the PMS needed, a dropped connection: Django answers
        return None
    return serializers.render_lookup_response(result, overview_cache.rendered_lookup_members(result.stay))


lane = FastLane(answer, query=True)
