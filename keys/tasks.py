"""Celery tasks of the keys app: thin wrappers around services."""

from celery import shared_task


@shared_task(name="keys.follow_pms_change", ignore_result=True, acks_late=True)
def follow_pms_change(stay_id: int) -> None:
    """Move, extend or revoke a stay's key after the PMS changed it. Idempotent: a key already in
    step with the stay is left alone."""
    from stays.selectors import stays_with_relations

    from . import services

    stay = stays_with_relations().filter(pk=stay_id).first()
    if stay is not None:
        services.follow_pms_change(stay=stay)


@shared_task(name="keys.expire_keys", ignore_result=True)
def expire_keys() -> int:
    from . import services

    return services.expire_keys()
