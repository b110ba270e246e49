"""Periodic tasks of the keys app (merged into Celery beat by mystay/celery.py)."""

from datetime import timedelta

BEAT_SCHEDULE = {
    "keys-expire-keys": {"task": "keys.expire_keys", "schedule": timedelta(minutes=15), "options": {"expires": 900}},
}
