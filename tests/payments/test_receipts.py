"""A completed payment enqueues the guest's receipt in the outbox, once per payment."""

from decimal import Decimal

import pytest

from integrations.notifications.models import Notification
from payments.models import Payment, PaymentKind, PaymentStatus
from payments.services import ledger

pytestmark = pytest.mark.django_db


def _tip(stay, status=PaymentStatus.SUCCEEDED):
    return Payment.objects.create(
        hotel=stay.hotel,
        stay=stay,
        kind=PaymentKind.TIP,
        amount=Decimal("20.00"),
        amount_authorized=Decimal("20.00"),
        amount_captured=Decimal("20.00"),
        currency="EUR",
        status=status,
        idempotency_key=f"test-tip-{stay.pk}",
    )


def test_receipt_is_written_with_the_ledger_row_and_only_once(stay):
    row = _tip(stay)
    ledger.enqueue_receipt(row)
    ledger.enqueue_receipt(row)  # a replayed webhook completing the same row again
    receipts = Notification.objects.filter(stay=stay, template="payment_receipt")
    assert receipts.count() == 1
    receipt = receipts.get()
    assert receipt.recipient == stay.guest.email
    assert receipt.context["amount"].startswith("20") and receipt.context["currency"] == "EUR"
    assert str(row.public_id) in receipt.dedupe_key
