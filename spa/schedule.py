"""Periodic tasks of the spa (merged into Celery beat by mystay/celery.py)."""

from django.conf import settings

BEAT_SCHEDULE = {
    "spa-send-reminders": {
        "task": "spa.send_reminders",
        "schedule": float(settings.SPA_SWEEP_SECONDS),
        "options": {"expires": float(settings.SPA_SWEEP_SECONDS)},
    },
    "spa-reconcile-bookings": {
        "task": "spa.reconcile_bookings",
        "schedule": float(settings.SPA_SWEEP_SECONDS),
        "options": {"expires": float(settings.SPA_SWEEP_SECONDS)},
    },
}
