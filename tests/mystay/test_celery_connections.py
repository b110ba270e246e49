"""Worker tasks get Django's per-request connection handling, not Celery's close-everything."""

from celery.fixups.django import DjangoWorkerFixup
from celery.signals import task_postrun, task_prerun

from mystay.celery import app


class _Request:
    def __init__(self, is_eager):
        self.is_eager = is_eager


class _Task:
    def __init__(self, is_eager):
        self.request = _Request(is_eager)


def test_each_task_closes_only_old_or_broken_connections(monkeypatch, settings):
    closed = []
    monkeypatch.setattr("django.db.close_old_connections", lambda: closed.append(1))
    task_prerun.send(sender=_Task(is_eager=False))
    task_postrun.send(sender=_Task(is_eager=False))
    assert closed == [1, 1]
    task_prerun.send(sender=_Task(is_eager=True))  # inside the caller's request: not ours to close
    assert closed == [1, 1]
    # Celery's own fixup no longer closes every connection (and Django's pool) around each task.
    assert DjangoWorkerFixup(app).db_reuse_max == settings.CELERY_DB_REUSE_MAX > 1
