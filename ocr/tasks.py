from celery import shared_task

from . import selectors, services


@shared_task(name="ocr.purge_identity_data")
def purge_identity_data() -> int:
    """Beat: erase identity data past each hotel's retention period (see purge_identity_data)."""
    return services.purge_documents(selectors.documents_due_for_purge())
