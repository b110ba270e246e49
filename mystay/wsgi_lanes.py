"""Fast lanes: the plain case of a hot endpoint answered at the WSGI layer, with Django's headers.

The guest app's hottest requests (its stay overview, the lookup of a stay already in the process's
cache) cost far less than Django's machinery around them: the middleware chain, URL resolution,
DRF's request wrapping and negotiation. On the WSGI server (`scripts/serve web`) a lane answers
such a request itself, through the same services and checks as the view, and hands every other
case to Django untouched: errors, throttled requests, anything that needs the database or a vendor.

A lane answers with the headers Django gave to the same kind of request (same host, scheme,
forwarded values and Accept: what, besides the request's own data, decides Django's answer), kept
from Django's first 200 for that kind in this process, so the security headers, the CSP, the cache
policy and the content type stay those the middleware sets. Until Django has answered a kind of
request with a 200, the lane sends that kind to Django. `API_FAST_LANES=false` turns them off.

`mystay/wsgi.py`'s liveness probe replays Django's whole answer the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.conf import settings

CONTENT_LENGTH = "content-length"
# What, besides the request's own data, decides Django's answer and its headers: the host (allowed
# hosts), the scheme and the proxy's forwarded values (HTTPS redirect, HSTS), and Accept (406).
_VARIANT_KEYS = (
    "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_SSL", "HTTP_ACCEPT",
)  # fmt: skip
# Kinds of request kept per lane and process: a client sending a new Accept each time gets Django.
MAX_VARIANTS = 64


def call_django(app: Callable, environ: dict, start_response: Callable) -> tuple[str, list, bytes]:
    """Run `app` for this request, pass its answer on through `start_response`, and return the
    status, the headers and the whole body (a fast path's candidate answers are small)."""
    captured: dict = {}

    def capture(status, headers, exc_info=None):
        captured.update(status=status, headers=list(headers))
        return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

    response = app(environ, capture)
    try:
        body = b"".join(response)
    finally:
        if hasattr(response, "close"):
            response.close()
    return captured.get("status", ""), captured.get("headers", []), body


def replayable(headers: list) -> list | None:
    """The headers to replay with another body of the same kind (everything but Content-Length), or
    None when the answer set a cookie: a cookie belongs to the one client it was given to."""
    if any(name.lower() == "set-cookie" for name, _ in headers):
        return None
    return [(name, value) for name, value in headers if name.lower() != CONTENT_LENGTH]


def _variant(environ, *, query: bool) -> tuple | None:
    """The request's kind, or None when it is not a plain GET without a body (nor a query string,
    unless the endpoint takes one)."""
    if environ.get("REQUEST_METHOD") != "GET" or (environ.get("QUERY_STRING") and not query):
        return None
    if environ.get("CONTENT_LENGTH") not in (None, "", "0") or "HTTP_TRANSFER_ENCODING" in environ:
        return None
    return tuple(environ.get(key) for key in _VARIANT_KEYS)


class FastLane:
    """`answer(environ)` gives the body of a 200 for the plain case, or None: then Django answers
    (it may leave Django what it already did in the environ, e.g. a throttle's outcome)."""

    def __init__(self, answer: Callable[[dict], bytes | None], *, query: bool = False):
        self.answer = answer
        self.query = query
        self._lock = threading.Lock()
        self.headers: dict[tuple, list] = {}  # kind of request -> Django's 200 headers, without length

    def __call__(self, environ, start_response, django_app):
        variant = _variant(environ, query=self.query) if settings.API_FAST_LANES else None
        headers = self.headers.get(variant) if variant is not None else None
        if headers is not None:
            body = self.answer(environ)
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
