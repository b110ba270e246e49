"""Celery application: `celery -A mystay worker` and `celery -A mystay beat`.

The broker comes from CELERY_BROKER_URL (or REDIS_URL); with neither set tasks run eagerly.
"""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

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


# Database connections in worker processes, per task as Django does per request.
# Celery's Django fixup closes every connection before and after each task, and with Django's
# psycopg pool it closes the whole pool (celery/celery#10554): each task then opened new
# PostgreSQL connections. CELERY_DB_REUSE_MAX (settings) stops that; these handlers give tasks
# Django's own request treatment instead: a connection that errored or is past its age is closed
# (returned to the pool), a healthy one is reused.
@task_prerun.connect(weak=False, dispatch_uid="mystay.task_prerun.db")
@task_postrun.connect(weak=False, dispatch_uid="mystay.task_postrun.db")
def _close_old_connections(sender=None, **kwargs):
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return  # an eager task runs inside the caller's request or transaction
    from django.db import close_old_connections

    close_old_connections()
