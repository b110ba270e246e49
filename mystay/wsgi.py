"""WSGI entry point: the REST API and the admin in production (`scripts/serve web`, granian).

The realtime streams are ASGI (`scripts/serve realtime`): a stream held open here would take a
worker thread for its whole life, so the WSGI app refuses them with a pointer to the right server.
"""

import os
import threading

from django.core.wsgi import get_wsgi_application

from mystay.wsgi_lanes import call_django, replayable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")
django_application = get_wsgi_application()

from stays.api import lookup_lane, overview_lane  # noqa: E402  (Django is set up by now)

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
        status, headers, body = call_django(django_application, environ, start_response)
        if status.startswith("200 ") and replayable(headers) is not None:
            with self._lock:
                self.kept = (status, headers, body)
        return [body]


liveness = Liveness()


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == overview_lane.PATH:
        return overview_lane.lane(environ, start_response, django_application)
    if path == lookup_lane.PATH:
        return lookup_lane.lane(environ, start_response, django_application)
    if path == LIVENESS_PATH and environ.get("REQUEST_METHOD") == "GET":
        return liveness(environ, start_response)
    if path.startswith(REALTIME_PREFIX):
        start_response(
            "421 Misdirected Request",
            [("Content-Type", "application/json"), ("Content-Length", str(len(_MISDIRECTED)))],
        )
        return [_MISDIRECTED]
    return django_application(environ, start_response)
