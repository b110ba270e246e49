"""Periodic tasks of the stays domain (merged into Celery beat by mystay/celery.py)."""

from datetime import timedelta

from django.conf import settings

BEAT_SCHEDULE = {
    "stays-sync-pms-all-hotels": {
        "task": "stays.sync_pms_all_hotels",
        "schedule": timedelta(minutes=settings.PMS_SYNC_INTERVAL_MINUTES),
        # A run that could not start before the next one is due is dropped rather than piled up.
        "options": {"expires": settings.PMS_SYNC_INTERVAL_MINUTES * 60},
    },
}

BEAT_SCHEDULE["stays-send-checkin-invitations"] = {
    "task": "stays.send_checkin_invitations",
    "schedule": timedelta(seconds=settings.CHECKIN_INVITATION_SWEEP_SECONDS),
    "options": {"expires": settings.CHECKIN_INVITATION_SWEEP_SECONDS},
}

BEAT_SCHEDULE["stays-resume-waiting-checkins"] = {
    "task": "stays.resume_waiting_checkins",
    "schedule": timedelta(minutes=2),
    "options": {"expires": 120},
}
