"""Keys follow the stay: when a PMS sync or lookup refresh changes a stay's room, departure or
status, or a stay is cancelled / checked out elsewhere, the stay's key is moved, extended or revoked
(in a task, after the change is committed)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from stays.signals import reservation_changed


@receiver(reservation_changed)
def follow_reservation_change(sender, *, stay_id, changed=(), **kwargs):
    from .models import LIVE_STATUSES, DigitalKey
    from .tasks import follow_pms_change

    # Only stays that have a key need the task (most sync changes do not).
    if DigitalKey.objects.filter(stay_id=stay_id, status__in=LIVE_STATUSES).exists():
        follow_pms_change.delay(stay_id)


@receiver(post_save, sender="stays.Stay")
def revoke_keys_of_ended_stay(sender, instance, raw=False, **kwargs):
    """A stay cancelled or checked out by any other path (the admin's stay form, a shell) loses its
    keys too, after commit."""
    from .models import LIVE_STATUSES, DigitalKey
    from .services import ENDED_STAY_STATUSES
    from .tasks import follow_pms_change

    if raw or instance.status not in ENDED_STAY_STATUSES:
        return
    if DigitalKey.objects.filter(stay_id=instance.pk, status__in=LIVE_STATUSES).exists():
        stay_id = instance.pk
        transaction.on_commit(lambda: follow_pms_change.delay(stay_id))
