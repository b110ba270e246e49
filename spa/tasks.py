"""Celery tasks of the spa: thin wrappers around services (idempotent)."""

from celery import shared_task


@shared_task(name="spa.send_reminders", ignore_result=True, acks_late=True)
def send_reminders() -> int:
    """Beat: remind guests of their treatment (each booking once, see spa.services.reminders)."""
    from spa.services.reminders import send_due_reminders

    return send_due_reminders()


@shared_task(name="spa.reconcile_bookings", ignore_result=True, acks_late=True)
def reconcile_bookings() -> int:
    """Beat: settle bookings the spa did not answer (confirmed if it has them, failed if not)."""
    from spa.services.bookings import reconcile_requested

    return reconcile_requested()
