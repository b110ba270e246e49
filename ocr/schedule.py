"""Periodic tasks of the ocr domain (merged into Celery beat by mystay/celery.py)."""

from celery.schedules import crontab
from django.conf import settings

BEAT_SCHEDULE = {
    "ocr-purge-identity-data": {
        "task": "ocr.purge_identity_data",
        "schedule": crontab(minute=23, hour=settings.OCR_PURGE_HOUR),  # nightly
    },
}
