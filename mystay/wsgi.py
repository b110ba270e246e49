"""WSGI entry point: the REST API and the admin in production (`scripts/serve web`, granian).

The realtime streams are ASGI (`scripts/serve realtime`): a stream held open here would take a
worker thread for its whole life, so the WSGI app refuses them with a pointer to the right server.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")
django_application = get_wsgi_application()

REALTIME_PREFIX = "/api/v1/realtime/"
_MISDIRECTED = (
    b'{"code":"realtime_not_served_here","message":"Realtime streams are served by the realtime (ASGI) '
    b'server; see README, Production process model."}'
)


def application(environ, start_response):
    if environ.get("PATH_INFO", "").startswith(REALTIME_PREFIX):
        start_response(
            "421 Misdirected Request",
            [("Content-Type", "application/json"), ("Content-Length", str(len(_MISDIRECTED)))],
        )
        return [_MISDIRECTED]
    return django_application(environ, start_response)
