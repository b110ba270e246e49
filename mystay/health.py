"""Liveness (`/health`, touches nothing) and readiness (`/health/ready`: database, cache, broker)."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("mystay.health")

# Extra readiness checks registered by apps (e.g. integrations): name -> callable returning (ok, detail).
READINESS_CHECKS: dict = {}


@never_cache
@require_GET
def liveness(request):
    return JsonResponse({"status": "ok"})


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connection.vendor


def check_cache():
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        return False, "cache did not return what was written"
    cache.delete(key)
    return True, settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (tasks run in-process)"
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    return True, conn.transport_cls if isinstance(conn.transport_cls, str) else "connected"


CORE_CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


@never_cache
@require_GET
def readiness(request):
    checks = {}
    failing = []
    for name, check in {**CORE_CHECKS, **READINESS_CHECKS}.items():
        try:
            ok, detail = check()
        except Exception as exc:  # a readiness probe reports, it never raises
            ok, detail = False, exc.__class__.__name__
            logger.warning("Readiness check %s failed: %s", name, exc)
        checks[name] = {"ok": bool(ok), "detail": detail}
        if not ok:
            failing.append(name)
    if failing:
        body = {
            "status": "unavailable",
            "code": "dependency_unavailable",
            "message": f"Not ready: {', '.join(failing)} unavailable.",
            "failing": failing,
            "checks": checks,
        }
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok", "checks": checks})
