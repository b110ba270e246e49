"""Read queries on the outbox (admin, ops command, invitation beat)."""

from __future__ import annotations

from django.db.models import Count, Min
from django.utils import timezone

from .models import Notification


def outbox_status(*, hotel_id: int | None = None) -> dict:
    """Counts by status and the age of the oldest row still to deliver (pending, sending or failed)."""
    qs = Notification.objects.all()
    if hotel_id is not None:
        qs = qs.filter(hotel_id=hotel_id)
    counts = {status.value: 0 for status in Notification.Status}
    for row in qs.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    oldest = qs.filter(status__in=Notification.ACTIVE_STATUSES).aggregate(oldest=Min("created_at"))["oldest"]
    return {
        "counts": counts,
        "total": sum(counts.values()),
        "oldest_pending_age_seconds": round((timezone.now() - oldest).total_seconds(), 1) if oldest else None,
    }


def stay_ids_with_template(stay_ids, template: str) -> set[int]:
    """Which of these stays already have a notification from `template` (any channel, any status)."""
    return set(
        Notification.objects.filter(stay_id__in=list(stay_ids), template=template).values_list("stay_id", flat=True)
    )


def mask_recipient(channel: str, recipient: str) -> str:
    """Enough to recognise a recipient, not enough to read it off the screen."""
    value = recipient or ""
    if channel == Notification.Channel.EMAIL and "@" in value:
        local, domain = value.split("@", 1)
        return f"{local[:1]}•••@{domain}"
    if channel == Notification.Channel.SMS:
        digits = value.strip()
        return f"{digits[:3]}•••{digits[-2:]}" if len(digits) > 6 else "•••"
    return f"{value[:4]}…{value[-4:]}" if len(value) > 12 else "•••"
