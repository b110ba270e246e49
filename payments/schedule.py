from celery.schedules import crontab

BEAT_SCHEDULE = {
    "payments-review-aging-holds": {
        "task": "payments.review_aging_holds",
        "schedule": crontab(minute=17),  # hourly: a hold flagged 24 h ahead is seen by every shift
    },
}
