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


def check_integrations():
    """Per hotel, the seed's health shape ({pms, payment, digital_key, spa, ocr, ai_concierge, timestamp}).

    Reported, not fatal: a vendor outage does not make this instance unready (lookups fall back to
    the local copy), so it is listed under `integrations` without turning the probe red.
    """
    from integrations.services import cached_health, configured_capabilities_down
    from stays.models import Hotel

    detail, healthy = {}, True
    for hotel in Hotel.objects.filter(is_active=True).only("pk", "code"):
        health = cached_health(hotel)
        down = configured_capabilities_down(hotel, health)
        detail[hotel.code] = {**health, "down": down}
        healthy = healthy and not down
    return healthy, detail


CORE_CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}
REPORTED_CHECKS = {"integrations": check_integrations}


@never_cache
@require_GET
def readiness(request):
    checks = {}
    failing = []
    for name, check in {**CORE_CHECKS, **REPORTED_CHECKS}.items():
        if name in REPORTED_CHECKS and failing:
            continue  # the database is down: integration health cannot be read either
        try:
            ok, detail = check()
        except Exception as exc:  # a readiness probe reports, it never raises
            ok, detail = False, exc.__class__.__name__
            logger.warning("Readiness check %s failed: %s", name, exc)
        checks[name] = {"ok": bool(ok), "detail": detail}
        if not ok and name in CORE_CHECKS:
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
