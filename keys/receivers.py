"""Keys follow the PMS: when a sync or lookup refresh changes a stay's room, departure or status,
the stay's key is moved, extended or revoked (in a task, after the change is committed)."""

from django.dispatch import receiver

from stays.signals import reservation_changed


@receiver(reservation_changed)
def follow_reservation_change(sender, *, stay_id, changed=(), **kwargs):
    from .models import LIVE_STATUSES, DigitalKey
    from .tasks import follow_pms_change

    # Only stays that have a key need the task (most sync changes do not).
    if DigitalKey.objects.filter(stay_id=stay_id, status__in=LIVE_STATUSES).exists():
        follow_pms_change.delay(stay_id)
