"""Celery application: `celery -A mystay worker` and `celery -A mystay beat`.

The broker comes from CELERY_BROKER_URL (or REDIS_URL); with neither set tasks run eagerly.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")

app = Celery("mystay")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each app declares its periodic tasks in `<app>/schedule.py` as BEAT_SCHEDULE (a Celery beat dict).
SCHEDULE_APPS = ["stays", "payments", "keys", "spa", "ocr", "concierge", "integrations"]


@app.on_after_configure.connect
def _collect_beat_schedules(sender, **kwargs):
    import importlib

    for name in SCHEDULE_APPS:
        try:
            module = importlib.import_module(f"{name}.schedule")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.schedule":
                raise
            continue
        sender.conf.beat_schedule.update(getattr(module, "BEAT_SCHEDULE", {}))
