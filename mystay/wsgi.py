"""WSGI entry point: the REST API and the admin in production (`scripts/serve web`, granian).

The realtime streams are ASGI (`scripts/serve realtime`): a stream held open here would take a
worker thread for its whole life, so the WSGI app refuses them with a pointer to the right server.
"""

import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")
django_application = get_wsgi_application()

REALTIME_PREFIX = "/api/v1/realtime/"
LIVENESS_PATH = "/health"
_MISDIRECTED = (
    b'{"code":"realtime_not_served_here","message":"Realtime streams are served by the realtime (ASGI) '
    b'server; see README, Production process model."}'
)


class Liveness:
    """`GET /health` answered without running Django for every probe.

    Liveness says only "this process answers" (it touches nothing: mystay.health.liveness), yet
    load balancers call it many times a second on every process. The first 200 that Django gives for
    it is kept (status, headers and body, so the security and cache headers stay Django's own) and
    replayed afterwards; anything else (another method, an error) always goes through Django.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.kept: tuple[str, list, bytes] | None = None

    def __call__(self, environ, start_response):
        if self.kept is not None:
            status, headers, body = self.kept
            start_response(status, list(headers))
            return [body]
        captured = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=list(headers))
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        response = django_application(environ, capture)
        try:
            body = b"".join(response)
        finally:
            if hasattr(response, "close"):
                response.close()
        if captured.get("status", "").startswith("200 "):
            with self._lock:
                self.kept = (captured["status"], captured["headers"], body)
        return [body]


liveness = Liveness()


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == LIVENESS_PATH and environ.get("REQUEST_METHOD") == "GET":
        return liveness(environ, start_response)
    if path.startswith(REALTIME_PREFIX):
        start_response(
            "421 Misdirected Request",
            [("Content-Type", "application/json"), ("Content-Length", str(len(_MISDIRECTED)))],
        )
        return [_MISDIRECTED]
    return django_application(environ, start_response)
