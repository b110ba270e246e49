"""Periodic tasks of the integrations app (merged into the beat schedule by mystay.celery)."""

from django.conf import settings

BEAT_SCHEDULE = {
    "integrations.sweep_outbox": {
        "task": "integrations.sweep_outbox",
        "schedule": float(settings.NOTIFICATION_SWEEP_SECONDS),
        "options": {"expires": float(settings.NOTIFICATION_SWEEP_SECONDS)},
    },
    "integrations.purge_realtime_events": {"task": "integrations.purge_realtime_events", "schedule": 3600.0},
}
