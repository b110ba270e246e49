"""The offline `mock` provider: the demo's whole payment journey with no network."""

from decimal import Decimal

import pytest

from payments.models import Payment, PaymentKind, PaymentStatus
from payments.services import holds, refunds

from .test_guest_api import tip

pytestmark = pytest.mark.django_db


def test_demo_guest_saves_a_card_and_tips_once(guest_api, stay, rsps):
    setup = guest_api.post("/api/v1/guest/payment-methods/setup").json()
    assert setup["provider"] == "mock" and setup["client_secret"].startswith("seti_mock_")
    cards = guest_api.get("/api/v1/guest/payment-methods").json()["results"]
    assert cards == [{"id": "pm_mock_visa", "brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2034}]
    first, second = tip(guest_api, key="demo"), tip(guest_api, key="demo")
    assert first.status_code == 201 and first.json() == second.json() and first.json()["status"] == "succeeded"
    assert Payment.objects.filter(kind=PaymentKind.TIP).count() == 1
    assert len(rsps.calls) == 0


def test_mock_declines_and_3ds_follow_stripe_test_cards(hotel):
    from integrations.manager import get_integration_manager
    from payments.exceptions import PaymentDeclined

    provider = get_integration_manager(hotel).get_payment()
    assert provider.name == "mock"
    with pytest.raises(PaymentDeclined):
        provider.process_tip(Decimal("5"), "EUR", "cus", "", "", payment_method_id="pm_card_chargeDeclined")
    three_ds = provider.process_tip(
        Decimal("5"), "EUR", "cus", "", "", payment_method_id="pm_card_threeDSecure2Required"
    )
    assert three_ds.status == "requires_action" and three_ds.client_secret
    again = provider.process_tip(Decimal("5"), "EUR", "cus", "", "", idempotency_key="k")
    assert again.id == provider.process_tip(Decimal("5"), "EUR", "cus", "", "", idempotency_key="k").id


def test_hold_capture_refund_offline(stay):
    from payments.services.customers import ensure_customer

    ensure_customer(stay=stay)
    hold = holds.create_hold(stay=stay, amount=Decimal("150"))
    assert hold.status == PaymentStatus.AUTHORIZED and hold.provider == "mock"
    holds.capture_hold(hold=hold, amount=Decimal("100"))
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.CAPTURED and hold.amount_captured == Decimal("100.00")
    refund = refunds.refund_payment(payment=hold, amount=Decimal("40"))
    hold.refresh_from_db()
    assert refund.status == PaymentStatus.SUCCEEDED and hold.amount_refunded == Decimal("40.00")
