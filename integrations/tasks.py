"""Celery tasks of the integrations app: thin wrappers around the outbox services.

Delivery is acknowledged late (a worker that dies mid-task leaves the message to be redelivered) and
idempotent (the claim skips a row that is sent, dead, not due or leased), so a redelivered or
duplicated message never sends twice. Retries are not Celery retries: the row records its next
attempt and the delivery service queues it, with the sweep as the safety net.
"""

from celery import shared_task
from django.conf import settings

from .notifications import services

DELIVERY_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": True,
    # Stop a stuck send well before the lease runs out and another worker may take the row over.
    "soft_time_limit": max(1, int(settings.NOTIFICATION_LEASE_SECONDS * 0.5)),
    "time_limit": max(2, int(settings.NOTIFICATION_LEASE_SECONDS * 0.8)),
}


@shared_task(name="integrations.deliver_notification", **DELIVERY_TASK_OPTIONS)
def deliver_notification(notification_id: int) -> str:
    return services.deliver(notification_id)


@shared_task(name="integrations.deliver_notifications", **DELIVERY_TASK_OPTIONS)
def deliver_notifications(notification_ids: list[int]) -> dict:
    """A batch of rows (one transaction's notifications, or a sweep's): see services.deliver_many."""
    return services.deliver_many(notification_ids)


@shared_task(name="integrations.sweep_outbox", acks_late=True, ignore_result=True, expires=60)
def sweep_outbox() -> int:
    return services.sweep()


@shared_task(name="integrations.purge_realtime_events", ignore_result=True, expires=3600)
def purge_realtime_events() -> int:
    from .realtime import purge_old_events

    return purge_old_events()
