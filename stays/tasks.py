"""Celery tasks of the stays domain: thin wrappers around services (idempotent, retry policy here)."""

import datetime as dt

from celery import shared_task

from stays.models import Hotel
from stays.services import pms_sync


@shared_task(name="stays.sync_pms_for_hotel", ignore_result=True, acks_late=True)
def sync_pms_for_hotel(hotel_id: int, day: str | None = None) -> None:
    """One hotel's PMS sync. Idempotent: a repeated run upserts the same rows. Provider failures are
    recorded on the run (not retried here: the next scheduled run is the retry)."""
    hotel = Hotel.objects.filter(pk=hotel_id, is_active=True).first()
    if hotel is not None:
        pms_sync.sync_hotel(hotel=hotel, day=dt.date.fromisoformat(day) if day else None)


@shared_task(name="stays.sync_pms_all_hotels", ignore_result=True)
def sync_pms_all_hotels() -> None:
    """Fan out: one task per active hotel with a PMS, so one slow PMS does not hold up the others."""
    for hotel in pms_sync.hotels_to_sync():
        sync_pms_for_hotel.delay(hotel.pk)


@shared_task(name="stays.send_checkin_invitations", ignore_result=True, acks_late=True)
def send_checkin_invitations() -> int:
    """Beat: queue the online check-in invitation of stays arriving within each hotel's lead time.
    Idempotent: one invitation per stay (dedupe key `checkin_invitation:<stay id>`)."""
    from stays.services.invitations import send_due_checkin_invitations

    return send_due_checkin_invitations()


@shared_task(name="stays.resume_waiting_checkins", ignore_result=True, acks_late=True)
def resume_waiting_checkins() -> int:
    """Beat: complete the check-ins that wait for a ready room (idempotent: done steps are skipped)."""
    from stays.services.checkin import resume_waiting_checkins as resume

    return resume()
