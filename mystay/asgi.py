"""ASGI entry point (uvicorn mystay.asgi:application). ASGI lets server-sent-event streams stay
open without holding a worker thread each."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")
application = get_asgi_application()

from django.conf import settings  # noqa: E402  (after setup)

if settings.DEBUG:
    # Serve the admin's static files in development, as runserver would.
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    application = ASGIStaticFilesHandler(application)

# The realtime process holds a thousand streams in one event loop, and every full garbage
# collection scans every tracked object: with Django and every app's vendor SDK imported, a few
# hundred thousand objects that live as long as the process, which measured 270-350 ms per full
# collection, during which no stream receives anything (the SSE bench's p99). Frozen once the URL
# configuration has imported everything, they are out of the collector's sight; it still scans
# everything created afterwards (streams, requests) and collects it as before.
import gc  # noqa: E402

from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018  (every view, serializer and vendor SDK imported now, to be frozen)
gc.freeze()
# Each event wakes every stream: the objects in flight at a young collection (futures, contexts,
# frames) get promoted although they die soon after, and every ~36,000 promoted the collector
# scans the whole unfrozen heap (a thousand streams' coroutines: 170 ms on the SSE bench). Young
# collections every 50,000 allocations instead of 700 promote about seventy times fewer.
gc.set_threshold(50_000, 10, 10)
