"""Payment tasks: thin, idempotent wrappers around services."""

from celery import shared_task

from .services.holds import review_aging_holds


@shared_task(name="payments.review_aging_holds", acks_late=True, ignore_result=True)
def review_aging_holds_task():
    """Flag holds near the card issuer's ~7-day expiry (and re-authorize where hotels enabled it)."""
    return review_aging_holds()
