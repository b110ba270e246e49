"""Running the Django WSGI app while keeping what it answered (status, headers, body).

The WSGI-level fast paths (mystay/wsgi.py: liveness; stays/api/overview_lane.py: the guest's stay)
answer some requests without running Django, and they answer with Django's own headers: they keep
the headers of an answer Django gave to the same kind of request, so that the security headers,
the cache policy and the content type stay those of the middleware that sets them.
"""

from __future__ import annotations

from collections.abc import Callable

CONTENT_LENGTH = "content-length"


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
