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
