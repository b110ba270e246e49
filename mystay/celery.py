"""Celery application: `celery -A mystay worker` and `celery -A mystay beat`.

The broker comes from CELERY_BROKER_URL (or REDIS_URL); with neither set tasks run eagerly.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")

app = Celery("mystay")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
